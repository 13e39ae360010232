import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import type { KeySpec } from '../api/model.generated.js';
import { IncorrectKeyMaterialError } from './errors.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { publicKeySpki } from './public-key-spki.js';
import { opensslOk, TempFiles } from './openssl.test-helper.js';

describe('generateKeyMaterial', () => {
  test('SYMMETRIC_DEFAULT material is 32 random bytes', async () => {
    const [a, b] = await Promise.all([generateKeyMaterial('SYMMETRIC_DEFAULT'), generateKeyMaterial('SYMMETRIC_DEFAULT')]);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, b);
  });

  test('HMAC material has the digest length of its spec', async () => {
    const lengths: Array<[KeySpec, number]> = [['HMAC_224', 28], ['HMAC_256', 32], ['HMAC_384', 48], ['HMAC_512', 64]];
    for (const [keySpec, length] of lengths) assert.equal((await generateKeyMaterial(keySpec)).length, length, keySpec);
  });

  test('ML-DSA material is a 32-byte seed', async () => {
    for (const keySpec of ['ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'] as const) {
      assert.equal((await generateKeyMaterial(keySpec)).length, 32);
    }
  });

  test('RSA, ECC and Ed25519 material is PKCS#8 of the right key type', async () => {
    const expected: Array<[KeySpec, string, Record<string, unknown>]> = [
      ['RSA_2048', 'rsa', { modulusLength: 2048 }],
      ['ECC_NIST_P256', 'ec', { namedCurve: 'prime256v1' }],
      ['ECC_NIST_P384', 'ec', { namedCurve: 'secp384r1' }],
      ['ECC_NIST_P521', 'ec', { namedCurve: 'secp521r1' }],
      ['ECC_SECG_P256K1', 'ec', { namedCurve: 'secp256k1' }],
      ['ECC_NIST_EDWARDS25519', 'ed25519', {}],
    ];
    for (const [keySpec, type, details] of expected) {
      const key = createPrivateKey({ key: await generateKeyMaterial(keySpec), format: 'der', type: 'pkcs8' });
      assert.equal(key.asymmetricKeyType, type, keySpec);
      for (const [name, value] of Object.entries(details)) {
        assert.equal((key.asymmetricKeyDetails as Record<string, unknown>)[name], value, keySpec);
      }
    }
  });

  test('SM2 material is PKCS#8 of a key on the SM2 curve, and loads as an SM2 handle', async () => {
    const material = await generateKeyMaterial('SM2');
    assert.ok(material.includes(Buffer.from('06082a811ccf5501822d', 'hex')));
    const handle = loadKeyMaterial('SM2', material);
    assert.equal(handle.kind, 'sm2');
  });
});

