// Unit tests of import tokens: they round-trip their claims and wrapping key, open under the same root key after a
// restart, and anything altered, truncated or made under another root key does not open.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ImportTokenError, ImportTokenService, type ImportTokenClaims } from './import-token-service.js';

const claims: ImportTokenClaims = {
  accountId: '111122223333',
  region: 'eu-central-1',
  keyId: 'mrk-0123456789abcdef0123456789abcdef',
  wrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256',
  wrappingKeySpec: 'RSA_4096',
  parametersValidTo: new Date('2030-05-06T07:08:09.123Z'),
  importEpoch: 3,
};

describe('ImportTokenService', () => {
  test('a token opens to its claims and the wrapping private key, and shows neither in the clear', () => {
    const tokens = ImportTokenService.fromRootKey(randomBytes(32));
    const privateKey = randomBytes(1200);
    const token = tokens.issue(claims, privateKey);
    const opened = tokens.open(token);
    assert.deepEqual(opened.claims, claims);
    assert.deepEqual(opened.wrappingPrivateKeyPkcs8, privateKey);
    assert.equal(token.includes(Buffer.from(claims.keyId)), false);
    assert.equal(token.includes(privateKey.subarray(0, 32)), false);
  });

  test('the same root key opens tokens of an earlier instance (a restart within the 24 hours)', () => {
    const rootKey = randomBytes(32);
    const token = ImportTokenService.fromRootKey(rootKey).issue(claims, randomBytes(64));
    assert.deepEqual(ImportTokenService.fromRootKey(rootKey).open(token).claims, claims);
  });

  test('a token made under another root key, altered in any byte, or truncated does not open', () => {
    const tokens = ImportTokenService.fromRootKey(randomBytes(32));
    const token = tokens.issue(claims, randomBytes(64));
    assert.throws(() => ImportTokenService.fromRootKey(randomBytes(32)).open(token), ImportTokenError);
    for (const index of [0, 5, 20, token.length - 1]) {
      const altered = Buffer.from(token);
      altered[index]! ^= 0x01;
      assert.throws(() => tokens.open(altered), ImportTokenError);
    }
    assert.throws(() => tokens.open(token.subarray(0, token.length - 1)), ImportTokenError);
    assert.throws(() => tokens.open(Buffer.alloc(0)), ImportTokenError);
  });

  test('after destroy the service no longer opens tokens', () => {
    const tokens = ImportTokenService.fromRootKey(randomBytes(32));
    const token = tokens.issue(claims, randomBytes(64));
    tokens.destroy();
    assert.throws(() => tokens.open(token), ImportTokenError);
  });
});
