import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { DigestLengthError, IncompatibleAlgorithmError, UnsupportedMessageTypeError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { openssl, opensslOk, pem, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { sign, verify } from './signing.js';
import { loadVectors } from './vectors.test-helper.js';

interface Ed25519phVector {
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
}

/** PKCS#8 PrivateKeyInfo for an Ed25519 private key (RFC 8410 §7): fixed prefix ‖ 32-byte seed. */
const ed25519Pkcs8 = (seed: Buffer): Buffer => Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);

describe('Ed25519 signatures (ECC_NIST_EDWARDS25519)', () => {
  const files = new TempFiles();
  const message = Buffer.from('Ed25519 message for openkms');
  let key: AsymmetricKeyHandle;
  let publicPem: string;
  let privatePem: string;
  before(async () => {
    const material = await generateKeyMaterial('ECC_NIST_EDWARDS25519');
    key = loadKeyMaterial('ECC_NIST_EDWARDS25519', material) as AsymmetricKeyHandle;
    publicPem = files.write('public.pem', pem('PUBLIC KEY', publicKeySpki(key)));
    privatePem = files.write('private.pem', pem('PRIVATE KEY', material));
  });
  after(() => files.dispose());

  test('ED25519_SHA_512 RAW: openssl verifies our 64-byte signature', () => {
    const signature = sign(key, 'ED25519_SHA_512', message, 'RAW');
    assert.equal(signature.length, 64);
    const result = openssl([
      'pkeyutl', '-verify', '-pubin', '-inkey', publicPem, '-rawin',
      '-in', files.write('message', message), '-sigfile', files.write('raw.sig', signature),
    ]);
    assert.equal(result.status, 0, result.stderr);
  });

  test("ED25519_SHA_512 RAW: we verify openssl's signature", () => {
    const signature = opensslOk(['pkeyutl', '-sign', '-inkey', privatePem, '-rawin', '-in', files.write('m2', message)]);
    assert.equal(verify(key, 'ED25519_SHA_512', message, signature), true);
    assert.equal(verify(key, 'ED25519_SHA_512', Buffer.from('other'), signature), false);
  });

  test('ED25519_SHA_512 requires RAW; ED25519_PH_SHA_512 requires DIGEST', () => {
    const digest = createHash('sha512').update(message).digest();
    assert.throws(() => sign(key, 'ED25519_SHA_512', digest, 'DIGEST'), UnsupportedMessageTypeError);
    assert.throws(() => sign(key, 'ED25519_PH_SHA_512', message, 'RAW'), UnsupportedMessageTypeError);
    assert.throws(() => verify(key, 'ED25519_PH_SHA_512', message, Buffer.alloc(64), 'RAW'), UnsupportedMessageTypeError);
  });

  test('ED25519_PH_SHA_512 takes a 64-byte SHA-512 digest only', () => {
    assert.throws(
      () => sign(key, 'ED25519_PH_SHA_512', Buffer.alloc(32), 'DIGEST'),
      (error: unknown) =>
        error instanceof DigestLengthError && error.message === 'Digest is invalid length for algorithm ED25519_PH_SHA_512.',
    );
  });

  test('ED25519_PH_SHA_512 applies the Ed25519ph pre-hash to the digest, so the message is hashed twice', () => {
    const digest = createHash('sha512').update(message).digest();
    const signature = sign(key, 'ED25519_PH_SHA_512', digest, 'DIGEST');
    assert.equal(signature.length, 64);
    assert.equal(verify(key, 'ED25519_PH_SHA_512', digest, signature, 'DIGEST'), true);
    const rawPublicKey = publicKeySpki(key).subarray(-32);
    // HashEdDSA over M = digest (PH(M) = SHA-512(digest)) ...
    assert.equal(ed25519ph.verify(signature, digest, rawPublicKey), true);
    // ... not over the original message, and not pure Ed25519 over the digest.
    assert.equal(ed25519ph.verify(signature, message, rawPublicKey), false);
    assert.equal(verify(key, 'ED25519_SHA_512', digest, signature, 'RAW'), false);
  });

  test('Ed25519ph matches RFC 8032 §7.3 for a key loaded from PKCS#8', () => {
    const [vector] = loadVectors<Ed25519phVector>('rfc8032-ed25519ph.json') as [Ed25519phVector];
    const rfcKey = loadKeyMaterial('ECC_NIST_EDWARDS25519', ed25519Pkcs8(Buffer.from(vector.secretKey, 'hex'))) as AsymmetricKeyHandle;
    const rawPublicKey = publicKeySpki(rfcKey).subarray(-32);
    assert.equal(rawPublicKey.toString('hex'), vector.publicKey);
    const expected = Buffer.from(vector.signature, 'hex');
    const rfcMessage = Buffer.from(vector.message, 'hex');
    assert.deepEqual(Buffer.from(ed25519ph.sign(rfcMessage, Buffer.from(vector.secretKey, 'hex'))), expected);
    // Our signer is deterministic and uses that same primitive with the seed from the PKCS#8.
    const digest = createHash('sha512').update(rfcMessage).digest();
    assert.deepEqual(
      sign(rfcKey, 'ED25519_PH_SHA_512', digest, 'DIGEST'),
      Buffer.from(ed25519ph.sign(digest, Buffer.from(vector.secretKey, 'hex'))),
    );
  });

  test('Ed25519 keys take no ECDSA or RSA algorithm', () => {
    assert.throws(() => sign(key, 'ECDSA_SHA_256', message), IncompatibleAlgorithmError);
    assert.throws(() => sign(key, 'RSASSA_PSS_SHA_512', message), IncompatibleAlgorithmError);
  });
});
