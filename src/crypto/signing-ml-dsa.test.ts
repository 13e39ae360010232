import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DigestLengthError, IncompatibleAlgorithmError, UnsupportedMessageTypeError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { sign, verify } from './signing.js';

const PARAMETER_SETS = [
  ['ML_DSA_44', 2420],
  ['ML_DSA_65', 3309],
  ['ML_DSA_87', 4627],
] as const;

/** FIPS 204 §6.2 μ for an empty context: SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64). */
function externalMu(publicKey: Uint8Array, message: Uint8Array): Buffer {
  const tr = createHash('shake256', { outputLength: 64 }).update(publicKey).digest();
  return createHash('shake256', { outputLength: 64 }).update(tr).update(Buffer.of(0, 0)).update(message).digest();
}

describe('ML-DSA signatures (ML_DSA_SHAKE_256)', () => {
  const message = Buffer.from('post-quantum message for openkms');

  for (const [keySpec, signatureBytes] of PARAMETER_SETS) {
    test(`${keySpec}: RAW sign and verify, raw FIPS 204 signature of ${signatureBytes} bytes`, async () => {
      const key = loadKeyMaterial(keySpec, await generateKeyMaterial(keySpec)) as AsymmetricKeyHandle;
      const signature = sign(key, 'ML_DSA_SHAKE_256', message, 'RAW');
      assert.equal(signature.length, signatureBytes);
      assert.equal(verify(key, 'ML_DSA_SHAKE_256', message, signature), true);
      assert.equal(verify(key, 'ML_DSA_SHAKE_256', Buffer.from('other'), signature), false);
      const tampered = Buffer.from(signature);
      tampered[5] = (tampered[5] as number) ^ 1;
      assert.equal(verify(key, 'ML_DSA_SHAKE_256', message, tampered), false);
      assert.equal(verify(key, 'ML_DSA_SHAKE_256', message, signature.subarray(1)), false);
    });
  }

  test('signing is hedged: two signatures of one message differ and both verify', async () => {
    const key = loadKeyMaterial('ML_DSA_44', await generateKeyMaterial('ML_DSA_44')) as AsymmetricKeyHandle;
    const a = sign(key, 'ML_DSA_SHAKE_256', message);
    const b = sign(key, 'ML_DSA_SHAKE_256', message);
    assert.notDeepEqual(a, b);
    assert.ok(verify(key, 'ML_DSA_SHAKE_256', message, a) && verify(key, 'ML_DSA_SHAKE_256', message, b));
  });

  test('an EXTERNAL_MU signature equals a RAW signature over the message (docs/kms-behaviour.md 3.4)', async () => {
    const key = loadKeyMaterial('ML_DSA_65', await generateKeyMaterial('ML_DSA_65')) as AsymmetricKeyHandle;
    assert.equal(key.kind, 'ml-dsa');
    const mu = externalMu(key.publicKey as Uint8Array, message);
    assert.equal(verify(key, 'ML_DSA_SHAKE_256', message, sign(key, 'ML_DSA_SHAKE_256', mu, 'EXTERNAL_MU'), 'RAW'), true);
    assert.equal(verify(key, 'ML_DSA_SHAKE_256', mu, sign(key, 'ML_DSA_SHAKE_256', message, 'RAW'), 'EXTERNAL_MU'), true);
    assert.equal(verify(key, 'ML_DSA_SHAKE_256', Buffer.alloc(64), sign(key, 'ML_DSA_SHAKE_256', message), 'EXTERNAL_MU'), false);
  });

  test('EXTERNAL_MU must be exactly 64 bytes; DIGEST is not supported', async () => {
    const key = loadKeyMaterial('ML_DSA_44', await generateKeyMaterial('ML_DSA_44')) as AsymmetricKeyHandle;
    assert.throws(() => sign(key, 'ML_DSA_SHAKE_256', Buffer.alloc(32), 'EXTERNAL_MU'), DigestLengthError);
    assert.throws(() => sign(key, 'ML_DSA_SHAKE_256', Buffer.alloc(64), 'DIGEST'), UnsupportedMessageTypeError);
  });

  test('ML-DSA keys take only ML_DSA_SHAKE_256, and other keys do not take it', async () => {
    const key = loadKeyMaterial('ML_DSA_44', await generateKeyMaterial('ML_DSA_44')) as AsymmetricKeyHandle;
    assert.throws(() => sign(key, 'ECDSA_SHA_256', message), IncompatibleAlgorithmError);
    const ecKey = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => sign(ecKey, 'ML_DSA_SHAKE_256', message), IncompatibleAlgorithmError);
  });

  test('SM2DSA is for SM2 keys only', async () => {
    const key = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => sign(key, 'SM2DSA', message), /Algorithm SM2DSA is incompatible with key spec ECC_NIST_P256\./);
  });
});
