import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { assertStrictDerSignature } from './der-signature.test-helper.js';
import { DigestLengthError, IncompatibleAlgorithmError, UnsupportedMessageTypeError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { openssl, opensslOk, pem, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { sign, verify } from './signing.js';

const CURVES = [
  ['ECC_NIST_P256', 'ECDSA_SHA_256', 'sha256', 72],
  ['ECC_NIST_P384', 'ECDSA_SHA_384', 'sha384', 104],
  ['ECC_NIST_P521', 'ECDSA_SHA_512', 'sha512', 139],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'sha256', 72],
] as const;

describe('ECDSA signatures', () => {
  const files = new TempFiles();
  const message = Buffer.from('ECDSA message for openkms');
  const messagePath = files.write('message', message);
  after(() => files.dispose());

  for (const [keySpec, algorithm, hash, maxLength] of CURVES) {
    describe(keySpec, () => {
      let key: AsymmetricKeyHandle;
      let publicPem: string;
      let privatePem: string;
      const digest = createHash(hash).update(message).digest();
      const digestPath = files.write(`${keySpec}.digest`, digest);
      before(async () => {
        const material = await generateKeyMaterial(keySpec);
        key = loadKeyMaterial(keySpec, material) as AsymmetricKeyHandle;
        publicPem = files.write(`${keySpec}-public.pem`, pem('PUBLIC KEY', publicKeySpki(key)));
        privatePem = files.write(`${keySpec}-private.pem`, pem('PRIVATE KEY', material));
      });

      test(`${algorithm} RAW: openssl dgst verifies our DER signature`, () => {
        const signature = sign(key, algorithm, message, 'RAW');
        assert.ok(signature.length <= maxLength);
        const sigPath = files.write(`${keySpec}-raw.sig`, signature);
        const result = openssl(['dgst', `-${hash}`, '-verify', publicPem, '-signature', sigPath, messagePath]);
        assert.equal(result.status, 0, result.stderr);
      });

      test(`${algorithm} DIGEST: openssl pkeyutl verifies our signature over the digest`, () => {
        // Several signatures, so both high and low s values and short r/s encodings get exercised.
        for (let i = 0; i < 8; i++) {
          const signature = sign(key, algorithm, digest, 'DIGEST');
          assert.ok(signature.length <= maxLength);
          const sigPath = files.write(`${keySpec}-digest-${i}.sig`, signature);
          const result = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', publicPem, '-in', digestPath, '-sigfile', sigPath]);
          assert.equal(result.status, 0, result.stderr);
        }
      });

      test(`${algorithm} DIGEST signatures are strict DER: SEQUENCE of two minimal INTEGERs`, () => {
        for (let i = 0; i < 16; i++) {
          assertStrictDerSignature(sign(key, algorithm, digest, 'DIGEST'));
        }
      });

      test(`${algorithm}: we verify openssl's signature as RAW and as DIGEST`, () => {
        const sigPath = files.path(`${keySpec}-openssl.sig`);
        opensslOk(['dgst', `-${hash}`, '-sign', privatePem, '-out', sigPath, messagePath]);
        const signature = files.read(`${keySpec}-openssl.sig`);
        assert.equal(verify(key, algorithm, message, signature, 'RAW'), true);
        assert.equal(verify(key, algorithm, digest, signature, 'DIGEST'), true);
      });

      test(`${algorithm}: signed as DIGEST verifies as RAW and the reverse`, () => {
        assert.equal(verify(key, algorithm, message, sign(key, algorithm, digest, 'DIGEST'), 'RAW'), true);
        assert.equal(verify(key, algorithm, digest, sign(key, algorithm, message, 'RAW'), 'DIGEST'), true);
      });

      test(`${algorithm}: changed messages and malformed signatures do not verify`, () => {
        const signature = sign(key, algorithm, message);
        const tampered = Buffer.from(signature);
        tampered[tampered.length - 3] = (tampered[tampered.length - 3] as number) ^ 1;
        const otherDigest = createHash(hash).update('other').digest();
        assert.equal(verify(key, algorithm, Buffer.from('other'), signature), false);
        assert.equal(verify(key, algorithm, message, tampered), false);
        assert.equal(verify(key, algorithm, otherDigest, signature, 'DIGEST'), false);
        assert.equal(verify(key, algorithm, digest, tampered, 'DIGEST'), false);
        assert.equal(verify(key, algorithm, digest, Buffer.from('not DER'), 'DIGEST'), false);
        assert.equal(verify(key, algorithm, message, Buffer.from('not DER'), 'RAW'), false);
      });

      test(`${algorithm}: a digest of the wrong length is rejected`, () => {
        assert.throws(() => sign(key, algorithm, Buffer.alloc(20), 'DIGEST'), DigestLengthError);
        assert.throws(() => verify(key, algorithm, Buffer.alloc(20), Buffer.alloc(8), 'DIGEST'), DigestLengthError);
      });
    });
  }

  test('each curve takes only its own hash (ECC_NIST_P256 with ECDSA_SHA_384 is incompatible)', async () => {
    const key = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(
      () => sign(key, 'ECDSA_SHA_384', message),
      (error: unknown) =>
        error instanceof IncompatibleAlgorithmError &&
        error.message === 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
    );
    assert.throws(() => verify(key, 'ECDSA_SHA_512', message, Buffer.alloc(8)), IncompatibleAlgorithmError);
    assert.throws(() => sign(key, 'RSASSA_PSS_SHA_256', message), IncompatibleAlgorithmError);
    assert.throws(() => sign(key, 'ECDSA_SHA_256', Buffer.alloc(64), 'EXTERNAL_MU'), UnsupportedMessageTypeError);
  });
});
