import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseCiphertextBlob, type CiphertextBlobHeader } from './ciphertext-blob.js';
import { IncompatibleAlgorithmError, InvalidCiphertextError } from './errors.js';
import type { SecretKeyHandle } from './key-handle.js';
import { loadKeyMaterial } from './key-material.js';
import { decryptSymmetric, encryptSymmetric } from './symmetric-encryption.js';

const header: CiphertextBlobHeader = {
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  accountId: '111122223333',
  keyMaterialId: 'f'.repeat(64),
};

describe('symmetric encryption (SYMMETRIC_DEFAULT)', () => {
  let key: SecretKeyHandle;
  let otherKey: SecretKeyHandle;
  before(() => {
    key = loadKeyMaterial('SYMMETRIC_DEFAULT', randomBytes(32)) as SecretKeyHandle;
    otherKey = loadKeyMaterial('SYMMETRIC_DEFAULT', randomBytes(32)) as SecretKeyHandle;
  });

  const decrypt = (blob: Buffer, context?: Record<string, string>, with_ = key): Buffer =>
    decryptSymmetric(with_, parseCiphertextBlob(blob), context);

  test('round-trips plaintext with and without an encryption context', () => {
    const plaintext = Buffer.from('hello, openkms');
    assert.deepEqual(decrypt(encryptSymmetric(key, header, plaintext)), plaintext);
    const context = { purpose: 'test', tenant: 'a' };
    assert.deepEqual(decrypt(encryptSymmetric(key, header, plaintext, context), context), plaintext);
  });

  test('the blob names the key and key material it was made with', () => {
    const parsed = parseCiphertextBlob(encryptSymmetric(key, header, Buffer.from('x')));
    assert.equal(parsed.keyId, header.keyId);
    assert.equal(parsed.accountId, header.accountId);
    assert.equal(parsed.keyMaterialId, header.keyMaterialId);
  });

  test('every encryption draws a fresh salt and IV', () => {
    const a = parseCiphertextBlob(encryptSymmetric(key, header, Buffer.from('same')));
    const b = parseCiphertextBlob(encryptSymmetric(key, header, Buffer.from('same')));
    assert.notDeepEqual(a.salt, b.salt);
    assert.notDeepEqual(a.iv, b.iv);
    assert.notDeepEqual(a.ciphertext, b.ciphertext);
  });

  test('4096 bytes of plaintext fit in a blob of at most 6144 bytes', () => {
    const blob = encryptSymmetric(key, header, randomBytes(4096));
    assert.ok(blob.length <= 6144, `blob is ${blob.length} bytes`);
    assert.equal(decrypt(blob).length, 4096);
  });

  test('the encryption context is order-insensitive and {} equals no context', () => {
    const plaintext = Buffer.from('data');
    const blob = encryptSymmetric(key, header, plaintext, { a: '1', b: '2' });
    assert.deepEqual(decrypt(blob, { b: '2', a: '1' }), plaintext);
    assert.deepEqual(decrypt(encryptSymmetric(key, header, plaintext, {})), plaintext);
    assert.deepEqual(decrypt(encryptSymmetric(key, header, plaintext), {}), plaintext);
  });

  test('a different encryption context fails with InvalidCiphertextError', () => {
    const blob = encryptSymmetric(key, header, Buffer.from('data'), { a: '1' });
    assert.throws(() => decrypt(blob), InvalidCiphertextError);
    assert.throws(() => decrypt(blob, { a: '2' }), InvalidCiphertextError);
    assert.throws(() => decrypt(blob, { A: '1' }), InvalidCiphertextError);
    assert.throws(() => decrypt(blob, { a: '1', b: '' }), InvalidCiphertextError);
    assert.throws(() => decrypt(encryptSymmetric(key, header, Buffer.from('data')), { a: '1' }), InvalidCiphertextError);
  });

  test('changing any byte of the blob makes decryption fail', () => {
    const blob = encryptSymmetric(key, header, Buffer.from('sixteen bytes!!!'), { a: '1' });
    for (let i = 0; i < blob.length; i++) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      assert.throws(() => decryptSymmetric(key, parseCiphertextBlob(tampered), { a: '1' }), InvalidCiphertextError, `byte ${i}`);
    }
  });

  test('another key material cannot decrypt', () => {
    const blob = encryptSymmetric(key, header, Buffer.from('data'));
    assert.throws(() => decrypt(blob, undefined, otherKey), InvalidCiphertextError);
  });

  test('an HMAC key cannot be used for symmetric encryption', () => {
    const hmacKey = loadKeyMaterial('HMAC_256', randomBytes(32)) as SecretKeyHandle;
    assert.throws(() => encryptSymmetric(hmacKey, header, Buffer.from('x')), IncompatibleAlgorithmError);
  });
});
