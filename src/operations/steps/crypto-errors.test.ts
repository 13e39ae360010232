// Unit tests of the translation of key store errors into the AWS exceptions the operations answer with.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CustomKeyStoreNotFoundException, InvalidCiphertextException, KMSInvalidStateException } from '../../api/errors.js';
import { InvalidCiphertextError } from '../../crypto/errors.js';
import { testKey } from '../../domain/kms-key.test-helper.js';
import { KeyMaterialMissingError, KeyStoreNotAvailableError } from '../../keystore/errors.js';
import { awsErrorOf, withCryptoErrorsAsync } from './crypto-errors.js';

const { arn } = testKey();

test('a usable key without current material → KMSInvalidStateException "<arn> is pending import."', () => {
  const error = awsErrorOf(new KeyMaterialMissingError(arn));
  assert.ok(error instanceof KMSInvalidStateException);
  assert.equal(error.message, `${arn} is pending import.`);
});

test('a key whose custom key store is not available → CustomKeyStoreNotFoundException, as CreateKey answers for its id', () => {
  const error = awsErrorOf(new KeyStoreNotAvailableError(arn, 'EXTERNAL_KEY_STORE', 'cks-1234567890abcdef0'));
  assert.ok(error instanceof CustomKeyStoreNotFoundException);
  assert.equal(error.message, "Custom key store 'cks-1234567890abcdef0' does not exist.");
});

test('a key store passes on the crypto errors of a blob that does not open: InvalidCiphertextException with no message', async () => {
  const error = await withCryptoErrorsAsync(() => Promise.reject(new InvalidCiphertextError('The blob names another key.'))).catch((e: unknown) => e);
  assert.ok(error instanceof InvalidCiphertextException);
  assert.equal(error.message, new InvalidCiphertextException().message);
});

test('anything else passes through unchanged, for the pipeline to answer as an internal error', () => {
  const bug = new Error('Internal error: not a key pair');
  assert.equal(awsErrorOf(bug), bug);
});
