import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalEncryptionContext } from './encryption-context.js';

describe('canonicalEncryptionContext', () => {
  test('an absent context and {} both encode as zero bytes', () => {
    assert.equal(canonicalEncryptionContext(undefined).length, 0);
    assert.equal(canonicalEncryptionContext({}).length, 0);
  });

  test('pair order does not matter', () => {
    const a = canonicalEncryptionContext({ purpose: 'test', department: 'ops', 'z-last': '1' });
    const b = canonicalEncryptionContext({ 'z-last': '1', department: 'ops', purpose: 'test' });
    assert.deepEqual(a, b);
  });

  test('keys and values are compared case-sensitively', () => {
    assert.notDeepEqual(canonicalEncryptionContext({ Key: 'v' }), canonicalEncryptionContext({ key: 'v' }));
    assert.notDeepEqual(canonicalEncryptionContext({ key: 'V' }), canonicalEncryptionContext({ key: 'v' }));
  });

  test('length prefixes keep pairs unambiguous', () => {
    assert.notDeepEqual(canonicalEncryptionContext({ ab: 'c' }), canonicalEncryptionContext({ a: 'bc' }));
    assert.notDeepEqual(canonicalEncryptionContext({ a: '', b: '' }), canonicalEncryptionContext({ a: 'b' }));
  });

  test('the encoding is count, then length-prefixed UTF-8 keys and values sorted by key bytes', () => {
    const encoded = canonicalEncryptionContext({ b: 'é', a: '1' });
    const expected = Buffer.from('0002' + '00000001' + '61' + '00000001' + '31' + '00000001' + '62' + '00000002' + 'c3a9', 'hex');
    assert.deepEqual(encoded, expected);
  });

  test('keys are sorted by UTF-8 bytes, not UTF-16 code units', () => {
    const astral = '\u{1F600}';
    const bmp = '\uFF21';
    const encoded = canonicalEncryptionContext({ [astral]: 'x', [bmp]: 'y' });
    const firstKey = encoded.subarray(6, 6 + encoded.readUInt32BE(2)).toString('utf8');
    // UTF-8: EF BC A1 (U+FF21) < F0 9F 98 80 (U+1F600); UTF-16 would put the surrogate D83D first.
    assert.equal(firstKey, bmp);
  });

  test('Unicode keys and values round-trip as UTF-8', () => {
    const encoded = canonicalEncryptionContext({ 'clé': '値' });
    assert.ok(encoded.includes(Buffer.from('clé', 'utf8')));
    assert.ok(encoded.includes(Buffer.from('値', 'utf8')));
  });
});
