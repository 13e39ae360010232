// The enum order of AWS's ValidationException messages, against answers AWS gave (docs/kms-behaviour.md 8.4).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsEnumOrder, javaStringHashCode } from './enum-order.js';

test("Java's String.hashCode, including 32-bit overflow", () => {
  assert.equal(javaStringHashCode(''), 0);
  assert.equal(javaStringHashCode('a'), 97);
  assert.equal(javaStringHashCode('hello'), 99162322);
  assert.equal(javaStringHashCode('SYMMETRIC_DEFAULT'), -1801235207);
});

test('macAlgorithm as AWS printed it', () => {
  assert.deepEqual(awsEnumOrder(['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']), [
    'HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512',
  ]);
});

test('the eight-value customerMasterKeySpec of 2020 as AWS printed it', () => {
  const modelOrder = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT'];
  assert.deepEqual(awsEnumOrder(modelOrder), [
    'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'RSA_3072', 'ECC_SECG_P256K1', 'RSA_4096', 'SYMMETRIC_DEFAULT',
  ]);
});

test('the twelve-value keySpec of 2022 as AWS printed it', () => {
  const modelOrder = [
    'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT',
    'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512',
  ];
  assert.deepEqual(awsEnumOrder(modelOrder), [
    'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1', 'RSA_4096',
    'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512',
  ]);
});

test('every value is listed once, whatever the size', () => {
  const values = Array.from({ length: 60 }, (_, i) => `VALUE_${i}`);
  assert.deepEqual([...awsEnumOrder(values)].sort(), [...values].sort());
});
