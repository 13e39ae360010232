// openkms's XKS proxy under raw signed HTTP, as AWS KMS calls it and as an attacker might: every error row of the
// XKS Proxy API's table with its status and errorName, the checks in the spec's order (route, SigV4, body, key,
// usage), the AAD framing and CDIV, and what the log records. Real server on 127.0.0.1, sealed local key file.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { credentialSet } from '../../src/xks/proxy/credentials.js';
import { cryptoMetadata, xksCall, type XksAnswer, type XksCallOptions } from '../support/xks-signed-call.js';
import { CREDENTIAL, SECOND_CREDENTIAL, startProxyFixture, URI_PATH, URI_PREFIX, type ProxyFixture } from '../support/xks-proxy-fixture.js';

let f: ProxyFixture;
before(async () => {
  f = await startProxyFixture();
});
after(async () => {
  await f.close();
});

const HEALTH_METADATA = { kmsRequestId: 'a1b2c3', kmsOperation: 'KmsHealthCheck' };
const METADATA_METADATA = { awsPrincipalArn: 'arn:aws:iam::111122223333:user/Alice', kmsOperation: 'CreateKey', kmsRequestId: 'b2c3d4' };

function call(path: string, body: unknown, overrides: Partial<XksCallOptions> = {}): Promise<XksAnswer> {
  return xksCall({ url: f.proxy.url, path, body, credential: CREDENTIAL, ...overrides });
}
const keyPath = (keyId: string, verb: string) => `${URI_PATH}/keys/${keyId}/${verb}`;
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

function encryptBody(plaintext: Buffer | string = 'Hello World!', extra: Record<string, unknown> = {}) {
  return {
    requestMetadata: cryptoMetadata('Encrypt'),
    plaintext: b64(plaintext),
    encryptionAlgorithm: 'AES_GCM',
    additionalAuthenticatedData: b64('project=nile,department=marketing'),
    ciphertextDataIntegrityValueAlgorithm: 'SHA_256',
    ...extra,
  };
}

async function encrypted(keyId = 'key-both', plaintext = 'Hello World!') {
  const answer = await call(keyPath(keyId, 'encrypt'), encryptBody(plaintext));
  assert.equal(answer.status, 200, answer.text);
  return answer.json as { ciphertext: string; initializationVector: string; authenticationTag: string; ciphertextMetadata: string; ciphertextDataIntegrityValue: string };
}

function decryptBody(e: Awaited<ReturnType<typeof encrypted>>, extra: Record<string, unknown> = {}) {
  return {
    requestMetadata: cryptoMetadata('Decrypt'),
    ciphertext: e.ciphertext,
    initializationVector: e.initializationVector,
    authenticationTag: e.authenticationTag,
    ciphertextMetadata: e.ciphertextMetadata,
    encryptionAlgorithm: 'AES_GCM',
    additionalAuthenticatedData: b64('project=nile,department=marketing'),
    ...extra,
  };
}

function assertError(answer: XksAnswer, status: number, errorName: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json.errorName, errorName, answer.text);
  assert.equal(answer.headers['content-type'], 'application/json');
  assert.match(String(answer.json.errorMessage ?? ''), /^[\x20-\x7e]{0,511}$/);
}

