// The proxy on a PKCS#11 token (SoftHSM2 in a scratch directory): keys found by label, made through the proxy's key
// commands, AES-256-GCM on the token with the CDIV's verifying decrypt; a tampered ciphertext (CKR_GENERAL_ERROR on
// SoftHSM2) is InvalidCiphertextException and costs no session; a pool with no free session answers
// ThrottlingException at once; sessions closed behind the pool's back (a device fault) are recovered from.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pkcs11js from 'pkcs11js';
import { Pkcs11KeyBackend } from '../../src/xks/proxy/pkcs11-key-backend.js';
import { createTokenKey, listTokenKeys, setTokenKeyStatus } from '../../src/xks/proxy/pkcs11-key-admin.js';
import { generateTokenKey } from '../../src/xks/proxy/pkcs11-keys.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm-token.js';
import { cryptoMetadata, xksCall, type XksAnswer } from '../support/xks-signed-call.js';
import { CREDENTIAL, startProxyFixture, URI_PATH, type ProxyFixture } from '../support/xks-proxy-fixture.js';

let token: SoftHsmToken;
let backend: Pkcs11KeyBackend;
let f: ProxyFixture;
let dataDir: string;

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const keyPath = (keyId: string, verb: string) => `${URI_PATH}/keys/${keyId}/${verb}`;
const call = (path: string, body: unknown): Promise<XksAnswer> => xksCall({ url: f.proxy.url, path, body, credential: CREDENTIAL });
const encryptBody = (plaintext = 'token plaintext', cdiv = true) => ({
  requestMetadata: cryptoMetadata('Encrypt'),
  plaintext: b64(plaintext),
  encryptionAlgorithm: 'AES_GCM',
  additionalAuthenticatedData: b64('aad of kms'),
  ...(cdiv ? { ciphertextDataIntegrityValueAlgorithm: 'SHA_256' } : {}),
});
const decryptBody = (e: Record<string, unknown>, changes: Record<string, unknown> = {}) => ({
  requestMetadata: cryptoMetadata('Decrypt'),
  ciphertext: e.ciphertext,
  initializationVector: e.initializationVector,
  authenticationTag: e.authenticationTag,
  ciphertextMetadata: e.ciphertextMetadata,
  encryptionAlgorithm: 'AES_GCM',
  additionalAuthenticatedData: b64('aad of kms'),
  ...changes,
});

