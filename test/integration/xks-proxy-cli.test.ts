// `openkms xks-proxy` as an operator runs it (the built command, after `npm run build`): strict arguments, keys made
// and changed with `keys ...` while the proxy runs (seen without a restart), credentials rotated through the watched
// credentials file and SIGHUP, TLS and mTLS from files, and the same on a SoftHSM2 token.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFileSync } from 'node:fs';
import { runCommand } from '../support/command-line.js';
import { runOpenkms } from '../support/openkms-cli.js';
import { freePort, spawnOpenkms, type OpenkmsProcess } from '../support/openkms-process.js';
import { ScratchCa } from '../support/openssl-ca.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { cryptoMetadata, xksCall, type XksCredential } from '../support/xks-signed-call.js';

const PREFIX = '/example/uri/path/prefix';
const URI_PATH = `${PREFIX}/kms/xks/v1`;
const A: XksCredential = { accessKeyId: 'CLICREDENTIALAAAAAAAA', secretAccessKey: 'Q2xpLXRlc3Qtc2VjcmV0LW9mLWF0LWxlYXN0LTQzLWNoYXJz' };
const B: XksCredential = { accessKeyId: 'CLICREDENTIALBBBBBBBB', secretAccessKey: 'U2Vjb25kLWNsaS10ZXN0LXNlY3JldC1vZi00My1jaGFycyE=' };
const ENV_CREDENTIAL = { XKS_PROXY_ACCESS_KEY_ID: A.accessKeyId, XKS_PROXY_SECRET_ACCESS_KEY: A.secretAccessKey };

