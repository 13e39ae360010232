import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { KeySpec } from '../api/model.generated.js';
import { IncompatiblePublicKeyError, InvalidPublicKeyError, UnsupportedKeySpecError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { deriveSharedSecret } from './key-agreement.js';
import { opensslOk, pem, TempFiles } from './openssl.test-helper.js';

const CURVES: Array<[KeySpec, string, number]> = [
  ['ECC_NIST_P256', 'prime256v1', 32],
  ['ECC_NIST_P384', 'secp384r1', 48],
  ['ECC_NIST_P521', 'secp521r1', 66],
];

const peerSpki = (namedCurve: string): Buffer =>
  generateKeyPairSync('ec', { namedCurve }).publicKey.export({ type: 'spki', format: 'der' });

describe('deriveSharedSecret (ECDH)', () => {
  const files = new TempFiles();
  after(() => files.dispose());

  for (const [keySpec, namedCurve, zBytes] of CURVES) {
    test(`${keySpec}: Z is ${zBytes} bytes and equals openssl pkeyutl -derive`, async () => {
      const material = await generateKeyMaterial(keySpec);
      const key = loadKeyMaterial(keySpec, material) as AsymmetricKeyHandle;
      const peer = peerSpki(namedCurve);
      const z = deriveSharedSecret(key, peer);
      assert.equal(z.length, zBytes);
      const expected = opensslOk([
        'pkeyutl', '-derive',
        '-inkey', files.write(`${keySpec}.pem`, pem('PRIVATE KEY', material)),
        '-peerkey', files.write(`${keySpec}-peer.pem`, pem('PUBLIC KEY', peer)),
      ]);
      assert.deepEqual(z, expected);
    });
  }

  test('a peer key with a compressed point gives the same Z', async () => {
    const key = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    const peerPem = opensslOk(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
    const uncompressed = opensslOk(['pkey', '-pubout', '-outform', 'DER'], peerPem);
    const compressed = opensslOk(['pkey', '-pubout', '-outform', 'DER', '-ec_conv_form', 'compressed'], peerPem);
    assert.ok(compressed.length < uncompressed.length);
    assert.deepEqual(deriveSharedSecret(key, compressed), deriveSharedSecret(key, uncompressed));
  });

  test('a peer key on another curve is IncompatiblePublicKeyError', async () => {
    const key = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => deriveSharedSecret(key, peerSpki('secp384r1')), IncompatiblePublicKeyError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' });
    assert.throws(() => deriveSharedSecret(key, rsa), IncompatiblePublicKeyError);
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' });
    assert.throws(() => deriveSharedSecret(key, x25519), IncompatiblePublicKeyError);
  });

  test('garbage and points off the curve are InvalidPublicKeyError', async () => {
    const key = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => deriveSharedSecret(key, Buffer.from('not a key')), InvalidPublicKeyError);
    const offCurve = Buffer.from(peerSpki('prime256v1'));
    offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1; // y no longer matches x
    assert.throws(() => deriveSharedSecret(key, offCurve), InvalidPublicKeyError);
  });

  test('secp256k1, Ed25519 and RSA keys cannot do key agreement', async () => {
    for (const keySpec of ['ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
      const key = loadKeyMaterial(keySpec, await generateKeyMaterial(keySpec)) as AsymmetricKeyHandle;
      assert.throws(() => deriveSharedSecret(key, peerSpki('secp256k1')), UnsupportedKeySpecError);
    }
  });
});
