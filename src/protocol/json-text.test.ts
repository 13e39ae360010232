// A request body is UTF-8 JSON, decoded strictly: nothing is silently replaced with U+FFFD.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonText } from './json-text.js';

const serialization = (message: string) => ({ name: 'SerializationException', message });

describe('parseJsonText', () => {
  test('UTF-8 JSON, including characters outside the BMP written raw or as a surrogate pair, parses', () => {
    assert.deepEqual(parseJsonText(Buffer.from('{"a":"é😀","b":"\\ud83d\\ude00"}')), { a: 'é😀', b: '😀' });
  });

  test('byte FF inside a string is refused, so it cannot decode to the same text as byte FE', () => {
    for (const byte of [0xff, 0xfe, 0xc0, 0x80]) {
      const body = Buffer.concat([Buffer.from('{"EncryptionContext":{"k":"'), Buffer.from([byte]), Buffer.from('"}}')]);
      assert.throws(() => parseJsonText(body), serialization('The request body is not valid UTF-8.'));
    }
  });

  test('a truncated multi-byte sequence and an overlong encoding are refused', () => {
    assert.throws(() => parseJsonText(Buffer.from([0x22, 0xe2, 0x82, 0x22])), serialization('The request body is not valid UTF-8.'));
    assert.throws(() => parseJsonText(Buffer.from([0x22, 0xc0, 0xaf, 0x22])), serialization('The request body is not valid UTF-8.'));
  });

  test('a lone surrogate escape in a value or in a member name is refused (it would encode as U+FFFD)', () => {
    const lone = serialization('The request body contains a string that is not valid Unicode (a lone surrogate).');
    assert.throws(() => parseJsonText(Buffer.from('{"EncryptionContext":{"k":"\\ud800"}}')), lone);
    assert.throws(() => parseJsonText(Buffer.from('{"EncryptionContext":{"\\udfff":"v"}}')), lone);
    assert.throws(() => parseJsonText(Buffer.from('{"GrantTokens":["ok","\\uDBFFx"]}')), lone);
  });

  test('deep nesting is walked without recursion', () => {
    const depth = 5_000;
    const body = Buffer.from(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`);
    assert.throws(() => parseJsonText(body), { name: 'SerializationException' });
  });

  test('text that is not JSON is refused', () => {
    assert.throws(() => parseJsonText(Buffer.from('{"a":')), serialization('The request body is not valid JSON.'));
  });
});