describe('the four APIs answer as the spec describes', () => {
  test('GetHealthStatus: a deep check, every field present, one-line JSON', async () => {
    const answer = await call(`${URI_PATH}/health`, { requestMetadata: HEALTH_METADATA });
    assert.equal(answer.status, 200, answer.text);
    assert.ok(!answer.text.includes('\n'), 'compact one-line JSON');
    assert.equal(answer.text, JSON.stringify(answer.json));
    assert.equal(answer.json.xksProxyFleetSize, 1);
    assert.equal(answer.json.xksProxyVendor, 'openkms');
    assert.equal(typeof answer.json.xksProxyModel, 'string');
    assert.equal(typeof answer.json.ekmVendor, 'string');
    const fleet = answer.json.ekmFleetDetails as { id: string; model: string; healthStatus: string }[];
    assert.equal(fleet.length, 1);
    assert.equal(fleet[0]!.healthStatus, 'ACTIVE');
  });

  test('GetKeyMetadata: spec, usage and status of each key; kmsKeyArn is optional', async () => {
    const expected: Record<string, [string[], string]> = {
      'key-both': [['ENCRYPT', 'DECRYPT'], 'ENABLED'],
      'key-encrypt': [['ENCRYPT'], 'ENABLED'],
      'key-decrypt': [['DECRYPT'], 'ENABLED'],
      'key-none': [[], 'ENABLED'],
      'key-disabled': [['ENCRYPT', 'DECRYPT'], 'DISABLED'],
    };
    for (const [keyId, [keyUsage, keyStatus]] of Object.entries(expected)) {
      const answer = await call(keyPath(keyId, 'metadata'), { requestMetadata: METADATA_METADATA });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json, { keySpec: 'AES_256', keyUsage, keyStatus });
    }
    const withArn = await call(keyPath('key-both', 'metadata'), { requestMetadata: { ...METADATA_METADATA, kmsKeyArn: cryptoMetadata().kmsKeyArn } });
    assert.equal(withArn.status, 200);
  });

  test('Encrypt: ciphertext as long as the plaintext, 12-byte IV, 16-byte tag, 1-byte metadata, CDIV as the spec computes it', async () => {
    const e = await encrypted();
    const ciphertext = Buffer.from(e.ciphertext, 'base64');
    const iv = Buffer.from(e.initializationVector, 'base64');
    const tag = Buffer.from(e.authenticationTag, 'base64');
    const metadata = Buffer.from(e.ciphertextMetadata, 'base64');
    assert.equal(ciphertext.length, 'Hello World!'.length);
    assert.equal(iv.length, 12);
    assert.equal(tag.length, 16);
    assert.ok(metadata.length <= 20);
    const aad = Buffer.from('project=nile,department=marketing');
    const cdiv = createHash('sha256').update(Buffer.concat([aad, metadata, iv, ciphertext, tag])).digest('base64');
    assert.equal(e.ciphertextDataIntegrityValue, cdiv);
  });

  test('Encrypt draws a fresh IV each time', async () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 20; i++) ivs.add((await encrypted()).initializationVector);
    assert.equal(ivs.size, 20);
  });

  test('Encrypt without AAD and without CDIV: no CDIV in the answer', async () => {
    const answer = await call(keyPath('key-both', 'encrypt'), { requestMetadata: cryptoMetadata(), plaintext: b64('x'), encryptionAlgorithm: 'AES_GCM' });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.ciphertextDataIntegrityValue, undefined);
    const back = await call(keyPath('key-both', 'decrypt'), {
      requestMetadata: cryptoMetadata('Decrypt'),
      ciphertext: answer.json.ciphertext,
      initializationVector: answer.json.initializationVector,
      authenticationTag: answer.json.authenticationTag,
      ciphertextMetadata: answer.json.ciphertextMetadata,
      encryptionAlgorithm: 'AES_GCM',
    });
    assert.equal(back.status, 200, back.text);
    assert.equal(Buffer.from(back.json.plaintext as string, 'base64').toString(), 'x');
  });

  test('Decrypt gives back the plaintext; the spec minimums (4300-byte plaintext, 8192-byte AAD) are accepted', async () => {
    const e = await encrypted();
    const back = await call(keyPath('key-both', 'decrypt'), decryptBody(e));
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.json, { plaintext: b64('Hello World!') });

    const big = Buffer.alloc(4300, 7);
    const aad = b64(Buffer.alloc(8192, 9));
    const large = await call(keyPath('key-both', 'encrypt'), encryptBody(big, { additionalAuthenticatedData: aad }));
    assert.equal(large.status, 200, large.text);
    const largeBack = await call(keyPath('key-both', 'decrypt'), decryptBody(large.json as never, { additionalAuthenticatedData: aad }));
    assert.equal(largeBack.status, 200, largeBack.text);
    assert.ok(Buffer.from(largeBack.json.plaintext as string, 'base64').equals(big));
  });

  test('unknown members of the body and of requestMetadata are ignored; any kmsOperation is accepted', async () => {
    const answer = await call(keyPath('key-both', 'encrypt'), {
      ...encryptBody(),
      futureMember: { nested: true },
      requestMetadata: { ...cryptoMetadata('SomeFutureOperation'), awsSourceVpc: 'vpc-1', kmsViaService: 'ebs', nitroAttestation: 'x' },
    });
    assert.equal(answer.status, 200, answer.text);
  });
});

