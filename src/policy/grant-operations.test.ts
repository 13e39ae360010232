// Which grant operations and constraints each kind of KMS key accepts (docs/kms-behaviour.md 6.3).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GRANT_MESSAGES,
  GRANT_OPERATIONS,
  grantKeyKind,
  validateGrantConstraintsForKey,
  validateGrantOperationsForKey,
  type GrantKeyKind,
} from './grant-operations.js';

const kindRows: [keySpec: string, keyUsage: string, kind: GrantKeyKind][] = [
  ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'SYMMETRIC_ENCRYPTION'],
  ['RSA_2048', 'ENCRYPT_DECRYPT', 'ASYMMETRIC_ENCRYPTION'],
  ['SM2', 'ENCRYPT_DECRYPT', 'ASYMMETRIC_ENCRYPTION'],
  ['RSA_4096', 'SIGN_VERIFY', 'SIGNING'],
  ['ECC_NIST_P256', 'SIGN_VERIFY', 'SIGNING'],
  ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KEY_AGREEMENT'],
  ['HMAC_256', 'GENERATE_VERIFY_MAC', 'HMAC'],
];

describe('grantKeyKind', () => {
  for (const [spec, usage, kind] of kindRows) {
    test(`${spec} with ${usage} is ${kind}`, () => assert.equal(grantKeyKind(spec, usage), kind));
  }
});

const validRows: [title: string, operations: string[], kind: GrantKeyKind, invalid?: string[]][] = [
  ['symmetric keys take the data-key operations', ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'CreateGrant', 'DescribeKey', 'RetireGrant'], 'SYMMETRIC_ENCRYPTION'],
  ['no Sign on a symmetric key', ['Encrypt', 'Sign'], 'SYMMETRIC_ENCRYPTION', ['Sign']],
  ['no GetPublicKey on a symmetric key', ['GetPublicKey'], 'SYMMETRIC_ENCRYPTION', ['GetPublicKey']],
  ['asymmetric encryption keys take GetPublicKey and ReEncrypt', ['Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey', 'DescribeKey'], 'ASYMMETRIC_ENCRYPTION'],
  ['no GenerateDataKey on an asymmetric key', ['Decrypt', 'GenerateDataKey', 'GenerateDataKeyPair'], 'ASYMMETRIC_ENCRYPTION', ['GenerateDataKey', 'GenerateDataKeyPair']],
  ['signing keys take Sign, Verify and GetPublicKey', ['Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant'], 'SIGNING'],
  ['no Encrypt on a signing key', ['Sign', 'Encrypt'], 'SIGNING', ['Encrypt']],
  ['key agreement keys take DeriveSharedSecret', ['DeriveSharedSecret', 'GetPublicKey'], 'KEY_AGREEMENT'],
  ['no Sign on a key agreement key', ['Sign'], 'KEY_AGREEMENT', ['Sign']],
  ['HMAC keys take GenerateMac and VerifyMac', ['GenerateMac', 'VerifyMac', 'DescribeKey'], 'HMAC'],
  ['no GenerateMac on a non-HMAC key', ['GenerateMac'], 'SIGNING', ['GenerateMac']],
  ['no GetPublicKey on an HMAC key', ['GetPublicKey'], 'HMAC', ['GetPublicKey']],
  ['an unknown operation name', ['Encrypt', 'Frobnicate'], 'SYMMETRIC_ENCRYPTION', ['Frobnicate']],
  ['a repeated invalid operation is named once', ['Sign', 'Sign'], 'HMAC', ['Sign']],
];

describe('validateGrantOperationsForKey', () => {
  for (const [title, operations, kind, invalid] of validRows) {
    test(title, () => {
      if (invalid === undefined) assert.doesNotThrow(() => validateGrantOperationsForKey(operations, kind));
      else assert.throws(() => validateGrantOperationsForKey(operations, kind), { name: 'ValidationException', message: GRANT_MESSAGES.operationsNotValid(invalid) });
    });
  }
  test('a grant of CreateGrant alone is rejected', () => {
    assert.throws(() => validateGrantOperationsForKey(['CreateGrant'], 'SYMMETRIC_ENCRYPTION'), {
      name: 'ValidationException',
      message: 'Grants must not contain only the CreateGrant operation.',
    });
  });
  test('every grant operation is valid for some key kind', () => {
    const kinds: GrantKeyKind[] = ['SYMMETRIC_ENCRYPTION', 'ASYMMETRIC_ENCRYPTION', 'SIGNING', 'KEY_AGREEMENT', 'HMAC'];
    for (const operation of GRANT_OPERATIONS) {
      const ok = kinds.some((kind) => {
        try {
          validateGrantOperationsForKey([operation, 'DescribeKey'], kind);
          return true;
        } catch {
          return false;
        }
      });
      assert.ok(ok, operation);
    }
  });
});

describe('validateGrantConstraintsForKey', () => {
  test('EC constraints are accepted on a symmetric encryption key', () => {
    assert.doesNotThrow(() => validateGrantConstraintsForKey({ encryptionContextSubset: { a: '1' } }, 'SYMMETRIC_ENCRYPTION'));
  });
  test('EC constraints are rejected on other keys', () => {
    assert.throws(() => validateGrantConstraintsForKey({ encryptionContextEquals: { a: '1' } }, 'SIGNING'), { name: 'ValidationException', message: GRANT_MESSAGES.constraintsNotValid });
  });
  test('no constraints is fine on any key', () => {
    assert.doesNotThrow(() => validateGrantConstraintsForKey(undefined, 'HMAC'));
  });
});
