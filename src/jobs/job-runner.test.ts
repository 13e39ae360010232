// The job runner: a due job runs once, even when two runners (processes, nodes) tick at the same moment; a job that
// fails stays scheduled; a runner without the lease runs nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Sealer } from '../crypto/sealer.js';
import type { JobRecord } from '../storage/repository.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { JobRunner, type JobHandler } from './job-runner.js';
import { ProcessLease } from './lease.js';

const scope = { accountId: '111122223333', region: 'us-east-1' };
const now = new Date('2026-06-01T00:00:00Z');
const clock = { now: () => new Date(now) };
const failOnLog = (message: string, error: unknown) => assert.fail(`${message}: ${String(error)}`);

async function withStore(work: (store: SqliteStore) => Promise<void>): Promise<void> {
  const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

const due = (keyId: string) => ({ kind: 'DeleteKey' as const, ...scope, keyId, dueAt: new Date(now.getTime() - 1000) });

describe('JobRunner', () => {
  test('two runners that tick at once run a due job once', async () => {
    await withStore(async (store) => {
      await store.write(async (tx) => {
        await tx.addJob(due('k1'));
        await tx.addJob(due('k2'));
      });
      const ran: string[] = [];
      const handler: JobHandler = async (job, tx) => {
        ran.push(job.keyId);
        await tx.putSetting(`ran.${job.keyId}`, String(Number((await tx.getSetting(`ran.${job.keyId}`)) ?? 0) + 1));
      };
      const first = new JobRunner(store, clock, { DeleteKey: handler }, failOnLog);
      const second = new JobRunner(store, clock, { DeleteKey: handler }, failOnLog);
      const counts = await Promise.all([first.runDue(), second.runDue()]);
      assert.deepEqual(ran.sort(), ['k1', 'k2']);
      assert.equal(counts[0] + counts[1], 2);
      assert.equal(await store.getSetting('ran.k1'), '1');
      assert.equal(await store.getSetting('ran.k2'), '1');
      assert.deepEqual(await store.dueJobs(now, 10), []);
    });
  });

  test('a job whose handler throws stays scheduled, with nothing of its work committed', async () => {
    await withStore(async (store) => {
      await store.write((tx) => tx.addJob(due('k1')));
      const errors: string[] = [];
      const runner = new JobRunner(
        store,
        clock,
        {
          DeleteKey: async (_job, tx) => {
            await tx.putSetting('half-done', 'yes');
            throw new Error('disk on fire');
          },
        },
        (message) => errors.push(message),
      );
      assert.equal(await runner.runDue(), 0);
      assert.deepEqual(errors, ['job DeleteKey for k1 failed; it stays scheduled']);
      assert.deepEqual((await store.dueJobs(now, 10)).map((job: JobRecord) => job.keyId), ['k1']);
      assert.equal(await store.getSetting('half-done'), undefined);
    });
  });

  test('a runner whose lease is not held runs nothing, and leaves the jobs scheduled', async () => {
    await withStore(async (store) => {
      await store.write((tx) => tx.addJob(due('k1')));
      const lease = new ProcessLease(false);
      assert.equal(await lease.acquire(), false);
      const runner = new JobRunner(store, clock, { DeleteKey: async () => assert.fail('ran without the lease') }, failOnLog, lease);
      assert.equal(await runner.runDue(), 0);
      assert.equal((await store.dueJobs(now, 10)).length, 1);
    });
  });
});