describe('loadKeyMaterial', () => {
  const files = new TempFiles();
  after(() => files.dispose());

  test('generated material of every supported key spec loads', async () => {
    const specs: KeySpec[] = [
      'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_512', 'RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
      'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'SM2',
    ];
    for (const keySpec of specs) {
      const handle = loadKeyMaterial(keySpec, await generateKeyMaterial(keySpec));
      assert.equal(handle.keySpec, keySpec);
    }
  });

  test('the handle keeps its own copy: zeroing the material afterwards changes nothing', async () => {
    const material = await generateKeyMaterial('ML_DSA_44');
    const first = loadKeyMaterial('ML_DSA_44', material);
    const publicKey = Buffer.from(first.kind === 'ml-dsa' ? first.publicKey : []);
    material.fill(0);
    assert.equal(first.kind, 'ml-dsa');
    assert.deepEqual(Buffer.from(first.kind === 'ml-dsa' ? first.publicKey : []), publicKey);
  });

  test('ML-DSA key pairs are derived deterministically from the seed', () => {
    const seed = Buffer.alloc(32, 7);
    const a = loadKeyMaterial('ML_DSA_65', seed);
    const b = loadKeyMaterial('ML_DSA_65', Buffer.from(seed));
    assert.ok(a.kind === 'ml-dsa' && b.kind === 'ml-dsa');
    assert.deepEqual(a.publicKey, b.publicKey);
    assert.equal(a.publicKey.length, 1952);
  });

  test('SYMMETRIC_DEFAULT material must be exactly 32 bytes', () => {
    assert.throws(() => loadKeyMaterial('SYMMETRIC_DEFAULT', Buffer.alloc(31)), IncorrectKeyMaterialError);
    assert.throws(() => loadKeyMaterial('SYMMETRIC_DEFAULT', Buffer.alloc(33)), IncorrectKeyMaterialError);
  });

  test('HMAC material must be between the spec length and 128 bytes', () => {
    assert.throws(() => loadKeyMaterial('HMAC_384', Buffer.alloc(47)), IncorrectKeyMaterialError);
    assert.throws(() => loadKeyMaterial('HMAC_224', Buffer.alloc(129)), IncorrectKeyMaterialError);
    assert.equal(loadKeyMaterial('HMAC_384', Buffer.alloc(48)).keySpec, 'HMAC_384');
    assert.equal(loadKeyMaterial('HMAC_224', Buffer.alloc(128)).keySpec, 'HMAC_224');
  });

  test('ML-DSA material must be a 32-byte seed', () => {
    assert.throws(() => loadKeyMaterial('ML_DSA_44', Buffer.alloc(64)), IncorrectKeyMaterialError);
  });

  test('material that is not PKCS#8 is rejected', () => {
    assert.throws(() => loadKeyMaterial('ECC_NIST_P256', Buffer.from('not a key')), IncorrectKeyMaterialError);
  });

  test('the RSA modulus must be exactly the spec size', async () => {
    const rsa3072 = await generateKeyMaterial('RSA_3072');
    assert.throws(() => loadKeyMaterial('RSA_2048', rsa3072), /modulus is 3072 bits, expected 2048/);
    assert.equal(loadKeyMaterial('RSA_3072', rsa3072).keySpec, 'RSA_3072');
  });

  test('multi-prime RSA keys are rejected', () => {
    const traditional = opensslOk(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_primes:3']);
    const der = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], traditional);
    assert.throws(() => loadKeyMaterial('RSA_2048', der), /multi-prime/);
  });

  test('RSASSA-PSS-restricted keys are rejected', () => {
    const der = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.throws(() => loadKeyMaterial('RSA_2048', der), /not an RSA private key/);
  });

  test('an EC key on another curve is rejected', async () => {
    const p384 = await generateKeyMaterial('ECC_NIST_P384');
    assert.throws(() => loadKeyMaterial('ECC_NIST_P256', p384), /curve secp384r1, expected prime256v1/);
  });

  test('a key of another type is rejected', async () => {
    const ed25519 = await generateKeyMaterial('ECC_NIST_EDWARDS25519');
    const p256 = await generateKeyMaterial('ECC_NIST_P256');
    assert.throws(() => loadKeyMaterial('ECC_NIST_P256', ed25519), IncorrectKeyMaterialError);
    assert.throws(() => loadKeyMaterial('RSA_2048', p256), IncorrectKeyMaterialError);
    assert.throws(() => loadKeyMaterial('ECC_NIST_EDWARDS25519', p256), IncorrectKeyMaterialError);
  });

  test('EC keys with explicit curve parameters are rejected even on the right curve', () => {
    const pemKey = opensslOk(['ecparam', '-name', 'prime256v1', '-param_enc', 'explicit', '-genkey', '-noout']);
    const der = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], pemKey);
    assert.throws(() => loadKeyMaterial('ECC_NIST_P256', der), /named curve/);
  });

  test('imported EC material with a compressed public point still yields an uncompressed SPKI', () => {
    const pemKey = opensslOk(['ecparam', '-name', 'prime256v1', '-genkey', '-noout']);
    const compressed = opensslOk(['ec', '-conv_form', 'compressed'], pemKey);
    const der = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], compressed);
    const spki = publicKeySpki(loadKeyMaterial('ECC_NIST_P256', der) as Parameters<typeof publicKeySpki>[0]);
    assert.equal(spki.length, 91);
    assert.equal(spki[spki.length - 65], 0x04);
    const expected = opensslOk(['pkey', '-pubout', '-outform', 'DER', '-ec_conv_form', 'uncompressed'], compressed);
    assert.deepEqual(spki, expected);
  });

  test('SM2 material must be PKCS#8, not a bare 32-byte scalar', () => {
    assert.throws(() => loadKeyMaterial('SM2', Buffer.alloc(32, 1)), IncorrectKeyMaterialError);
  });

});
