import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromPgText, toPgText } from './pg-text.js';

test('strings without NUL or the marker are stored as they are', () => {
  for (const value of ['', 'alias/orders', '{"a":"\\u0000"}', 'back\\slash', 'ünïcode ✓']) assert.equal(toPgText(value), value);
});

test('every string round-trips, and distinct strings stay distinct and free of NUL', () => {
  const values = ['a\u0000b', '\u0000', '\u0001', '\u0001\\0', '\u0001\u0000', 'x\\0', '\\\u0000\\', '\u0001x', 'x', '\\0'];
  const stored = values.map(toPgText);
  for (const [i, value] of values.entries()) {
    assert.ok(!stored[i]!.includes('\u0000'), `stored form of ${JSON.stringify(value)} has no NUL`);
    assert.equal(fromPgText(stored[i]!), value);
  }
  assert.equal(new Set(stored).size, values.length);
});
