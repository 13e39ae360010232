import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decryptAsymmetric, encryptAsymmetric, maxPlaintextBytes } from './asymmetric-encryption.js';
import { IncompatibleAlgorithmError, InvalidCiphertextError, PlaintextTooLargeError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { publicKeySpki } from './public-key-spki.js';
import { opensslOk, pem, TempFiles } from './openssl.test-helper.js';

describe('maxPlaintextBytes', () => {
  test('is k − 2·hLen − 2 for every RSA key spec (docs/kms-behaviour.md 3.3)', () => {
    const table = [
      ['RSA_2048', 214, 190],
      ['RSA_3072', 342, 318],
      ['RSA_4096', 470, 446],
    ] as const;
    for (const [keySpec, sha1, sha256] of table) {
      assert.equal(maxPlaintextBytes(keySpec, 'RSAES_OAEP_SHA_1'), sha1);
      assert.equal(maxPlaintextBytes(keySpec, 'RSAES_OAEP_SHA_256'), sha256);
    }
  });

  test('is undefined for non-RSA key specs and SYMMETRIC_DEFAULT', () => {
    assert.throws(() => maxPlaintextBytes('ECC_NIST_P256', 'RSAES_OAEP_SHA_1'), IncompatibleAlgorithmError);
    assert.throws(() => maxPlaintextBytes('RSA_2048', 'SYMMETRIC_DEFAULT'), IncompatibleAlgorithmError);
  });
});

describe('RSAES-OAEP encryption', () => {
  const files = new TempFiles();
  let key: AsymmetricKeyHandle;
  let privatePem: string;
  let publicPem: string;
  before(async () => {
    const material = await generateKeyMaterial('RSA_2048');
    key = loadKeyMaterial('RSA_2048', material) as AsymmetricKeyHandle;
    privatePem = files.write('private.pem', pem('PRIVATE KEY', material));
    publicPem = files.write('public.pem', pem('PUBLIC KEY', publicKeySpki(key)));
  });
  after(() => files.dispose());

  const opensslOaep = (hash: string): string[] => [
    '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
  ];

  for (const [algorithm, hash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
    test(`${algorithm}: round-trips the largest allowed plaintext`, () => {
      const plaintext = randomBytes(maxPlaintextBytes('RSA_2048', algorithm));
      const ciphertext = encryptAsymmetric(key, algorithm, plaintext);
      assert.equal(ciphertext.length, 256);
      assert.deepEqual(decryptAsymmetric(key, algorithm, ciphertext), plaintext);
    });

    test(`${algorithm}: decrypts what openssl encrypted offline with the public key`, () => {
      const plaintext = randomBytes(32);
      const input = files.write(`in-${hash}`, plaintext);
      const ciphertext = opensslOk(['pkeyutl', '-encrypt', '-pubin', '-inkey', publicPem, '-in', input, ...opensslOaep(hash)]);
      assert.deepEqual(decryptAsymmetric(key, algorithm, ciphertext), plaintext);
    });

    test(`${algorithm}: openssl decrypts what we encrypted`, () => {
      const plaintext = randomBytes(48);
      const input = files.write(`ct-${hash}`, encryptAsymmetric(key, algorithm, plaintext));
      assert.deepEqual(opensslOk(['pkeyutl', '-decrypt', '-inkey', privatePem, '-in', input, ...opensslOaep(hash)]), plaintext);
    });
  }

  test('a plaintext one byte too long is rejected with AWS\'s message', () => {
    assert.throws(
      () => encryptAsymmetric(key, 'RSAES_OAEP_SHA_256', Buffer.alloc(191)),
      (error: unknown) =>
        error instanceof PlaintextTooLargeError &&
        error.message === 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    );
  });

  test('decrypting with the other OAEP hash fails with InvalidCiphertextError', () => {
    const ciphertext = encryptAsymmetric(key, 'RSAES_OAEP_SHA_1', Buffer.from('secret'));
    assert.throws(() => decryptAsymmetric(key, 'RSAES_OAEP_SHA_256', ciphertext), InvalidCiphertextError);
  });

  test('a ciphertext that is not one modulus-length block fails with InvalidCiphertextError', () => {
    const ciphertext = encryptAsymmetric(key, 'RSAES_OAEP_SHA_256', Buffer.from('secret'));
    assert.throws(() => decryptAsymmetric(key, 'RSAES_OAEP_SHA_256', ciphertext.subarray(1)), InvalidCiphertextError);
    assert.throws(() => decryptAsymmetric(key, 'RSAES_OAEP_SHA_256', Buffer.concat([ciphertext, Buffer.of(0)])), InvalidCiphertextError);
    const corrupted = Buffer.from(ciphertext);
    corrupted[100] = (corrupted[100] as number) ^ 1;
    assert.throws(() => decryptAsymmetric(key, 'RSAES_OAEP_SHA_256', corrupted), InvalidCiphertextError);
  });

  test('SYMMETRIC_DEFAULT, SM2PKE and non-RSA keys are incompatible with RSA encryption', async () => {
    assert.throws(() => encryptAsymmetric(key, 'SYMMETRIC_DEFAULT', Buffer.from('x')), IncompatibleAlgorithmError);
    assert.throws(() => encryptAsymmetric(key, 'SM2PKE', Buffer.from('x')), /Algorithm SM2PKE is incompatible with key spec RSA_2048\./);
    const ecKey = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => encryptAsymmetric(ecKey, 'RSAES_OAEP_SHA_256', Buffer.from('x')), IncompatibleAlgorithmError);
  });
});
