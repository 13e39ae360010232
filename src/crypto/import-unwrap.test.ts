import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { KeyMaterialUnwrapError, UnsupportedAlgorithmError } from './errors.js';
import { aesKeyUnwrapWithPadding, unwrapKeyMaterial } from './import-unwrap.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { opensslOk, pem, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { loadVectors } from './vectors.test-helper.js';

interface KwpVector {
  KEK: string;
  Key: string;
  Wrap: string;
}

describe('unwrapKeyMaterial (ImportKeyMaterial, docs/kms-behaviour.md 4.3)', () => {
  const files = new TempFiles();
  let wrappingKey: AsymmetricKeyHandle;
  let wrappingPublicPem: string;
  before(async () => {
    wrappingKey = loadKeyMaterial('RSA_2048', await generateKeyMaterial('RSA_2048')) as AsymmetricKeyHandle;
    wrappingPublicPem = files.write('wrapping.pem', pem('PUBLIC KEY', publicKeySpki(wrappingKey)));
  });
  after(() => files.dispose());

  /** Step 3 of AWS's import procedure with openssl: RSA-OAEP with the same hash for MGF1. */
  const oaepWrap = (plaintext: Buffer, hash: 'sha1' | 'sha256'): Buffer =>
    opensslOk([
      'pkeyutl', '-encrypt', '-pubin', '-inkey', wrappingPublicPem, '-in', files.write(`plain-${hash}`, plaintext),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
    ]);

  /** RSA_AES_KEY_WRAP_*: OAEP-wrapped ephemeral AES-256 key ‖ `openssl enc -id-aes256-wrap-pad` of the material. */
  const hybridWrap = (material: Buffer, hash: 'sha1' | 'sha256'): Buffer => {
    const aesKey = randomBytes(32);
    const wrapped = opensslOk([
      'enc', '-id-aes256-wrap-pad', '-K', aesKey.toString('hex'), '-iv', 'A65959A6', '-in', files.write(`material-${hash}`, material),
    ]);
    return Buffer.concat([oaepWrap(aesKey, hash), wrapped]);
  };

  for (const [algorithm, hash] of [['RSAES_OAEP_SHA_1', 'sha1'], ['RSAES_OAEP_SHA_256', 'sha256']] as const) {
    test(`${algorithm}: unwraps 32 bytes of symmetric material wrapped by openssl`, () => {
      const material = randomBytes(32);
      assert.deepEqual(unwrapKeyMaterial(wrappingKey, algorithm, oaepWrap(material, hash)), material);
    });
  }

  for (const [algorithm, hash, keySpec] of [
    ['RSA_AES_KEY_WRAP_SHA_1', 'sha1', 'ECC_NIST_P521'],
    ['RSA_AES_KEY_WRAP_SHA_256', 'sha256', 'RSA_3072'],
  ] as const) {
    test(`${algorithm}: unwraps ${keySpec} PKCS#8 material wrapped by openssl, and it loads`, async () => {
      const material = await generateKeyMaterial(keySpec);
      const unwrapped = unwrapKeyMaterial(wrappingKey, algorithm, hybridWrap(material, hash));
      assert.deepEqual(unwrapped, material);
      assert.equal(loadKeyMaterial(keySpec, unwrapped).keySpec, keySpec);
    });
  }

  test('the wrong OAEP hash fails with KeyMaterialUnwrapError', () => {
    const wrapped = oaepWrap(randomBytes(32), 'sha1');
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSAES_OAEP_SHA_256', wrapped), KeyMaterialUnwrapError);
  });

  test('another wrapping key fails with KeyMaterialUnwrapError', async () => {
    const other = loadKeyMaterial('RSA_2048', await generateKeyMaterial('RSA_2048')) as AsymmetricKeyHandle;
    assert.throws(() => unwrapKeyMaterial(other, 'RSAES_OAEP_SHA_256', oaepWrap(randomBytes(32), 'sha256')), KeyMaterialUnwrapError);
  });

  test('corrupted or truncated wrapped material fails with KeyMaterialUnwrapError', () => {
    const hybrid = hybridWrap(randomBytes(48), 'sha256');
    const corrupted = Buffer.from(hybrid);
    corrupted[corrupted.length - 1] = (corrupted[corrupted.length - 1] as number) ^ 1;
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSA_AES_KEY_WRAP_SHA_256', corrupted), KeyMaterialUnwrapError);
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSA_AES_KEY_WRAP_SHA_256', hybrid.subarray(0, 256)), KeyMaterialUnwrapError);
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSA_AES_KEY_WRAP_SHA_256', hybrid.subarray(0, 100)), KeyMaterialUnwrapError);
    // A plain OAEP blob must be exactly one RSA block.
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSAES_OAEP_SHA_256', hybrid), KeyMaterialUnwrapError);
  });

  test('a hybrid blob given as plain OAEP (or the reverse) fails', () => {
    const oaep = oaepWrap(randomBytes(32), 'sha256');
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSA_AES_KEY_WRAP_SHA_256', oaep), KeyMaterialUnwrapError);
  });

  test('RSAES_PKCS1_V1_5 (retired by AWS) is not supported', () => {
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'RSAES_PKCS1_V1_5', Buffer.alloc(256)), UnsupportedAlgorithmError);
  });

  test('SM2PKE needs an SM2 wrapping key', () => {
    assert.throws(() => unwrapKeyMaterial(wrappingKey, 'SM2PKE', Buffer.alloc(256)), KeyMaterialUnwrapError);
  });

  test('a wrapping key that is not RSA fails with KeyMaterialUnwrapError', async () => {
    const ecKey = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => unwrapKeyMaterial(ecKey, 'RSAES_OAEP_SHA_256', Buffer.alloc(256)), KeyMaterialUnwrapError);
  });
});

describe('aesKeyUnwrapWithPadding (RFC 5649)', () => {
  test('matches the RFC 5649 §6 known answers', () => {
    const vectors = loadVectors<KwpVector>('rfc5649-aes-key-wrap-with-padding.json');
    assert.equal(vectors.length, 2);
    for (const vector of vectors) {
      const key = aesKeyUnwrapWithPadding(Buffer.from(vector.KEK, 'hex'), Buffer.from(vector.Wrap, 'hex'));
      assert.equal(key.toString('hex'), vector.Key);
    }
  });

  test('a key encryption key of another size than 128/192/256 bits is refused', () => {
    assert.throws(() => aesKeyUnwrapWithPadding(Buffer.alloc(20), Buffer.alloc(16)), /128, 192 or 256 bits/);
  });
});
