import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCiphertextBlob,
  HEADER_BYTES,
  OVERHEAD_BYTES,
  parseCiphertextBlob,
  type CiphertextBlobHeader,
} from './ciphertext-blob.js';
import { InvalidCiphertextError } from './errors.js';

const header: CiphertextBlobHeader = {
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  accountId: '111122223333',
  keyMaterialId: 'a'.repeat(32) + '0123456789abcdef0123456789abcdef',
};
const fields = {
  salt: Buffer.alloc(16, 1),
  iv: Buffer.alloc(12, 2),
  ciphertext: Buffer.from('ciphertext bytes'),
  tag: Buffer.alloc(16, 3),
};

describe('ciphertext blob', () => {
  test('encode then parse gives back every field', () => {
    const blob = encodeCiphertextBlob(header, fields);
    assert.equal(blob.length, fields.ciphertext.length + OVERHEAD_BYTES);
    const parsed = parseCiphertextBlob(blob);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.keyId, header.keyId);
    assert.equal(parsed.accountId, header.accountId);
    assert.equal(parsed.keyMaterialId, header.keyMaterialId);
    assert.deepEqual(parsed.salt, fields.salt);
    assert.deepEqual(parsed.iv, fields.iv);
    assert.deepEqual(parsed.ciphertext, fields.ciphertext);
    assert.deepEqual(parsed.tag, fields.tag);
    assert.deepEqual(parsed.header, blob.subarray(0, HEADER_BYTES));
  });

  test('the layout is the one docs/ciphertext-blob.md describes', () => {
    const blob = encodeCiphertextBlob(header, fields);
    assert.equal(blob.toString('hex', 0, 4), '4f4b0101');
    assert.equal(blob.toString('hex', 4, 20), '1234abcd12ab34cd56ef1234567890ab');
    assert.equal(blob.readUIntBE(20, 5), 111122223333);
    assert.equal(blob.toString('hex', 25, 57), header.keyMaterialId);
    assert.deepEqual(blob.subarray(57, 73), fields.salt);
    assert.deepEqual(blob.subarray(73, 85), fields.iv);
    assert.deepEqual(blob.subarray(85, blob.length - 16), fields.ciphertext);
    assert.deepEqual(blob.subarray(blob.length - 16), fields.tag);
  });

  test('multi-Region key IDs and accounts with leading zeros round-trip', () => {
    const mrk = { ...header, keyId: 'mrk-1234abcd12ab34cd56ef1234567890ab', accountId: '000000000042' };
    const blob = encodeCiphertextBlob(mrk, fields);
    assert.equal(blob[3], 0x02);
    const parsed = parseCiphertextBlob(blob);
    assert.equal(parsed.keyId, mrk.keyId);
    assert.equal(parsed.accountId, '000000000042');
  });

  test('a Uint8Array that is not a Buffer parses too', () => {
    const blob = encodeCiphertextBlob(header, fields);
    assert.equal(parseCiphertextBlob(new Uint8Array(blob)).keyId, header.keyId);
  });

  test('malformed identifiers are programming errors, not ciphertext errors', () => {
    assert.throws(() => encodeCiphertextBlob({ ...header, keyId: 'alias/foo' }, fields), TypeError);
    assert.throws(() => encodeCiphertextBlob({ ...header, keyId: header.keyId.toUpperCase() }, fields), TypeError);
    assert.throws(() => encodeCiphertextBlob({ ...header, accountId: '12345' }, fields), TypeError);
    assert.throws(() => encodeCiphertextBlob({ ...header, keyMaterialId: 'xyz' }, fields), TypeError);
    assert.throws(() => encodeCiphertextBlob(header, { ...fields, iv: Buffer.alloc(16) }), TypeError);
  });

  test('garbage, truncation and unknown versions are InvalidCiphertextError', () => {
    const blob = encodeCiphertextBlob(header, fields);
    assert.throws(() => parseCiphertextBlob(Buffer.alloc(0)), InvalidCiphertextError);
    assert.throws(() => parseCiphertextBlob(Buffer.from('AQICAHj garbage that is long enough to look like a blob'.repeat(3))), InvalidCiphertextError);
    assert.throws(() => parseCiphertextBlob(blob.subarray(0, OVERHEAD_BYTES - 1)), InvalidCiphertextError);
    const otherVersion = Buffer.from(blob);
    otherVersion[2] = 0x02;
    assert.throws(() => parseCiphertextBlob(otherVersion), /Unknown ciphertext blob version/);
    const otherKeyIdType = Buffer.from(blob);
    otherKeyIdType[3] = 0x09;
    assert.throws(() => parseCiphertextBlob(otherKeyIdType), InvalidCiphertextError);
    const badAccount = Buffer.from(blob);
    badAccount.fill(0xff, 20, 25);
    assert.throws(() => parseCiphertextBlob(badAccount), InvalidCiphertextError);
  });

  test('an AWS-made blob (01 02 02 00 78 …) is not mistaken for ours', () => {
    const aws = Buffer.concat([Buffer.from('0102020078', 'hex'), Buffer.alloc(200, 0x55)]);
    assert.throws(() => parseCiphertextBlob(aws), InvalidCiphertextError);
  });
});
