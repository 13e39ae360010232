// Unit tests of what the XKS client accepts from a proxy: the spec's CDIV test vector, the field and length rules of
// encrypt, decrypt, metadata and health answers.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDecryptAnswer, checkEncryptAnswer, checkHealth, checkKeyMetadata, ciphertextDataIntegrityValue } from './answer-checks.js';
import { XksCallError } from './xks-call-error.js';

const invalid = (work: () => unknown) => assert.throws(work, (error: unknown) => error instanceof XksCallError && error.failure.kind === 'invalid-response');

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const answer = (overrides: Record<string, unknown> = {}) => ({
  ciphertext: b64('821c642b5b71783367deaf18'),
  initializationVector: b64('1ccae5470f39700254779031'),
  authenticationTag: b64('bc1c4dda7707d6812447c5955e99b261'),
  ciphertextMetadata: Buffer.from('key_version=1').toString('base64'),
  ciphertextDataIntegrityValue: 'qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=',
  ...overrides,
});

describe('XKS answer checks', () => {
  test('the CDIV of the spec example (XKS Proxy API 5.5)', () => {
    const { result, cdiv } = checkEncryptAnswer(answer(), 12);
    const value = ciphertextDataIntegrityValue(Buffer.from('project=nile,department=marketing'), result);
    assert.equal(value.toString('hex'), 'a8703f2260bd8791ec2d15ea0b23e65a0631eedcf2a13a65cc82db3f47cf5ec7');
    assert.deepEqual(value, cdiv);
  });

  test('encrypt answers: lengths, base64 and required fields', () => {
    invalid(() => checkEncryptAnswer(answer(), 13)); // not as long as the plaintext
    invalid(() => checkEncryptAnswer(answer({ initializationVector: b64('00'.repeat(8)) }), 12));
    invalid(() => checkEncryptAnswer(answer({ authenticationTag: b64('00'.repeat(15)) }), 12));
    invalid(() => checkEncryptAnswer(answer({ ciphertextMetadata: Buffer.alloc(21).toString('base64') }), 12));
    invalid(() => checkEncryptAnswer(answer({ ciphertext: 'not base64!' }), 12));
    invalid(() => checkEncryptAnswer(answer({ ciphertextDataIntegrityValue: undefined }), 12));
    invalid(() => checkEncryptAnswer([answer()], 12));
    invalid(() => checkEncryptAnswer(null, 12));
    const { result } = checkEncryptAnswer(answer({ ciphertextMetadata: undefined, initializationVector: b64('00'.repeat(16)) }), 12);
    assert.equal(result.ciphertextMetadata, undefined);
    assert.equal(result.initializationVector.length, 16);
  });

  test('decrypt answers: the plaintext is as long as the ciphertext', () => {
    assert.deepEqual(checkDecryptAnswer({ plaintext: b64('0102') }, 2), Buffer.from([1, 2]));
    invalid(() => checkDecryptAnswer({ plaintext: b64('0102') }, 3));
    invalid(() => checkDecryptAnswer({}, 0));
  });

  test('metadata and health answers', () => {
    assert.deepEqual(checkKeyMetadata({ keySpec: 'AES_256', keyUsage: ['ENCRYPT', 'DECRYPT'], keyStatus: 'ENABLED', extra: 1 }), {
      keySpec: 'AES_256',
      keyUsage: ['ENCRYPT', 'DECRYPT'],
      keyStatus: 'ENABLED',
    });
    invalid(() => checkKeyMetadata({ keySpec: 'AES_256', keyUsage: 'ENCRYPT', keyStatus: 'ENABLED' }));
    invalid(() => checkKeyMetadata({ keySpec: 'AES_256', keyUsage: Array(11).fill('ENCRYPT'), keyStatus: 'ENABLED' }));
    const health = (statuses: string[], fleetSize: unknown = 1) => ({
      xksProxyFleetSize: fleetSize,
      xksProxyVendor: 'v',
      xksProxyModel: 'm',
      ekmVendor: 'e',
      ekmFleetDetails: statuses.map((healthStatus, i) => ({ id: `${i}`, model: 'x', healthStatus })),
    });
    assert.deepEqual(checkHealth(health(['ACTIVE', 'UNAVAILABLE'])), { allUnavailable: false });
    assert.deepEqual(checkHealth(health(['UNAVAILABLE', 'UNAVAILABLE'])), { allUnavailable: true });
    invalid(() => checkHealth(health([])));
    invalid(() => checkHealth(health(['ACTIVE'], 0)));
    invalid(() => checkHealth(health(['ACTIVE'], 1.5)));
    invalid(() => checkHealth(health(['SLEEPY'])));
  });
});
