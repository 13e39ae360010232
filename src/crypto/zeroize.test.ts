import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeroize } from './zeroize.js';

test('zeroize fills every given buffer with zeros and skips undefined', () => {
  const a = Buffer.from('secret');
  const b = new Uint8Array([1, 2, 3]);
  zeroize(a, undefined, b);
  assert.deepEqual(a, Buffer.alloc(6));
  assert.deepEqual(b, new Uint8Array(3));
});