describe('route and URI prefix: 404 InvalidUriPathException before the signature is looked at', () => {
  const paths = [
    '/kms/xks/v1/health',
    `${URI_PREFIX}/invalid/kms/xks/v1/health`,
    `/other${URI_PATH}/health`,
    `${URI_PATH}/healthz`,
    `${URI_PATH}/keys/key-both/sign`,
    `${URI_PATH}/keys/key-both`,
    `${URI_PATH}/keys/key%20both/encrypt`,
    `${URI_PATH}/keys/${'a'.repeat(129)}/encrypt`,
    `${URI_PATH}/keys/key-both/encrypt/extra`,
    '/',
  ];
  for (const path of paths) {
    test(`${path.slice(0, 80)} → 404, signed or not`, async () => {
      assertError(await call(path, { requestMetadata: HEALTH_METADATA }), 404, 'InvalidUriPathException');
      assertError(await call(path, { requestMetadata: HEALTH_METADATA }, { credential: undefined }), 404, 'InvalidUriPathException');
    });
  }

  test('GET on any of the four URIs → 405 with Allow: POST', async () => {
    for (const path of [`${URI_PATH}/health`, keyPath('key-both', 'metadata'), keyPath('key-both', 'encrypt'), keyPath('key-both', 'decrypt')]) {
      const answer = await call(path, '', { method: 'GET' });
      assert.equal(answer.status, 405, path);
      assert.equal(answer.headers.allow, 'POST');
    }
  });

  test('GET /ping answers 200 without a signature (load-balancer probe)', async () => {
    const answer = await call('/ping', '', { method: 'GET', credential: undefined });
    assert.equal(answer.status, 200);
  });
});

