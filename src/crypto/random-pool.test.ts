// The random pool hands out each byte once, and its slices are independent of one another.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from './random-pool.js';

test('slices never overlap, across pool refills, and are not all zero', () => {
  const slices = Array.from({ length: 1000 }, () => pooledRandomBytes(28));
  const seen = new Set(slices.map((slice) => slice.toString('hex')));
  assert.equal(seen.size, slices.length);
  for (const slice of slices) assert.equal(slice.length, 28);
  assert.ok(slices.some((slice) => slice.some((byte) => byte !== 0)));
  const first = Buffer.from(slices[0]!);
  slices[1]!.fill(0);
  assert.deepEqual(slices[0], first, 'writing one slice does not touch another');
});

test('a request larger than the pool gets its own buffer', () => {
  assert.equal(pooledRandomBytes(5000).length, 5000);
});
