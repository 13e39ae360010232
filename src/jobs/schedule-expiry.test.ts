// Unit tests of the DeleteExpiredKeyMaterial schedule against an in-memory store: one job per key, due at the earliest
// ValidTo of present expiring material (docs/kms-behaviour.md 4.6).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { days, externalKey as key, importedMaterial as material } from '../domain/key-material.test-helper.js';
import { Sealer } from '../crypto/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { scheduleExpiry } from './schedule-expiry.js';

describe('scheduleExpiry, on a store', () => {
  async function withStore(work: (store: SqliteStore) => Promise<void>): Promise<void> {
    const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
    try {
      await work(store);
    } finally {
      await store.close();
    }
  }

  test('scheduleExpiry keeps exactly one job per key, due at the earliest ValidTo of present expiring material', async () => {
    await withStore(async (store) => {
      const k = key();
      await store.write(async (tx) => {
        await tx.putKey(k);
        await scheduleExpiry(tx, k, [material('a', 'CURRENT', days(30)), material('b', 'PENDING_ROTATION', days(3))]);
        await scheduleExpiry(tx, k, [material('a', 'CURRENT', days(30)), material('b', 'PENDING_ROTATION', days(3), false)]);
      });
      const jobs = await store.dueJobs(days(400), 10);
      assert.deepEqual(jobs.map((job) => [job.kind, job.keyId, job.dueAt.getTime()]), [['DeleteExpiredKeyMaterial', k.keyId, days(30).getTime()]]);
      await store.write((tx) => scheduleExpiry(tx, k, [material('a', 'CURRENT')]));
      assert.deepEqual(await store.dueJobs(days(400), 10), []);
    });
  });
});