describe('SigV4: 401 AuthenticationFailedException', () => {
  const health = () => ({ requestMetadata: HEALTH_METADATA });
  const encrypt = keyPath('key-both', 'encrypt');

  test('no signature at all', async () => {
    assertError(await call(`${URI_PATH}/health`, health(), { credential: undefined }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { credential: undefined }), 401, 'AuthenticationFailedException');
  });

  test('an unknown access key id, also one not of the id format', async () => {
    assertError(await call(encrypt, encryptBody(), { credential: { ...CREDENTIAL, accessKeyId: 'UNKNOWNACCESSKEYID234' } }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { credential: { ...CREDENTIAL, accessKeyId: 'not-an-id!' } }), 401, 'AuthenticationFailedException');
  });

  test("another credential's secret with this id; a secret one character off", async () => {
    assertError(await call(encrypt, encryptBody(), { credential: { accessKeyId: CREDENTIAL.accessKeyId, secretAccessKey: SECOND_CREDENTIAL.secretAccessKey } }), 401, 'AuthenticationFailedException');
    const offByOne = CREDENTIAL.secretAccessKey.slice(0, -2) + 'A=';
    assertError(await call(encrypt, encryptBody(), { credential: { ...CREDENTIAL, secretAccessKey: offByOne } }), 401, 'AuthenticationFailedException');
  });

  test('a scope for another service (kms instead of kms-xks-proxy)', async () => {
    assertError(await call(encrypt, encryptBody(), { service: 'kms' }), 401, 'AuthenticationFailedException');
  });

  test('clock skew: 6 minutes either way is refused, 4 minutes is accepted', async () => {
    const minutes = (n: number) => new Date(Date.now() + n * 60_000);
    assertError(await call(encrypt, encryptBody(), { signingDate: minutes(-6) }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { signingDate: minutes(6) }), 401, 'AuthenticationFailedException');
    assert.equal((await call(encrypt, encryptBody(), { signingDate: minutes(-4) })).status, 200);
    assert.equal((await call(encrypt, encryptBody(), { signingDate: minutes(4) })).status, 200);
  });

  test('a replay with an altered body (another key usage, another plaintext, one byte of whitespace)', async () => {
    const alterations = [
      (body: string) => body.replace(b64('Hello World!'), b64('Hello Moon!!')),
      (body: string) => body.replace('"AES_GCM"', ' "AES_GCM"'),
      (body: string) => `${body} `,
    ];
    for (const alterBody of alterations) {
      assertError(await call(encrypt, encryptBody(), { alterBody }), 401, 'AuthenticationFailedException');
    }
  });

  test('a signature for another path does not open this one', async () => {
    const options = { url: f.proxy.url, path: keyPath('key-encrypt', 'encrypt'), body: encryptBody(), credential: CREDENTIAL };
    const { signedXksHeaders } = await import('../support/xks-signed-call.js');
    const headers = await signedXksHeaders(options, JSON.stringify(options.body));
    const answer = await call(keyPath('key-both', 'encrypt'), encryptBody(), { credential: undefined, extraHeaders: { authorization: headers.authorization!, 'x-amz-date': headers['x-amz-date']! } });
    assertError(answer, 401, 'AuthenticationFailedException');
  });

  test('a signed header changed after signing (x-amz-date moved by a second)', async () => {
    const options = { url: f.proxy.url, path: encrypt, body: encryptBody(), credential: CREDENTIAL };
    const { signedXksHeaders } = await import('../support/xks-signed-call.js');
    const headers = await signedXksHeaders(options, JSON.stringify(options.body));
    const date = headers['x-amz-date']!;
    const moved = date.slice(0, -2) + String((Number(date.slice(-3, -1)) + 1) % 60).padStart(2, '0') + 'Z';
    const answer = await call(encrypt, encryptBody(), { credential: undefined, extraHeaders: { authorization: headers.authorization!, 'x-amz-date': moved } });
    assertError(answer, 401, 'AuthenticationFailedException');
  });

  test('another Host than the one signed; an unsigned-payload claim', async () => {
    assertError(await call(encrypt, encryptBody(), { extraHeaders: { host: 'xks.attacker.test' } }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { extraHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { extraHeaders: { 'x-amz-security-token': 'token' } }), 401, 'AuthenticationFailedException');
  });

  test('a malformed Authorization header, a presigned-style query, a session token', async () => {
    assertError(await call(encrypt, encryptBody(), { credential: undefined, extraHeaders: { authorization: 'AWS4-HMAC-SHA256 garbage', 'x-amz-date': '20260101T000000Z' } }), 401, 'AuthenticationFailedException');
    assertError(await call(encrypt, encryptBody(), { credential: undefined, extraHeaders: { authorization: 'Bearer abc' } }), 401, 'AuthenticationFailedException');
    assertError(await call(`${encrypt}?X-Amz-Algorithm=AWS4-HMAC-SHA256`, encryptBody(), { credential: undefined }), 401, 'AuthenticationFailedException');
  });

  test('the signature follows the received SignedHeaders: also signing content-type (as curl does) is accepted', async () => {
    const answer = await call(encrypt, encryptBody(), { signContentType: true });
    assert.equal(answer.status, 200, answer.text);
  });

  test('an identical replay within the skew window is accepted, as SigV4 has no nonce', async () => {
    const options = { url: f.proxy.url, path: encrypt, body: encryptBody(), credential: CREDENTIAL };
    const { signedXksHeaders } = await import('../support/xks-signed-call.js');
    const headers = await signedXksHeaders(options, JSON.stringify(options.body));
    for (let i = 0; i < 2; i++) {
      const answer = await call(encrypt, encryptBody(), { credential: undefined, extraHeaders: { authorization: headers.authorization!, 'x-amz-date': headers['x-amz-date']! } });
      assert.equal(answer.status, 200, answer.text);
    }
  });

  test('both credentials of the prefix work; a credential change takes effect without a restart', async () => {
    assert.equal((await call(encrypt, encryptBody(), { credential: SECOND_CREDENTIAL })).status, 200);
    f.setCredentials(credentialSet([SECOND_CREDENTIAL], 'test'));
    try {
      assertError(await call(encrypt, encryptBody()), 401, 'AuthenticationFailedException');
      assert.equal((await call(encrypt, encryptBody(), { credential: SECOND_CREDENTIAL })).status, 200);
    } finally {
      f.setCredentials(credentialSet([CREDENTIAL, SECOND_CREDENTIAL], 'test'));
    }
  });

  test('the signature is checked before the body: an unsigned bad body is 401, not 400', async () => {
    assertError(await call(encrypt, 'not json', { credential: undefined }), 401, 'AuthenticationFailedException');
    assertError(await call(keyPath('no-such-key', 'encrypt'), encryptBody(), { credential: undefined }), 401, 'AuthenticationFailedException');
  });
});

describe('body validation: 400 ValidationException (501 over the size limits)', () => {
  const encrypt = keyPath('key-both', 'encrypt');
  const cases: [string, string, unknown][] = [
    ['not JSON', encrypt, '{"requestMetadata":'],
    ['a JSON array', encrypt, '[]'],
    ['JSON null', encrypt, 'null'],
    ['an empty body', encrypt, ''],
    ['no requestMetadata (health too)', `${URI_PATH}/health`, {}],
    ['requestMetadata not an object', `${URI_PATH}/health`, { requestMetadata: 'x' }],
    ['no kmsRequestId', `${URI_PATH}/health`, { requestMetadata: { kmsOperation: 'KmsHealthCheck' } }],
    ['no kmsOperation', `${URI_PATH}/health`, { requestMetadata: { kmsRequestId: 'x' } }],
    ['metadata without awsPrincipalArn', keyPath('key-both', 'metadata'), { requestMetadata: { kmsOperation: 'CreateKey', kmsRequestId: 'x' } }],
    ['encrypt without kmsKeyArn', encrypt, { ...encryptBody(), requestMetadata: { ...cryptoMetadata(), kmsKeyArn: undefined } }],
    ['kmsRequestId a number', encrypt, { ...encryptBody(), requestMetadata: { ...cryptoMetadata(), kmsRequestId: 12 } }],
    ['no plaintext', encrypt, { ...encryptBody(), plaintext: undefined }],
    ['an empty plaintext', encrypt, { ...encryptBody(), plaintext: '' }],
    ['plaintext a number', encrypt, { ...encryptBody(), plaintext: 42 }],
    ['URL-safe base64', encrypt, { ...encryptBody(), plaintext: '-_-_' }],
    ['base64 without padding', encrypt, { ...encryptBody(), plaintext: 'SGVsbG8' }],
    ['non-canonical base64', encrypt, { ...encryptBody(), plaintext: 'SGVsbG9=' }],
    ['no encryptionAlgorithm', encrypt, { ...encryptBody(), encryptionAlgorithm: undefined }],
    ['encryptionAlgorithm AES_CBC', encrypt, { ...encryptBody(), encryptionAlgorithm: 'AES_CBC' }],
    ['CDIV algorithm SHA_512', encrypt, { ...encryptBody(), ciphertextDataIntegrityValueAlgorithm: 'SHA_512' }],
    ['AAD not base64', encrypt, { ...encryptBody(), additionalAuthenticatedData: 'not base64!' }],
    ['decrypt without an IV', keyPath('key-both', 'decrypt'), { requestMetadata: cryptoMetadata('Decrypt'), ciphertext: 'AAAA', authenticationTag: b64(Buffer.alloc(16)), encryptionAlgorithm: 'AES_GCM' }],
    ['decrypt without a tag', keyPath('key-both', 'decrypt'), { requestMetadata: cryptoMetadata('Decrypt'), ciphertext: 'AAAA', initializationVector: b64(Buffer.alloc(12)), encryptionAlgorithm: 'AES_GCM' }],
  ];
  for (const [what, path, body] of cases) {
    test(what, async () => {
      assertError(await call(path, body), 400, 'ValidationException');
    });
  }

  test('the body is validated before the key is looked up: an unknown key with a bad body is 400', async () => {
    assertError(await call(keyPath('no-such-key', 'encrypt'), { ...encryptBody(), plaintext: undefined }), 400, 'ValidationException');
  });

  test('a plaintext over this proxy limit (6144 bytes) is 501 UnsupportedOperationException; so is a body over 64 KiB', async () => {
    assertError(await call(encrypt, encryptBody(Buffer.alloc(6145))), 501, 'UnsupportedOperationException');
    assertError(await call(encrypt, encryptBody(Buffer.alloc(100), { additionalAuthenticatedData: b64(Buffer.alloc(12289)) })), 501, 'UnsupportedOperationException');
    const huge = await call(encrypt, { ...encryptBody(), padding: 'x'.repeat(70_000) });
    assertError(huge, 501, 'UnsupportedOperationException');
    assert.equal(huge.headers.connection, 'close');
  });
});

describe('the key: 404 KeyNotFoundException, 400 InvalidStateException, 400 InvalidKeyUsageException', () => {
  test('an unknown key, on all three key APIs', async () => {
    assertError(await call(keyPath('no-such-key', 'metadata'), { requestMetadata: METADATA_METADATA }), 404, 'KeyNotFoundException');
    assertError(await call(keyPath('no-such-key', 'encrypt'), encryptBody()), 404, 'KeyNotFoundException');
    const e = await encrypted();
    assertError(await call(keyPath('no-such-key', 'decrypt'), decryptBody(e)), 404, 'KeyNotFoundException');
  });

  test('a disabled key: metadata says DISABLED, encrypt and decrypt are InvalidStateException; enabled again it works', async () => {
    const e = await encrypted('key-both');
    await f.disable('key-both');
    try {
      assertError(await call(keyPath('key-both', 'encrypt'), encryptBody()), 400, 'InvalidStateException');
      assertError(await call(keyPath('key-both', 'decrypt'), decryptBody(e)), 400, 'InvalidStateException');
      assert.equal((await call(keyPath('key-both', 'metadata'), { requestMetadata: METADATA_METADATA })).json.keyStatus, 'DISABLED');
    } finally {
      await f.enable('key-both');
    }
    assert.equal((await call(keyPath('key-both', 'decrypt'), decryptBody(e))).status, 200);
  });

  test('an encrypt-only key encrypts without a CDIV, refuses a CDIV (no verifying decrypt) and refuses decrypt', async () => {
    const plain = await call(keyPath('key-encrypt', 'encrypt'), encryptBody('x', { ciphertextDataIntegrityValueAlgorithm: undefined }));
    assert.equal(plain.status, 200, plain.text);
    assertError(await call(keyPath('key-encrypt', 'encrypt'), encryptBody()), 400, 'InvalidKeyUsageException');
    assertError(await call(keyPath('key-encrypt', 'decrypt'), decryptBody(plain.json as never)), 400, 'InvalidKeyUsageException');
  });

  test('a decrypt-only key and a key with no use refuse encrypt', async () => {
    assertError(await call(keyPath('key-decrypt', 'encrypt'), encryptBody()), 400, 'InvalidKeyUsageException');
    assertError(await call(keyPath('key-none', 'encrypt'), encryptBody('x', { ciphertextDataIntegrityValueAlgorithm: undefined })), 400, 'InvalidKeyUsageException');
    const e = await encrypted();
    assertError(await call(keyPath('key-none', 'decrypt'), decryptBody(e)), 400, 'InvalidKeyUsageException');
  });
});

describe('Decrypt of anything but the exact encrypt output: 400 InvalidCiphertextException', () => {
  const flip = (value: string, index = 0) => {
    const bytes = Buffer.from(value, 'base64');
    bytes[index]! ^= 0x01;
    return bytes.toString('base64');
  };
  const cases: [string, (e: Awaited<ReturnType<typeof encrypted>>) => Record<string, unknown>][] = [
    ['another AAD', () => ({ additionalAuthenticatedData: b64('project=nile,department=sales') })],
    ['no AAD', () => ({ additionalAuthenticatedData: undefined })],
    ['a flipped ciphertext bit', (e) => ({ ciphertext: flip(e.ciphertext, 3) })],
    ['a flipped tag bit', (e) => ({ authenticationTag: flip(e.authenticationTag, 15) })],
    ['a flipped IV bit', (e) => ({ initializationVector: flip(e.initializationVector) })],
    ['a 16-byte IV', () => ({ initializationVector: b64(Buffer.alloc(16)) })],
    ['a 15-byte tag', (e) => ({ authenticationTag: Buffer.from(e.authenticationTag, 'base64').subarray(0, 15).toString('base64') })],
    ['other ciphertext metadata', () => ({ ciphertextMetadata: b64(Buffer.from([2])) })],
    ['no ciphertext metadata', () => ({ ciphertextMetadata: undefined })],
    ['metadata longer than 20 bytes', () => ({ ciphertextMetadata: b64(Buffer.alloc(21, 1)) })],
    ['the metadata moved into the AAD', (e) => ({
      additionalAuthenticatedData: b64(Buffer.concat([Buffer.from('project=nile,department=marketing'), Buffer.from(e.ciphertextMetadata, 'base64')])),
      ciphertextMetadata: undefined,
    })],
    ['a truncated ciphertext', (e) => ({ ciphertext: Buffer.from(e.ciphertext, 'base64').subarray(0, 6).toString('base64') })],
  ];
  for (const [what, change] of cases) {
    test(what, async () => {
      const e = await encrypted();
      assertError(await call(keyPath('key-both', 'decrypt'), decryptBody(e, change(e))), 400, 'InvalidCiphertextException');
    });
  }

  test("another key's ciphertext", async () => {
    const e = await encrypted('key-both');
    assertError(await call(keyPath('key-decrypt', 'decrypt'), decryptBody(e)), 400, 'InvalidCiphertextException');
  });
});

describe('the log', () => {
  test('one JSON line per request with our request id, KMS request id, operation and outcome; never a plaintext', async () => {
    const secret = 'the plaintext that must never be logged';
    const e = await encrypted('key-both', secret);
    const back = await call(keyPath('key-both', 'decrypt'), decryptBody(e));
    assert.equal(back.status, 200);
    const text = f.logs.join('\n');
    assert.ok(!text.includes(b64(secret)) && !text.includes(secret), 'no plaintext in the log');
    const lines = f.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const decrypt = lines.findLast((line) => line.api === 'Decrypt')!;
    assert.equal(decrypt.kmsRequestId, cryptoMetadata().kmsRequestId);
    assert.equal(decrypt.kmsOperation, 'Decrypt');
    assert.equal(decrypt.status, 200);
    assert.equal(decrypt.externalKeyId, 'key-both');
    assert.match(String(decrypt.requestId), /^[0-9a-f-]{36}$/);
    assert.equal(back.headers['x-request-id'], decrypt.requestId);
    assert.ok(lines.some((line) => line.errorName === 'AuthenticationFailedException' && line.status === 401));
  });
});
