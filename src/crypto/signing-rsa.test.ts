import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { SigningAlgorithmSpec } from '../api/model.generated.js';
import { DigestLengthError, IncompatibleAlgorithmError, UnsupportedMessageTypeError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { openssl, opensslOk, pem, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { sign, verify } from './signing.js';

const ALGORITHMS = [
  ['RSASSA_PSS_SHA_256', 'sha256', true],
  ['RSASSA_PSS_SHA_384', 'sha384', true],
  ['RSASSA_PSS_SHA_512', 'sha512', true],
  ['RSASSA_PKCS1_V1_5_SHA_256', 'sha256', false],
  ['RSASSA_PKCS1_V1_5_SHA_384', 'sha384', false],
  ['RSASSA_PKCS1_V1_5_SHA_512', 'sha512', false],
] as const;

const HASH_BYTES = { sha256: 32, sha384: 48, sha512: 64 } as const;

describe('RSA signatures', () => {
  const files = new TempFiles();
  const message = Buffer.from('The quick brown fox jumps over the lazy dog');
  let key: AsymmetricKeyHandle;
  let publicPem: string;
  let privatePem: string;
  let messagePath: string;
  before(async () => {
    const material = await generateKeyMaterial('RSA_2048');
    key = loadKeyMaterial('RSA_2048', material) as AsymmetricKeyHandle;
    publicPem = files.write('public.pem', pem('PUBLIC KEY', publicKeySpki(key)));
    privatePem = files.write('private.pem', pem('PRIVATE KEY', material));
    messagePath = files.write('message', message);
  });
  after(() => files.dispose());

  for (const [algorithm, hash, pss] of ALGORITHMS) {
    const padding = (flag: string): string[] =>
      pss ? [flag, 'rsa_padding_mode:pss', flag, `rsa_pss_saltlen:${HASH_BYTES[hash]}`] : [];
    const digest = createHash(hash).update(message).digest();

    test(`${algorithm} RAW: openssl dgst verifies our signature`, () => {
      const signature = sign(key, algorithm, message, 'RAW');
      assert.equal(signature.length, 256);
      const sigPath = files.write(`${algorithm}-raw.sig`, signature);
      const result = openssl(['dgst', `-${hash}`, '-verify', publicPem, ...padding('-sigopt'), '-signature', sigPath, messagePath]);
      assert.equal(result.status, 0, result.stderr);
    });

    test(`${algorithm} DIGEST: openssl pkeyutl verifies our signature over the digest`, () => {
      const signature = sign(key, algorithm, digest, 'DIGEST');
      const sigPath = files.write(`${algorithm}-digest.sig`, signature);
      const digestPath = files.write(`${algorithm}.digest`, digest);
      const result = openssl([
        'pkeyutl', '-verify', '-pubin', '-inkey', publicPem, '-in', digestPath, '-sigfile', sigPath,
        '-pkeyopt', `digest:${hash}`, ...padding('-pkeyopt'),
      ]);
      assert.equal(result.status, 0, result.stderr);
    });

    test(`${algorithm}: we verify openssl's signature as RAW and as DIGEST`, () => {
      const sigPath = files.path(`${algorithm}-openssl.sig`);
      opensslOk(['dgst', `-${hash}`, '-sign', privatePem, ...padding('-sigopt'), '-out', sigPath, messagePath]);
      const signature = files.read(`${algorithm}-openssl.sig`);
      assert.equal(verify(key, algorithm, message, signature, 'RAW'), true);
      assert.equal(verify(key, algorithm, digest, signature, 'DIGEST'), true);
    });

    test(`${algorithm}: signed as DIGEST verifies as RAW and the reverse`, () => {
      assert.equal(verify(key, algorithm, message, sign(key, algorithm, digest, 'DIGEST'), 'RAW'), true);
      assert.equal(verify(key, algorithm, digest, sign(key, algorithm, message, 'RAW'), 'DIGEST'), true);
    });

    test(`${algorithm}: a changed message or signature does not verify`, () => {
      const signature = sign(key, algorithm, message);
      const tampered = Buffer.from(signature);
      tampered[10] = (tampered[10] as number) ^ 1;
      assert.equal(verify(key, algorithm, Buffer.from('another message'), signature), false);
      assert.equal(verify(key, algorithm, message, tampered), false);
      assert.equal(verify(key, algorithm, digest, tampered, 'DIGEST'), false);
      assert.equal(verify(key, algorithm, digest, signature.subarray(1), 'DIGEST'), false);
      assert.equal(verify(key, algorithm, message, Buffer.alloc(0)), false);
    });

    test(`${algorithm}: a digest of the wrong length is rejected with AWS's message`, () => {
      for (const length of [20, 31, 33, 64 === HASH_BYTES[hash] ? 48 : 64]) {
        assert.throws(
          () => sign(key, algorithm, Buffer.alloc(length), 'DIGEST'),
          (error: unknown) =>
            error instanceof DigestLengthError && error.message === `Digest is invalid length for algorithm ${algorithm}.`,
        );
      }
      assert.throws(() => verify(key, algorithm, Buffer.alloc(20), Buffer.alloc(256), 'DIGEST'), DigestLengthError);
    });
  }

  test('PSS signatures with another salt length do not verify (salt length = hash length)', () => {
    const sigPath = files.path('pss-salt20.sig');
    opensslOk([
      'dgst', '-sha256', '-sign', privatePem, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20',
      '-out', sigPath, messagePath,
    ]);
    const signature = files.read('pss-salt20.sig');
    const digest = createHash('sha256').update(message).digest();
    assert.equal(verify(key, 'RSASSA_PSS_SHA_256', message, signature, 'RAW'), false);
    assert.equal(verify(key, 'RSASSA_PSS_SHA_256', digest, signature, 'DIGEST'), false);
  });

  test('a PKCS#1 signature is not a PSS signature', () => {
    const signature = sign(key, 'RSASSA_PKCS1_V1_5_SHA_256', message);
    assert.equal(verify(key, 'RSASSA_PSS_SHA_256', message, signature), false);
  });

  test('PSS signatures are randomised, PKCS#1 v1.5 ones deterministic', () => {
    assert.notDeepEqual(sign(key, 'RSASSA_PSS_SHA_256', message), sign(key, 'RSASSA_PSS_SHA_256', message));
    assert.deepEqual(sign(key, 'RSASSA_PKCS1_V1_5_SHA_256', message), sign(key, 'RSASSA_PKCS1_V1_5_SHA_256', message));
  });

  test('RSA keys take neither ECDSA, Ed25519 nor ML-DSA algorithms, nor EXTERNAL_MU', () => {
    const others: SigningAlgorithmSpec[] = ['ECDSA_SHA_256', 'ED25519_SHA_512', 'ML_DSA_SHAKE_256'];
    for (const algorithm of others) assert.throws(() => sign(key, algorithm, message), IncompatibleAlgorithmError);
    assert.throws(() => sign(key, 'RSASSA_PSS_SHA_256', Buffer.alloc(64), 'EXTERNAL_MU'), UnsupportedMessageTypeError);
  });
});