const scratch = mkdtempSync(join(tmpdir(), 'openkms-xks-cli-'));
const running: OpenkmsProcess[] = [];
after(async () => {
  for (const proxy of running) {
    proxy.child.kill('SIGTERM');
    await proxy.exited;
  }
  rmSync(scratch, { recursive: true, force: true });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const encryptBody = { requestMetadata: cryptoMetadata(), plaintext: b64('cli plaintext'), encryptionAlgorithm: 'AES_GCM', ciphertextDataIntegrityValueAlgorithm: 'SHA_256' };

async function startProxy(args: string[], env: NodeJS.ProcessEnv = ENV_CREDENTIAL): Promise<{ proxy: OpenkmsProcess; url: string }> {
  const port = await freePort();
  const proxy = spawnOpenkms(['xks-proxy', 'serve', '--port', String(port), ...args], env);
  running.push(proxy);
  await proxy.waitForOutput(/openkms xks-proxy listening on (\S+)/, 15_000);
  return { proxy, url: /listening on (\S+)/.exec(proxy.output())![1]! };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  for (const begun = Date.now(); !(await condition()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() - begun > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
  }
}

describe('the command line is strict', () => {
  const cases: [string, string[], RegExp][] = [
    ['neither TLS nor --insecure-http', ['serve'], /--tls-cert FILE and --tls-key FILE/],
    ['--insecure-http with a TLS option', ['serve', '--insecure-http', '--tls-cert', 'x'], /--insecure-http takes no --tls-\* option/],
    ['a URI prefix ending in /', ['serve', '--insecure-http', '--uri-prefix', '/a/'], /--uri-prefix '\/a\/'/],
    ['a URI prefix with a dot', ['serve', '--insecure-http', '--uri-prefix', '/a.b'], /--uri-prefix/],
    ['an unknown option', ['serve', '--insecure-http', '--verbose'], /unknown option '--verbose'/],
    ['a bad port', ['serve', '--insecure-http', '--port', '99999'], /--port takes a number from 0 to 65535/],
    ['half the PKCS#11 options', ['serve', '--insecure-http', '--pkcs11-module', '/x.so'], /go together/],
    ['a client name without a client CA', ['serve', '--tls-cert', 'c', '--tls-key', 'k', '--tls-client-name', 'n'], /--tls-client-name needs --tls-client-ca/],
    ['keys create without --key-id', ['keys', 'create'], /--key-id is required/],
    ['keys create with a bad usage', ['keys', 'create', '--key-id', 'k', '--usage', 'SIGN'], /--usage takes/],
    ['keys with an unknown command', ['keys', 'rotate'], /unknown command 'rotate'/],
    ['an unknown xks-proxy command', ['start'], /unknown command 'start'/],
  ];
  for (const [what, args, message] of cases) {
    test(`${what}: exit 2`, async () => {
      const run = await runOpenkms(['xks-proxy', ...args, '--data-dir', join(scratch, 'never')]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
    });
  }

  test('no credentials: exit 1 naming the variables', async () => {
    const run = await runOpenkms(['xks-proxy', 'serve', '--insecure-http', '--port', '0', '--data-dir', join(scratch, 'no-credentials')], { env: {} });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /XKS_PROXY_ACCESS_KEY_ID and XKS_PROXY_SECRET_ACCESS_KEY/);
  });

  test('a secret of 42 characters is refused', async () => {
    const run = await runOpenkms(['xks-proxy', 'serve', '--insecure-http', '--port', '0', '--data-dir', join(scratch, 'short')], {
      env: { XKS_PROXY_ACCESS_KEY_ID: A.accessKeyId, XKS_PROXY_SECRET_ACCESS_KEY: 'a'.repeat(42) },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /43-64 characters/);
  });

  test('-h prints the usage', async () => {
    const run = await runOpenkms(['xks-proxy', '-h']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /openkms xks-proxy serve \[options\]/);
  });
});

describe('the sealed local key file', () => {
  const dataDir = join(scratch, 'local');
  let url: string;

  before(async () => {
    const created = await runOpenkms(['xks-proxy', 'keys', 'create', '--data-dir', dataDir, '--key-id', 'cli-key']);
    assert.equal(created.code, 0, created.stderr);
    assert.deepEqual(JSON.parse(created.stdout).Key.KeyUsage, ['ENCRYPT', 'DECRYPT']);
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'create', '--data-dir', dataDir, '--key-id', 'cli-encrypt-only', '--usage', 'ENCRYPT'])).code, 0);
    ({ url } = await startProxy(['--insecure-http', '--data-dir', dataDir, '--uri-prefix', PREFIX]));
  });

  test('the root key and the key file are private to their owner; the key file holds no unsealed material', () => {
    assert.equal(statSync(join(dataDir, 'xks-proxy-root.key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dataDir, 'xks-keys.json')).mode & 0o777, 0o600);
    const document = JSON.parse(readFileSync(join(dataDir, 'xks-keys.json'), 'utf8'));
    for (const key of document.keys) assert.equal(Buffer.from(key.material, 'base64').length, 1 + 12 + 16 + 32, 'sealed: version, IV, tag, 32 bytes');
  });

  test('keys list', async () => {
    const run = await runOpenkms(['xks-proxy', 'keys', 'list', '--data-dir', dataDir]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      JSON.parse(run.stdout).Keys.map((key: { KeyId: string; KeyUsage: string[]; KeyStatus: string }) => [key.KeyId, key.KeyUsage.join(','), key.KeyStatus]),
      [['cli-key', 'ENCRYPT,DECRYPT', 'ENABLED'], ['cli-encrypt-only', 'ENCRYPT', 'ENABLED']],
    );
  });

  test('a key created, disabled and enabled while the proxy runs is seen without a restart', async () => {
    const path = `${URI_PATH}/keys/cli-later/encrypt`;
    assert.equal((await xksCall({ url, path, body: encryptBody, credential: A })).status, 404);
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'create', '--data-dir', dataDir, '--key-id', 'cli-later'])).code, 0);
    await until(async () => (await xksCall({ url, path, body: encryptBody, credential: A })).status === 200, 'the new key being served');
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'disable', '--data-dir', dataDir, '--key-id', 'cli-later'])).code, 0);
    await until(async () => (await xksCall({ url, path, body: encryptBody, credential: A })).json.errorName === 'InvalidStateException', 'the key being disabled');
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'enable', '--data-dir', dataDir, '--key-id', 'cli-later'])).code, 0);
    await until(async () => (await xksCall({ url, path, body: encryptBody, credential: A })).status === 200, 'the key being enabled');
  });

  test("curl's own SigV4 signer (it also signs content-type) is accepted, as AWS's conformance client uses it", async () => {
    const result = await runCommand('curl', [
      '-s', '--aws-sigv4', 'aws:amz:us-east-1:kms-xks-proxy', '--user', `${A.accessKeyId}:${A.secretAccessKey}`,
      '-H', 'content-type: application/json', '-d', JSON.stringify(encryptBody), `${url}${URI_PATH}/keys/cli-key/encrypt`,
    ], process.env);
    assert.equal(result.status, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as Record<string, string>;
    assert.equal(Buffer.from(answer.ciphertext!, 'base64').length, 'cli plaintext'.length, result.stdout);
    const wrong = await runCommand('curl', [
      '-s', '--aws-sigv4', 'aws:amz:us-east-1:kms-xks-proxy', '--user', `${A.accessKeyId}:${B.secretAccessKey}`,
      '-H', 'content-type: application/json', '-d', JSON.stringify(encryptBody), `${url}${URI_PATH}/keys/cli-key/encrypt`,
    ], process.env);
    assert.equal(JSON.parse(wrong.stdout).errorName, 'AuthenticationFailedException');
  });

  test('the encrypt-only key refuses a CDIV request', async () => {
    const answer = await xksCall({ url, path: `${URI_PATH}/keys/cli-encrypt-only/encrypt`, body: encryptBody, credential: A });
    assert.equal(answer.json.errorName, 'InvalidKeyUsageException');
  });

  test('the log is one JSON line per request with the KMS request id', async () => {
    const running = runningProxyOutput();
    assert.match(running, new RegExp(`"kmsRequestId":"${cryptoMetadata().kmsRequestId}"`));
    assert.ok(!running.includes(b64('cli plaintext')));
  });
});

