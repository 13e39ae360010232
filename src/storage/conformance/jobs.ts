// Conformance of the jobs role: what is due, in which order, and the claim: of two transactions deleting the same
// job, only one sees it, so a job runs once however many runners read it as due.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobRecord } from '../job-repository.js';
import { at, nextTurn, OTHER_REGION, SCOPE } from './fixtures.js';
import type { UseStore } from './store-backend.js';

const job = (keyId: string, second: number, overrides: Partial<JobRecord> = {}): JobRecord => ({ kind: 'DeleteKey', ...SCOPE, keyId, dueAt: at(second), ...overrides });
const keys = (jobs: readonly JobRecord[]) => jobs.map((j) => j.keyId);

export function jobConformance(use: UseStore): void {
  test('dueJobs returns the jobs whose deadline has passed, by deadline then id, up to the limit, detail included', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.addJob(job('late', 300));
        await tx.addJob(job('b', 100, { kind: 'DeleteExpiredKeyMaterial', detail: { keyMaterialId: 'm1' } }));
        await tx.addJob(job('a', 50, { ...OTHER_REGION, kind: 'RotateKey' }));
        await tx.addJob(job('c', 100));
      });
      const due = await store.dueJobs(at(100), 10);
      assert.deepEqual(keys(due), ['a', 'b', 'c']);
      assert.deepEqual({ ...due[1], id: undefined }, { ...job('b', 100, { kind: 'DeleteExpiredKeyMaterial', detail: { keyMaterialId: 'm1' } }), id: undefined });
      assert.equal(due[0]!.region, OTHER_REGION.region);
      assert.ok(due.every((j) => Number.isInteger(j.id)) && new Set(due.map((j) => j.id)).size === 3, 'each job has an id of its own');
      assert.deepEqual(keys(await store.dueJobs(at(100), 2)), ['a', 'b']);
      assert.deepEqual(keys(await store.dueJobs(at(49), 10)), []);
    }));

  test('deleteJobs removes one key\'s jobs of one kind only', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.addJob(job('k1', 10, { kind: 'RotateKey' }));
        await tx.addJob(job('k1', 20, { kind: 'RotateKey' }));
        await tx.addJob(job('k1', 30));
        await tx.addJob(job('k2', 40, { kind: 'RotateKey' }));
        await tx.addJob(job('k1', 50, { ...OTHER_REGION, kind: 'RotateKey' }));
      });
      await store.write((tx) => tx.deleteJobs(SCOPE, 'k1', 'RotateKey'));
      assert.deepEqual((await store.dueJobs(at(100), 10)).map((j) => [j.keyId, j.kind, j.region]), [
        ['k1', 'DeleteKey', SCOPE.region],
        ['k2', 'RotateKey', SCOPE.region],
        ['k1', 'RotateKey', OTHER_REGION.region],
      ]);
    }));

  test('a job is claimed once: of two transactions deleting it at the same time, only one finds it', () =>
    use(async (store) => {
      await store.write((tx) => tx.addJob(job('k1', 10)));
      const [due] = await store.dueJobs(at(10), 10);
      const claim = () =>
        store.write(async (tx) => {
          await nextTurn();
          const claimed = await tx.deleteJob(due!.id!);
          await nextTurn();
          return claimed;
        });
      const results = await Promise.all([claim(), claim()]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.deepEqual(await store.dueJobs(at(10), 10), []);
      assert.equal(await store.write((tx) => tx.deleteJob(due!.id!)), false);
      assert.equal(await store.write((tx) => tx.deleteJob(987_654_321)), false, 'an id that never existed');
    }));

  test('a claim in a transaction that throws is undone: the job is due again', () =>
    use(async (store) => {
      await store.write((tx) => tx.addJob(job('k1', 10)));
      const [due] = await store.dueJobs(at(10), 10);
      await assert.rejects(
        store.write(async (tx) => {
          assert.equal(await tx.deleteJob(due!.id!), true);
          throw new Error('the job failed');
        }),
        { message: 'the job failed' },
      );
      assert.deepEqual(await store.dueJobs(at(10), 10), [due]);
    }));
}
