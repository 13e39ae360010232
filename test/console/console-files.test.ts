// The console's files as an attacker would ask for them, over raw HTTP against a real openkms serving a console folder
// made by the test: traversal in every spelling, symlinks out of the folder, methods other than GET and HEAD, huge
// paths, absolute-form request lines; and a server without a built console, which answers 404 and keeps serving the API.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { spawnOpenkms } from '../support/openkms-process.js';
import { awsError, startTestServer, type TestServer } from '../support/test-server.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-CONSOLE-FOLDER';
const INDEX = '<!doctype html><title>console index</title><div id="root"></div>';
const SCRIPT = 'console.log("app");';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with the path sent exactly as given (node's client does not normalise it, unlike fetch). */
function send(url: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer & { bytes: Buffer }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers: { ...(body ? { 'content-type': 'text/plain' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw bytes on a socket, for request lines no HTTP client would send. */
function sendRaw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('a built console', () => {
  let t: TestServer;
  let root: string;
  let consoleDir: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'openkms-console-files-'));
    consoleDir = join(root, 'console');
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(join(root, 'secret.txt'), SECRET);
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.txt'), SECRET);
    writeFileSync(join(consoleDir, 'index.html'), INDEX);
    writeFileSync(join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(consoleDir, 'assets', 'index-Ab12Cd.js'), SCRIPT);
    writeFileSync(join(consoleDir, 'assets', 'index-Ab12Cd.css'), 'body{}');
    writeFileSync(join(consoleDir, 'late.txt'), 'replaced by a symlink before its first request');
    symlinkSync(join(root, 'secret.txt'), join(consoleDir, 'leak.txt'));
    symlinkSync(join(root, 'outside'), join(consoleDir, 'assets', 'leak-dir'));
    t = await startTestServer({ consoleDir });
  });
  after(async () => {
    await t.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  test('/console, /console/ and unknown pages below it serve index.html with the security headers', async () => {
    for (const path of ['/console', '/console/', '/console/keys', '/console/keys/1234abcd-12ab-34cd-56ef-1234567890ab/import', '/console/keys/?x=1']) {
      const answer = await send(t.server.url, 'GET', path);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.body, INDEX, path);
      assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(answer.headers['cache-control'], 'no-cache');
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['x-frame-options'], 'DENY');
      assert.equal(answer.headers['referrer-policy'], 'no-referrer');
      const csp = String(answer.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self';/);
      assert.match(csp, /connect-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    }
  });

  test('hashed assets get their content type and a year of caching; other files are revalidated', async () => {
    const script = await send(t.server.url, 'GET', '/console/assets/index-Ab12Cd.js');
    assert.equal(script.status, 200);
    assert.equal(script.body, SCRIPT);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    const style = await send(t.server.url, 'GET', '/console/assets/index-Ab12Cd.css');
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8');
    const icon = await send(t.server.url, 'GET', '/console/favicon.svg');
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  test('text files are sent gzip-compressed to clients that accept gzip, and as they are to the others', async () => {
    const gzipped = await send(t.server.url, 'GET', '/console/assets/index-Ab12Cd.js', undefined, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.headers.vary, 'accept-encoding');
    assert.equal(gunzipSync(gzipped.bytes).toString('utf8'), SCRIPT);
    for (const refusing of [undefined, 'identity', 'gzip;q=0', 'deflate, gzip; q=0.0', 'br']) {
      const plain = await send(t.server.url, 'GET', '/console/assets/index-Ab12Cd.js', undefined, refusing ? { 'accept-encoding': refusing } : {});
      assert.equal(plain.headers['content-encoding'], undefined, String(refusing));
      assert.equal(plain.body, SCRIPT, String(refusing));
      assert.equal(plain.headers.vary, 'accept-encoding');
    }
    const weighted = await send(t.server.url, 'GET', '/console/', undefined, { 'accept-encoding': 'br;q=1.0, GZIP;q=0.5' });
    assert.equal(weighted.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(weighted.bytes).toString('utf8'), INDEX);
    const head = await send(t.server.url, 'HEAD', '/console/assets/index-Ab12Cd.js', undefined, { 'accept-encoding': 'gzip' });
    assert.equal(head.headers['content-length'], gzipped.headers['content-length']);
  });

  test('HEAD answers the headers of GET without a body', async () => {
    const answer = await send(t.server.url, 'HEAD', '/console/assets/index-Ab12Cd.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
    assert.equal(answer.headers['content-length'], String(Buffer.byteLength(SCRIPT)));
  });

  test('methods other than GET and HEAD are refused with 405 and change nothing', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const answer = await send(t.server.url, method, '/console/index.html', 'overwritten');
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.allow, 'GET, HEAD');
      assert.deepEqual(JSON.parse(answer.body), { message: 'The console answers GET and HEAD only.' });
    }
    assert.equal((await send(t.server.url, 'GET', '/console/index.html')).body, INDEX);
  });

  test('traversal out of the folder is refused in every spelling, and never shows the file', async () => {
    const paths = [
      '/console/../secret.txt',
      '/console/assets/../../secret.txt',
      '/console/%2e%2e/secret.txt',
      '/console/%2E%2E/secret.txt',
      '/console/.%2e/secret.txt',
      '/console/%2e%2e%2fsecret.txt',
      '/console/..%2fsecret.txt',
      '/console/..%2Fsecret.txt',
      '/console/assets/..%2f..%2fsecret.txt',
      '/console/..%5csecret.txt',
      '/console/..\\secret.txt',
      '/console/%252e%252e/secret.txt',
      '/console/%c0%ae%c0%ae/secret.txt',
      '/console//etc/passwd',
      `/console/${encodeURIComponent(join(root, 'secret.txt'))}`,
      '/console/%00',
      '/console/index.html%00.js',
      '/console/./index.html',
    ];
    for (const path of paths) {
      const answer = await send(t.server.url, 'GET', path);
      assert.ok(!answer.body.includes(SECRET), path);
      assert.ok(!answer.body.includes('root:'), path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers['content-type'], 'application/json', path);
    }
  });

  test('an absolute-form request line does not reach the files', async () => {
    const answer = await sendRaw(t.server.url, `GET http://127.0.0.1/console/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 4\d\d /);
    assert.ok(!answer.includes(SECRET));
  });

  test('a symlink in the folder, to a file or a folder outside it, is not served', async () => {
    for (const path of ['/console/leak.txt', '/console/assets/leak-dir/secret.txt']) {
      const answer = await send(t.server.url, 'GET', path);
      assert.equal(answer.status, 404, path);
      assert.ok(!answer.body.includes(SECRET), path);
    }
  });

  test('a file replaced by a symlink after the server started is not followed', async () => {
    unlinkSync(join(consoleDir, 'late.txt'));
    symlinkSync(join(root, 'secret.txt'), join(consoleDir, 'late.txt'));
    const answer = await send(t.server.url, 'GET', '/console/late.txt');
    assert.equal(answer.status, 404);
    assert.ok(!answer.body.includes(SECRET));
  });

  test('a folder is not listed: it is a page path and gets index.html', async () => {
    for (const path of ['/console/assets', '/console/assets/']) {
      const answer = await send(t.server.url, 'GET', path);
      assert.equal(answer.status, 200);
      assert.equal(answer.body, INDEX);
      assert.ok(!answer.body.includes('index-Ab12Cd'));
    }
  });

  test('a missing file (a path with an extension) is a 404, not index.html', async () => {
    const answer = await send(t.server.url, 'GET', '/console/assets/index-missing.js');
    assert.equal(answer.status, 404);
    assert.deepEqual(JSON.parse(answer.body), { message: 'No such file in the console.' });
  });

  test('huge paths are refused without a crash, and the API still answers after all of this', async () => {
    const long = await send(t.server.url, 'GET', `/console/${'a/'.repeat(5000)}`);
    assert.equal(long.status, 404);
    const tooLong = await send(t.server.url, 'GET', `/console/${'a'.repeat(20_000)}`);
    assert.equal(tooLong.status, 431);
    const keys = await t.kms.send(new ListKeysCommand({}));
    assert.deepEqual(keys.Keys, []);
  });

  test('paths that only start like /console are the API\'s, not the console\'s', async () => {
    const answer = await send(t.server.url, 'GET', '/consolex');
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body).__type, 'UnknownOperationException');
  });
});

describe('a server without a built console', () => {
  let t: TestServer;
  let empty: string;
  before(async () => {
    empty = mkdtempSync(join(tmpdir(), 'openkms-no-console-'));
    t = await startTestServer({ consoleDir: join(empty, 'missing') });
  });
  after(async () => {
    await t.cleanup();
    rmSync(empty, { recursive: true, force: true });
  });

  test('answers /console with a 404 JSON error saying how to build it, and keeps serving the API', async () => {
    for (const path of ['/console', '/console/', '/console/keys', '/console/assets/x.js']) {
      const answer = await send(t.server.url, 'GET', path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(answer.body), { message: 'The web console is not built: run `npm run build` and start openkms again.' });
    }
    assert.deepEqual((await t.kms.send(new ListKeysCommand({}))).Keys, []);
    const refused = await awsError(t.clientFor({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(new ListKeysCommand({})));
    assert.equal(refused.name, 'UnrecognizedClientException');
  });
});

test('the built openkms command serves the console it was built with, from dist/console/', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-console-cli-'));
  const server = spawnOpenkms(['serve', '--port', '0', '--data-dir', join(dataDir, 'data')]);
  try {
    await server.waitForOutput(/openkms listening on http:\/\/\S+/, 20_000);
    const url = /listening on (http:\/\/\S+)/.exec(server.output())![1]!;
    const index = await send(url, 'GET', '/console/');
    assert.equal(index.status, 200, 'run `npm run build` before this test: it needs dist/console/');
    assert.match(index.body, /<script type="module" crossorigin src="\/console\/assets\/index-[\w-]+\.js"><\/script>/);
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index.body)![1]!;
    const asset = await send(url, 'GET', script);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers['content-type'], 'text/javascript; charset=utf-8');
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
});