function runningProxyOutput(): string {
  return running.map((proxy) => proxy.output()).join('\n');
}

describe('credentials from a watched file, rotated without a restart', () => {
  const dataDir = join(scratch, 'rotation');
  const file = join(scratch, 'credentials.json');
  const write = (...credentials: XksCredential[]) =>
    writeFileSync(file, JSON.stringify({ credentials: credentials.map((c) => ({ AccessKeyId: c.accessKeyId, RawSecretAccessKey: c.secretAccessKey })) }));
  let url: string;
  let proxy: OpenkmsProcess;
  const health = (credential: XksCredential) =>
    xksCall({ url, path: `${URI_PATH}/health`, body: { requestMetadata: { kmsRequestId: 'r', kmsOperation: 'KmsHealthCheck' } }, credential }).then((a) => a.status);

  before(async () => {
    write(A);
    ({ url, proxy } = await startProxy(['--insecure-http', '--data-dir', dataDir, '--uri-prefix', PREFIX, '--credentials-file', file], {}));
  });

  test('add the new credential, then remove the old one', async () => {
    assert.equal(await health(A), 200);
    assert.equal(await health(B), 401);
    write(A, B);
    await until(async () => (await health(B)) === 200, 'the second credential being accepted');
    assert.equal(await health(A), 200);
    write(B);
    await until(async () => (await health(A)) === 401, 'the old credential being refused');
    assert.equal(await health(B), 200);
  });

  test('a broken credentials file keeps the credentials in force; SIGHUP reads the file again', async () => {
    writeFileSync(file, '{ not json');
    await until(async () => /credentials reload failed/.test(proxy.output()), 'the failed reload being logged');
    assert.equal(await health(B), 200);
    write(A);
    proxy.child.kill('SIGHUP');
    await until(async () => (await health(A)) === 200, 'SIGHUP reloading the credentials');
    assert.equal(await health(B), 401);
  });
});

describe('TLS and mTLS from files', () => {
  let ca: ScratchCa;
  before(() => {
    ca = new ScratchCa();
  });
  after(() => ca.dispose());

  test('--tls-cert/--tls-key serve HTTPS; --tls-client-ca/--tls-client-name require the client certificate', async () => {
    const server = ca.issue('xks.openkms.test', ['DNS:xks.openkms.test', 'IP:127.0.0.1'], 'serverAuth');
    const client = ca.issue('cks.kms.us-east-1.amazonaws.com', ['DNS:cks.kms.us-east-1.amazonaws.com'], 'clientAuth');
    const { url } = await startProxy([
      '--data-dir', join(scratch, 'tls'), '--uri-prefix', PREFIX,
      '--tls-cert', server.certPath, '--tls-key', server.keyPath, '--tls-client-ca', ca.certPath, '--tls-client-name', 'cks.kms.us-east-1.amazonaws.com',
    ]);
    assert.match(url, /^https:/);
    const body = { requestMetadata: { kmsRequestId: 'r', kmsOperation: 'KmsHealthCheck' } };
    const answer = await xksCall({ url, path: `${URI_PATH}/health`, body, credential: A, tls: { ca: ca.cert, servername: 'xks.openkms.test', cert: client.cert, key: client.key } });
    assert.equal(answer.status, 200, answer.text);
    await assert.rejects(xksCall({ url, path: `${URI_PATH}/health`, body, credential: A, tls: { ca: ca.cert, servername: 'xks.openkms.test' } }));
  });

  test('SIGHUP loads a renewed certificate for new connections', async () => {
    const renewedCa = new ScratchCa('renewed CA');
    try {
      const certPath = join(scratch, 'renew-cert.pem');
      const keyPath = join(scratch, 'renew-key.pem');
      const first = ca.issue('xks.openkms.test', ['DNS:xks.openkms.test'], 'serverAuth');
      copyFileSync(first.certPath, certPath);
      copyFileSync(first.keyPath, keyPath);
      const { url, proxy } = await startProxy(['--data-dir', join(scratch, 'renew'), '--uri-prefix', PREFIX, '--tls-cert', certPath, '--tls-key', keyPath]);
      const body = { requestMetadata: { kmsRequestId: 'r', kmsOperation: 'KmsHealthCheck' } };
      const health = (trusted: Buffer) => xksCall({ url, path: `${URI_PATH}/health`, body, credential: A, tls: { ca: trusted, servername: 'xks.openkms.test' } });
      assert.equal((await health(ca.cert)).status, 200);
      const renewed = renewedCa.issue('xks.openkms.test', ['DNS:xks.openkms.test'], 'serverAuth');
      copyFileSync(renewed.certPath, certPath);
      copyFileSync(renewed.keyPath, keyPath);
      proxy.child.kill('SIGHUP');
      await until(async () => /TLS certificate reloaded/.test(proxy.output()), 'the reload');
      assert.equal((await health(renewedCa.cert)).status, 200);
      await assert.rejects(health(ca.cert));
    } finally {
      renewedCa.dispose();
    }
  });
});