before(async () => {
  token = createSoftHsmToken();
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  dataDir = mkdtempSync(join(tmpdir(), 'openkms-xks-pkcs11-'));
  backend = await Pkcs11KeyBackend.open(dataDir, { modulePath: token.modulePath, tokenLabel: token.label, pin: token.pin, maxSessions: 2, acquireTimeoutMs: 20 });
  const pool = backend.sessionPool;
  createTokenKey(pool, dataDir, 'hsm-both', ['ENCRYPT', 'DECRYPT']);
  createTokenKey(pool, dataDir, 'hsm-encrypt', ['ENCRYPT']);
  createTokenKey(pool, dataDir, 'hsm-disabled', ['ENCRYPT', 'DECRYPT']);
  setTokenKeyStatus(pool, dataDir, 'hsm-disabled', 'DISABLED');
  pool.withAdminSession((module, session) =>
    module.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
      { type: pkcs11js.CKA_VALUE_LEN, value: 16 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_ENCRYPT, value: true },
      { type: pkcs11js.CKA_DECRYPT, value: true },
      { type: pkcs11js.CKA_LABEL, value: 'hsm-aes128' },
    ]),
  );
  // Two keys under one label: the id is ambiguous, so it names no key.
  pool.withAdminSession((module, session) => {
    generateTokenKey(module, session, 'hsm-twice', ['ENCRYPT', 'DECRYPT']);
    generateTokenKey(module, session, 'hsm-twice', ['ENCRYPT', 'DECRYPT']);
  });
  await backend.reload();
  f = await startProxyFixture({ backend });
});
after(async () => {
  await f?.close();
  token?.dispose();
  const { rmSync } = await import('node:fs');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('keys on the token', () => {
  test('keys list shows the keys by label with usage and status, not the health key', () => {
    const keys = listTokenKeys(backend.sessionPool, dataDir);
    assert.deepEqual(
      keys.map((key) => [key.KeyId, key.KeySpec, key.KeyUsage.join(','), key.KeyStatus]),
      [
        ['hsm-aes128', 'AES_128', 'ENCRYPT,DECRYPT', 'ENABLED'],
        ['hsm-both', 'AES_256', 'ENCRYPT,DECRYPT', 'ENABLED'],
        ['hsm-disabled', 'AES_256', 'ENCRYPT,DECRYPT', 'DISABLED'],
        ['hsm-encrypt', 'AES_256', 'ENCRYPT', 'ENABLED'],
        ['hsm-twice', 'AES_256', 'ENCRYPT,DECRYPT', 'ENABLED'],
        ['hsm-twice', 'AES_256', 'ENCRYPT,DECRYPT', 'ENABLED'],
      ],
    );
  });

  test('a label that exists already is refused', () => {
    assert.throws(() => createTokenKey(backend.sessionPool, dataDir, 'hsm-both', ['ENCRYPT']), /already/);
  });

  test('health is a deep check on the token: ACTIVE', async () => {
    const answer = await call(`${URI_PATH}/health`, { requestMetadata: { kmsRequestId: 'x', kmsOperation: 'KmsHealthCheck' } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((answer.json.ekmFleetDetails as { healthStatus: string }[])[0]!.healthStatus, 'ACTIVE');
    assert.equal(answer.json.ekmVendor, 'PKCS#11');
  });

  test('metadata: AES_256 keys with their usage and status; an AES-128 key says so; ambiguous and unknown labels are 404', async () => {
    assert.deepEqual((await call(keyPath('hsm-both', 'metadata'), { requestMetadata: cryptoMetadata('CreateKey') })).json, { keySpec: 'AES_256', keyUsage: ['ENCRYPT', 'DECRYPT'], keyStatus: 'ENABLED' });
    assert.deepEqual((await call(keyPath('hsm-encrypt', 'metadata'), { requestMetadata: cryptoMetadata('CreateKey') })).json, { keySpec: 'AES_256', keyUsage: ['ENCRYPT'], keyStatus: 'ENABLED' });
    assert.equal((await call(keyPath('hsm-disabled', 'metadata'), { requestMetadata: cryptoMetadata('CreateKey') })).json.keyStatus, 'DISABLED');
    assert.equal((await call(keyPath('hsm-aes128', 'metadata'), { requestMetadata: cryptoMetadata('CreateKey') })).json.keySpec, 'AES_128');
    for (const keyId of ['hsm-twice', 'no-such-label', 'openkms-xks-proxy-health-check']) {
      const answer = await call(keyPath(keyId, 'metadata'), { requestMetadata: cryptoMetadata('CreateKey') });
      assert.equal(answer.status, 404, keyId);
      assert.equal(answer.json.errorName, 'KeyNotFoundException');
    }
  });
});

describe('crypto on the token', () => {
  test('encrypt with CDIV then decrypt round-trips', async () => {
    const e = await call(keyPath('hsm-both', 'encrypt'), encryptBody());
    assert.equal(e.status, 200, e.text);
    assert.equal(Buffer.from(e.json.ciphertext as string, 'base64').length, 'token plaintext'.length);
    assert.equal(typeof e.json.ciphertextDataIntegrityValue, 'string');
    const d = await call(keyPath('hsm-both', 'decrypt'), decryptBody(e.json));
    assert.equal(d.status, 200, d.text);
    assert.equal(Buffer.from(d.json.plaintext as string, 'base64').toString(), 'token plaintext');
  });

  test('usage, state and key spec are refused as the spec says', async () => {
    const enc = await call(keyPath('hsm-encrypt', 'encrypt'), encryptBody('x', false));
    assert.equal(enc.status, 200, enc.text);
    assert.equal((await call(keyPath('hsm-encrypt', 'encrypt'), encryptBody())).json.errorName, 'InvalidKeyUsageException');
    assert.equal((await call(keyPath('hsm-encrypt', 'decrypt'), decryptBody(enc.json))).json.errorName, 'InvalidKeyUsageException');
    assert.equal((await call(keyPath('hsm-disabled', 'encrypt'), encryptBody())).json.errorName, 'InvalidStateException');
    assert.equal((await call(keyPath('hsm-aes128', 'encrypt'), encryptBody())).json.errorName, 'InvalidKeyUsageException');
  });

  test('tampered ciphertexts are InvalidCiphertextException and cost no session', async () => {
    const e = await call(keyPath('hsm-both', 'encrypt'), encryptBody());
    const opened = backend.sessionPool.sessionsOpened;
    const flipped = Buffer.from(e.json.ciphertext as string, 'base64');
    flipped[0]! ^= 1;
    for (let i = 0; i < 30; i++) {
      const changes = i % 3 === 0 ? { ciphertext: flipped.toString('base64') } : i % 3 === 1 ? { additionalAuthenticatedData: b64('other') } : { authenticationTag: b64(Buffer.alloc(16)) };
      const answer = await call(keyPath('hsm-both', 'decrypt'), decryptBody(e.json, changes));
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.json.errorName, 'InvalidCiphertextException');
    }
    assert.equal(backend.sessionPool.sessionsOpened, opened, 'no session was dropped and reopened');
    assert.equal((await call(keyPath('hsm-both', 'decrypt'), decryptBody(e.json))).status, 200);
  });

  test('more concurrent requests than sessions: some ThrottlingException (429) at once, the rest served, none hangs', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => call(keyPath('hsm-both', 'encrypt'), encryptBody(`p`.repeat(4000)))));
    const statuses = answers.map((answer) => answer.status);
    assert.ok(statuses.every((status) => status === 200 || status === 429), statuses.join(','));
    assert.ok(statuses.includes(200));
    for (const answer of answers.filter((each) => each.status === 429)) assert.equal(answer.json.errorName, 'ThrottlingException');
    assert.ok(backend.sessionPool.sessionCount <= 2);
  });

  test('sessions closed behind the pool (as a device fault does): one InternalException, then the pool recovers', async () => {
    const pool = backend.sessionPool;
    pool.module.C_CloseAllSessions(pool.module.C_GetSlotList(true).find((slot) => pool.module.C_GetTokenInfo(slot).label.trim() === token.label)!);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(keyPath('hsm-both', 'encrypt'), encryptBody())).status);
    assert.ok(statuses.slice(0, 2).every((status) => status === 500 || status === 200), statuses.join(','));
    assert.equal(statuses.at(-1), 200, statuses.join(','));
    const e = await call(keyPath('hsm-both', 'encrypt'), encryptBody());
    assert.equal((await call(keyPath('hsm-both', 'decrypt'), decryptBody(e.json))).status, 200);
  });
});
