// HTTPS with --tls-cert/--tls-key: a scratch CA and server certificate made by `openssl`, the SDK and the `aws` CLI
// (--ca-bundle) talking to openkms over TLS, the console and /health on the same port, a new certificate taken on
// reload (SIGHUP in `openkms serve`), and what the listener refuses: plain HTTP, TLS 1.1, a key of another certificate.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_REGION, type TestServer } from '../support/test-server.js';
import { awsCli, runCommand } from '../support/command-line.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function openssl(args: string[]): Promise<void> {
  const result = await runCommand('openssl', args, process.env);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** A CA (ca-NAME.pem) and a server certificate it signs for 127.0.0.1 and localhost (server-NAME.pem, its key). */
async function makeCa(name: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = join(dir, `ca-${name}.pem`);
  const caKey = join(dir, `ca-${name}.key`);
  const key = join(dir, `server-${name}.key`);
  const csr = join(dir, `server-${name}.csr`);
  const cert = join(dir, `server-${name}.pem`);
  const ext = join(dir, `server-${name}.ext`);
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', `/CN=openkms test CA ${name}`]);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { ca, cert, key };
}

function sdkClient(url: string, ca: Buffer | string): KMSClient {
  return new KMSClient({
    endpoint: url,
    region: TEST_REGION,
    credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca, keepAlive: false }) }),
  });
}

/** GET over HTTPS trusting `ca`; resolves with the status, or rejects with the TLS error. */
function getWith(url: string, ca: Buffer | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  let first: { ca: string; cert: string; key: string };
  let second: { ca: string; cert: string; key: string };
  let live: { cert: string; key: string };
  let server: TestServer;
  let caPem: Buffer;
  before(async () => {
    first = await makeCa('one');
    second = await makeCa('two');
    // The server reads the files at these paths; the reload test writes the second pair over them.
    live = { cert: join(dir, 'live-cert.pem'), key: join(dir, 'live-key.pem') };
    const { readFileSync } = await import('node:fs');
    writeFileSync(live.cert, readFileSync(first.cert));
    writeFileSync(live.key, readFileSync(first.key));
    caPem = readFileSync(first.ca);
    server = await startTestServer({ tls: { certFile: live.cert, keyFile: live.key } });
  });
  after(() => server.cleanup());

  test('the server URL is https and the SDK encrypts and decrypts over it', async () => {
    assert.match(server.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const kms = sdkClient(server.server.url, caPem);
    try {
      const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('over tls') }));
      const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
      assert.equal(Buffer.from(Plaintext!).toString(), 'over tls');
    } finally {
      kms.destroy();
    }
  });

  test('the aws CLI works with --ca-bundle, and refuses the server without it', async () => {
    const listed = await awsCli(['kms', 'list-keys', '--endpoint-url', server.server.url, '--ca-bundle', first.ca, '--output', 'json']);
    assert.ok(Array.isArray((JSON.parse(listed) as { Keys: unknown[] }).Keys));
    const untrusted = await runCommand('aws', ['kms', 'list-keys', '--endpoint-url', server.server.url, '--cli-connect-timeout', '5'], {
      ...process.env,
      AWS_ACCESS_KEY_ID: ADMIN_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: ADMIN_SECRET_ACCESS_KEY,
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    });
    assert.notEqual(untrusted.status, 0);
    assert.match(untrusted.stderr, /SSL|certificate/i);
  });

  test('/health and the console are on the same HTTPS port', async () => {
    assert.equal(await getWith(`${server.server.url}/health`, caPem), 200);
    // 200 with a built console, 404 (saying to build it) without: either way it is answered over TLS.
    assert.ok([200, 404].includes(await getWith(`${server.server.url}/console`, caPem)));
  });

  test('plain HTTP on the TLS port gets no answer, and TLS 1.1 is refused', async () => {
    const port = server.server.address.port;
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    assert.doesNotMatch(answer, /"status":"ok"/);
    const old = await runCommand('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_1', '-CAfile', first.ca], process.env);
    assert.notEqual(old.status, 0, 'a TLS 1.1 handshake succeeded');
  });

  test('a reload takes the new certificate for new connections; a pair that does not fit is refused and the old one kept', async () => {
    const { readFileSync } = await import('node:fs');
    const secondCa = readFileSync(second.ca);
    // A key of another certificate: refused, the first certificate stays.
    writeFileSync(live.cert, readFileSync(second.cert));
    assert.throws(() => server.server.reloadTls(), /is not the private key of/);
    assert.equal(await getWith(`${server.server.url}/health`, caPem), 200);
    writeFileSync(live.key, readFileSync(second.key));
    server.server.reloadTls();
    assert.equal(await getWith(`${server.server.url}/health`, secondCa), 200);
    await assert.rejects(getWith(`${server.server.url}/health`, caPem), /self[- ]signed|unable to verify|certificate/i);
    const kms = sdkClient(server.server.url, secondCa);
    try {
      assert.ok((await kms.send(new ListKeysCommand({}))).Keys);
    } finally {
      kms.destroy();
    }
  });
});

describe('TLS files that cannot serve stop the start with one line', () => {
  test('a missing file, a file that is not PEM, and a key of another certificate', async () => {
    const pair = await makeCa('three');
    const other = await makeCa('four');
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const cases: [{ certFile: string; keyFile: string }, RegExp][] = [
      [{ certFile: join(dir, 'absent.pem'), keyFile: pair.key }, /^TLS: cannot read the certificate .*absent\.pem: no such file$/],
      [{ certFile: notPem, keyFile: pair.key }, /^TLS: .*not\.pem holds no PEM certificate$/],
      [{ certFile: pair.cert, keyFile: notPem }, /^TLS: .*not\.pem holds no PEM private key/],
      [{ certFile: pair.cert, keyFile: other.key }, /is not the private key of/],
    ];
    for (const [tls, message] of cases) {
      const dataDir = mkdtempSync(join(dir, 'data-'));
      await assert.rejects(startTestServer({ dataDir, tls }), (error: Error) => message.test(error.message));
    }
  });
});
