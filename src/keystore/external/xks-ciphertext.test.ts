// Unit tests of the external key store's blob and outer AAD: the proxy's fields round trip through a blob that
// parseCiphertextBlob reads as any openkms blob, and the outer AAD binds key, material and encryption context.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import { InvalidCiphertextError } from '../../crypto/errors.js';
import { decodeXksCiphertext, encodeXksCiphertext, outerAad } from './xks-ciphertext.js';
import { connectionErrorCodeOf } from './connection-error-code.js';

const header = { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', accountId: '111122223333', keyMaterialId: 'ab'.repeat(32) };
const result = {
  ciphertext: Buffer.alloc(130, 9),
  initializationVector: Buffer.alloc(12, 1),
  authenticationTag: Buffer.alloc(16, 2),
  ciphertextMetadata: Buffer.from([1]),
};

describe('external key store ciphertexts', () => {
  test('the proxy fields round trip; the header names key, account and material', () => {
    const blob = parseCiphertextBlob(encodeXksCiphertext(header, result));
    assert.deepEqual([blob.keyId, blob.accountId, blob.keyMaterialId], [header.keyId, header.accountId, header.keyMaterialId]);
    assert.deepEqual(decodeXksCiphertext(blob), result);
    const { ciphertextMetadata: _none, ...withoutMetadata } = result;
    assert.deepEqual(decodeXksCiphertext(parseCiphertextBlob(encodeXksCiphertext(header, withoutMetadata))), withoutMetadata);
  });

  test('a blob of another layout is an InvalidCiphertextError', () => {
    const bytes = encodeXksCiphertext(header, result);
    for (const [offset, value] of [[57, 2], [58, 11], [71, 21]] as const) {
      const changed = Buffer.from(bytes);
      changed[offset] = value;
      assert.throws(() => decodeXksCiphertext(parseCiphertextBlob(changed)), InvalidCiphertextError, `byte ${offset}`);
    }
  });

  test('the outer AAD changes with the key, the material and the encryption context, not with pair order', () => {
    const arn = `arn:aws:kms:us-east-1:111122223333:key/${header.keyId}`;
    const base = outerAad(arn, header.keyMaterialId, { a: '1', b: '2' });
    assert.deepEqual(outerAad(arn, header.keyMaterialId, { b: '2', a: '1' }), base);
    assert.notDeepEqual(outerAad(arn.replace('1234abcd', '9999abcd'), header.keyMaterialId, { a: '1', b: '2' }), base);
    assert.notDeepEqual(outerAad(arn, 'cd'.repeat(32), { a: '1', b: '2' }), base);
    assert.notDeepEqual(outerAad(arn, header.keyMaterialId, { a: '1' }), base);
    assert.deepEqual(outerAad(arn, header.keyMaterialId, {}), outerAad(arn, header.keyMaterialId, undefined));
  });

  test('ConnectionErrorCode by what the health check met', () => {
    assert.equal(connectionErrorCodeOf({ kind: 'proxy-error', errorName: 'AuthenticationFailedException' }), 'INVALID_CREDENTIALS');
    assert.equal(connectionErrorCodeOf({ kind: 'proxy-error', errorName: 'InvalidUriPathException' }), 'XKS_PROXY_INVALID_CONFIGURATION');
    assert.equal(connectionErrorCodeOf({ kind: 'proxy-error', errorName: 'AccessDeniedException' }), 'XKS_PROXY_ACCESS_DENIED');
    assert.equal(connectionErrorCodeOf({ kind: 'proxy-error', errorName: 'InternalException' }), 'XKS_PROXY_INVALID_RESPONSE');
    assert.equal(connectionErrorCodeOf({ kind: 'tls' }), 'XKS_PROXY_INVALID_TLS_CONFIGURATION');
    assert.equal(connectionErrorCodeOf({ kind: 'unreachable' }), 'XKS_PROXY_NOT_REACHABLE');
    assert.equal(connectionErrorCodeOf({ kind: 'unhealthy' }), 'XKS_PROXY_NOT_REACHABLE');
    assert.equal(connectionErrorCodeOf({ kind: 'timeout' }), 'XKS_PROXY_TIMED_OUT');
  });
});