describe('a PKCS#11 token (SoftHSM2)', () => {
  let token: SoftHsmToken;
  before(() => {
    token = createSoftHsmToken('cli-token', '4321');
  });
  after(() => token.dispose());

  test('keys create/list/disable on the token, and the proxy serving them', async () => {
    const dataDir = join(scratch, 'pkcs11');
    const env = { SOFTHSM2_CONF: token.conf, HSM_PIN: token.pin, ...ENV_CREDENTIAL };
    const pkcs11 = ['--pkcs11-module', token.modulePath, '--pkcs11-token', token.label, '--pkcs11-pin-env', 'HSM_PIN'];
    const create = await runOpenkms(['xks-proxy', 'keys', 'create', '--data-dir', dataDir, '--key-id', 'hsm-key', ...pkcs11], { env });
    assert.equal(create.code, 0, create.stderr);
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'create', '--data-dir', dataDir, '--key-id', 'hsm-off', ...pkcs11], { env })).code, 0);
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'disable', '--data-dir', dataDir, '--key-id', 'hsm-off', ...pkcs11], { env })).code, 0);
    const list = await runOpenkms(['xks-proxy', 'keys', 'list', '--data-dir', dataDir, ...pkcs11], { env });
    assert.deepEqual(JSON.parse(list.stdout).Keys.map((key: { KeyId: string; KeyStatus: string }) => [key.KeyId, key.KeyStatus]), [['hsm-key', 'ENABLED'], ['hsm-off', 'DISABLED']]);
    const wrongPin = await runOpenkms(['xks-proxy', 'keys', 'list', '--data-dir', dataDir, ...pkcs11], { env: { ...env, HSM_PIN: '0000' } });
    assert.equal(wrongPin.code, 1);
    assert.match(wrongPin.stderr, /CKR_PIN_INCORRECT/);

    const { url } = await startProxy(['--insecure-http', '--data-dir', dataDir, '--uri-prefix', PREFIX, ...pkcs11], env);
    const encrypted = await xksCall({ url, path: `${URI_PATH}/keys/hsm-key/encrypt`, body: encryptBody, credential: A });
    assert.equal(encrypted.status, 200, encrypted.text);
    const decrypted = await xksCall({
      url,
      path: `${URI_PATH}/keys/hsm-key/decrypt`,
      body: { requestMetadata: cryptoMetadata('Decrypt'), encryptionAlgorithm: 'AES_GCM', ...encrypted.json, ciphertextDataIntegrityValue: undefined },
      credential: A,
    });
    assert.equal(decrypted.status, 200, decrypted.text);
    assert.equal(Buffer.from(decrypted.json.plaintext as string, 'base64').toString(), 'cli plaintext');
    assert.equal((await xksCall({ url, path: `${URI_PATH}/keys/hsm-off/encrypt`, body: encryptBody, credential: A })).json.errorName, 'InvalidStateException');
    assert.equal((await runOpenkms(['xks-proxy', 'keys', 'enable', '--data-dir', dataDir, '--key-id', 'hsm-off', ...pkcs11], { env })).code, 0);
    await until(async () => (await xksCall({ url, path: `${URI_PATH}/keys/hsm-off/encrypt`, body: encryptBody, credential: A })).status === 200, 'the token key being enabled');
  });
});
