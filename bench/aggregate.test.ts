import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateRounds } from './aggregate.js';
import type { ScenarioResult } from './measure.js';

function run(name: string, requestsPerSecond: number, p99Ms: number, status = 0): ScenarioResult {
  return {
    name,
    server: 'test',
    what: name,
    load: { requests: requestsPerSecond, durationSeconds: 1, requestsPerSecond, p50Ms: 1, p90Ms: 2, p99Ms, maxMs: 9, errors: { connect: 0, read: 0, write: 0, status, timeout: 0 } },
  };
}

const rounds = [
  [run('reference', 10_000, 10), run('encrypt', 7_000, 20)],
  [run('reference', 12_000, 30), run('encrypt', 5_000, 15)],
  [run('reference', 11_000, 12), run('encrypt', 9_000, 40, 5)],
];
const scenarios = [{ name: 'reference' }, { name: 'encrypt' }, { name: 'absent' }];

test('median: each scenario\'s median rate and p99, with the min-max of its clean rounds', () => {
  const [reference, encrypt, ...rest] = aggregateRounds(rounds, scenarios, 'median');
  assert.equal(rest.length, 0);
  assert.equal(reference!.load!.requestsPerSecond, 11_000);
  assert.equal(reference!.load!.p99Ms, 12);
  assert.deepEqual(reference!.rounds, { count: 3, minRequestsPerSecond: 10_000, maxRequestsPerSecond: 12_000, minP99Ms: 10, maxP99Ms: 30 });
  // The round with error responses is left out of the figures but counted.
  assert.equal(encrypt!.load!.requestsPerSecond, 6_000);
  assert.equal(encrypt!.load!.p99Ms, 17.5);
  assert.equal(encrypt!.rounds!.count, 3);
});

test('best: the round with the most requests/s, as before', () => {
  const [reference] = aggregateRounds(rounds, scenarios, 'best');
  assert.equal(reference!.load!.requestsPerSecond, 12_000);
  assert.equal(reference!.load!.p99Ms, 30);
});

test('start-up runs of all rounds are pooled', () => {
  const startup = (ms: number[]): ScenarioResult => ({ name: 'startup-fresh', server: 'openkms', what: 'x', startupMs: ms });
  const [result] = aggregateRounds([[startup([1, 2])], [startup([3])]], [{ name: 'startup-fresh' }], 'median');
  assert.deepEqual(result!.startupMs, [1, 2, 3]);
});
