import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, spread } from './stats.js';

test('median of odd and even counts, unsorted input left untouched', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), /no values/);
});

test('spread gives median, min, max and count', () => {
  assert.deepEqual(spread([10, 30, 20, 40, 50]), { median: 30, min: 10, max: 50, count: 5 });
});
