// Retention: pruning in chunks, the stored setting versus the option, and what a retention value may be.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditRetention, parseRetentionDays, pruneAuditTrail, RETENTION_SETTING } from './audit-retention.js';

const now = new Date('2025-06-01T00:00:00Z');

function fakeStore(pending: number, setting?: string) {
  const calls: { before: Date; limit: number }[] = [];
  return {
    calls,
    getSetting: async (name: string) => (name === RETENTION_SETTING ? setting : undefined),
    pruneAuditEvents: async (before: Date, limit: number) => {
      calls.push({ before, limit });
      const removed = Math.min(limit, pending);
      pending -= removed;
      return removed;
    },
  };
}

describe('audit retention', () => {
  test('records older than the retention are pruned in chunks until none is left', async () => {
    const store = fakeStore(12_000);
    assert.equal(await pruneAuditTrail(store, now, 90), 12_000);
    assert.equal(store.calls.length, 3);
    assert.deepEqual(store.calls[0]!.before, new Date('2025-03-03T00:00:00Z'));
  });

  test('the stored setting applies when no retention is configured, and none prunes nothing', async () => {
    const set = fakeStore(10, '30');
    assert.equal(await new AuditRetention(set, { now: () => now }, () => undefined).pruneNow(), 10);
    assert.deepEqual(set.calls[0]!.before, new Date('2025-05-02T00:00:00Z'));
    const unset = fakeStore(10);
    assert.equal(await new AuditRetention(unset, { now: () => now }, () => undefined).pruneNow(), 0);
    assert.equal(unset.calls.length, 0);
    const option = fakeStore(10, '30');
    await new AuditRetention(option, { now: () => now }, () => undefined, 7).pruneNow();
    assert.deepEqual(option.calls[0]!.before, new Date('2025-05-25T00:00:00Z'));
  });

  test('retention is a whole number of days; 0 keeps every record', () => {
    assert.equal(parseRetentionDays('90'), 90);
    assert.equal(parseRetentionDays('0'), undefined);
    assert.equal(parseRetentionDays(undefined), undefined);
    assert.throws(() => parseRetentionDays('-1'), /whole number of days/);
    assert.throws(() => parseRetentionDays('1.5'), /whole number of days/);
  });
});
