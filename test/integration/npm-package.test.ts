// The package as a user gets it: `npm pack` of the built tree, `npm install -g` of that tarball into a scratch prefix
// (preferring the npm cache `npm ci` filled; better-sqlite3 compiled from source as the repository's .npmrc asks),
// and the installed `openkms serve`, started outside the repository, answering a SigV4-signed request.
// (Needs `npm run build`; takes a minute or two for the native build.)

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { spawn } from 'node:child_process';
import { KMSClient, CreateKeyCommand, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';
import { freePort } from '../support/openkms-process.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'openkms-package-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const repository = resolve('.');
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

test('npm pack, npm install -g of the tarball, and the installed openkms serves a signed request', { timeout: 540_000 }, async () => {
  assert.ok(existsSync('dist/cli/main.js'), 'dist/ is missing: run `npm run build` first');
  // --ignore-scripts: the tree is built already (prepack would build it again).
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: repository, maxBuffer: 16 << 20 });
  const [manifest] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const files = manifest!.files.map((file) => file.path);
  for (const expected of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'dist/cli/main.js']) assert.ok(files.includes(expected), `the tarball lacks ${expected}`);
  assert.deepEqual(files.filter((path) => /^(src|test|bench|scripts|console)\//.test(path) || path.endsWith('.map') || path.includes('test')), []);

  const prefix = join(scratch, 'prefix');
  const tarball = join(scratch, manifest!.filename);
  await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: scratch,
    env: { ...process.env, npm_config_build_from_source: 'true' },
    maxBuffer: 16 << 20,
    timeout: 480_000,
  });
  const bin = join(prefix, 'bin', 'openkms');
  assert.ok(existsSync(bin), `npm install -g made no ${bin}`);
  assert.equal((await run(bin, ['--version'], { cwd: scratch })).stdout.trim(), version);

  const port = await freePort();
  const credentials = { accessKeyId: 'AKIAOPENKMSPACKAGE01', secretAccessKey: 'openkms-package-test-secret' };
  const server = spawn(bin, ['serve', '--port', String(port), '--data-dir', join(scratch, 'data'), '--log-level', 'warn'], {
    cwd: scratch,
    env: { ...process.env, OPENKMS_ACCESS_KEY_ID: credentials.accessKeyId, OPENKMS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => server.once('exit', (code) => resolveExit(code)));
  try {
    for (const begun = Date.now(); !/openkms listening on/.test(output); await new Promise((r) => setTimeout(r, 100))) {
      assert.ok(Date.now() - begun < 20_000, `the installed openkms did not start: ${output}`);
      assert.equal(server.exitCode, null, `the installed openkms exited: ${output}`);
    }
    const kms = new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, maxAttempts: 1 });
    const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('from the package') }));
    assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString(), 'from the package');
    kms.destroy();
  } finally {
    server.kill('SIGTERM');
    assert.equal(await exited, 0, output);
  }
});
