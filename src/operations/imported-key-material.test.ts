// Unit tests of the imported-material bookkeeping: the key state, ExpirationModel and ValidTo its materials imply, the
// one expiry job per key, and promoting material pending rotation (docs/kms-behaviour.md 1.1, 2.4, 4.5-4.7).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KmsKey } from '../domain/kms-key.js';
import { testKey } from '../domain/kms-key.test-helper.js';
import type { KeyMaterialRecord } from '../storage/repository.js';
import { Sealer } from '../storage/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { applyMaterialsToKey, promotePendingImportedMaterial, scheduleExpiry, withoutMaterial } from './imported-key-material.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

function key(overrides: Partial<KmsKey> = {}): KmsKey {
  return testKey({ creationDate: T0, origin: 'EXTERNAL', keyState: 'PendingImport', ...overrides });
}

function material(id: string, state: KeyMaterialRecord['state'], validTo?: Date, present = true): KeyMaterialRecord {
  const record: KeyMaterialRecord = { keyMaterialId: id.repeat(64), state, createdAt: T0, importState: 'IMPORTED' };
  if (present) record.material = randomBytes(32);
  record.expirationModel = validTo ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  if (validTo) record.validTo = validTo;
  return present ? record : withoutMaterial(record);
}

describe('applyMaterialsToKey', () => {
  test('all permanent material present: Enabled, ValidTo is the earliest expiry among permanent materials only', () => {
    const k = key();
    applyMaterialsToKey(k, [material('a', 'NON_CURRENT', days(9)), material('b', 'CURRENT', days(20)), material('c', 'PENDING_ROTATION', days(2))]);
    assert.deepEqual([k.keyState, k.expirationModel, k.validTo], ['Enabled', 'KEY_MATERIAL_EXPIRES', days(9)]);
  });

  test('no expiring permanent material: KEY_MATERIAL_DOES_NOT_EXPIRE and no ValidTo', () => {
    const k = key({ validTo: days(1), expirationModel: 'KEY_MATERIAL_EXPIRES' });
    applyMaterialsToKey(k, [material('a', 'CURRENT')]);
    assert.deepEqual([k.keyState, k.expirationModel, k.validTo], ['Enabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined]);
  });

  test('a permanent material missing: PendingImport without ExpirationModel, also from Disabled', () => {
    for (const keyState of ['Enabled', 'Disabled'] as const) {
      const k = key({ keyState, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
      applyMaterialsToKey(k, [material('a', 'NON_CURRENT', undefined, false), material('b', 'CURRENT')]);
      assert.deepEqual([k.keyState, k.expirationModel], ['PendingImport', undefined]);
    }
  });

  test('a key pending deletion keeps its state; a Disabled key with all material stays Disabled', () => {
    const pending = key({ keyState: 'PendingDeletion', expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    applyMaterialsToKey(pending, [material('a', 'CURRENT', undefined, false)]);
    assert.deepEqual([pending.keyState, pending.expirationModel], ['PendingDeletion', undefined]);
    const disabled = key({ keyState: 'Disabled' });
    applyMaterialsToKey(disabled, [material('a', 'CURRENT')]);
    assert.equal(disabled.keyState, 'Disabled');
  });

  test('a deleted material pending rotation does not change the state (1.1)', () => {
    const k = key({ keyState: 'Enabled' });
    applyMaterialsToKey(k, [material('a', 'CURRENT'), material('b', 'PENDING_ROTATION', undefined, false)]);
    assert.equal(k.keyState, 'Enabled');
  });
});

describe('with a store', () => {
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

  test('promotePendingImportedMaterial makes the pending material CURRENT and the current one NON_CURRENT', async () => {
    await withStore(async (store) => {
      const k = key({ keyState: 'Enabled', currentKeyMaterialId: 'a'.repeat(64) });
      const rotated: string[] = [];
      const promoted = await store.write(async (tx) => {
        await tx.putKey(k);
        await tx.putKeyMaterial(k, k.keyId, material('a', 'CURRENT'));
        await tx.putKeyMaterial(k, k.keyId, material('b', 'PENDING_ROTATION', days(50)));
        return promotePendingImportedMaterial(tx, k, days(1), async (_key, previous, current, type) => {
          rotated.push(`${previous?.[0]}->${current[0]} ${type}`);
        });
      });
      assert.equal(promoted, true);
      assert.deepEqual(rotated, ['a->b ON_DEMAND']);
      assert.deepEqual([k.currentKeyMaterialId, k.keyState, k.validTo], ['b'.repeat(64), 'Enabled', days(50)]);
      const states = (await store.getKeyMaterials(k, k.keyId)).map((record) => [record.keyMaterialId[0], record.state, record.rotationType]);
      assert.deepEqual(states, [['a', 'NON_CURRENT', undefined], ['b', 'CURRENT', 'ON_DEMAND']]);
    });
  });

  test('the store lists materials without unsealing them: whether material is there, never the material', async () => {
    await withStore(async (store) => {
      const k = key({ keyState: 'Enabled', currentKeyMaterialId: 'a'.repeat(64) });
      await store.write(async (tx) => {
        await tx.putKey(k);
        await tx.putKeyMaterial(k, k.keyId, material('a', 'CURRENT'));
        await tx.putKeyMaterial(k, k.keyId, material('b', 'NON_CURRENT', undefined, false));
      });
      const summaries = await store.getKeyMaterialSummaries(k, k.keyId);
      assert.deepEqual(
        summaries.map((summary) => [summary.keyMaterialId[0], summary.state, summary.hasMaterial, 'material' in summary]),
        [['a', 'CURRENT', true, false], ['b', 'NON_CURRENT', false, false]],
      );
    });
  });

  test('promotePendingImportedMaterial returns false without present material pending rotation', async () => {
    await withStore(async (store) => {
      const k = key({ keyState: 'Enabled', currentKeyMaterialId: 'a'.repeat(64) });
      const promoted = await store.write(async (tx) => {
        await tx.putKey(k);
        await tx.putKeyMaterial(k, k.keyId, material('a', 'CURRENT'));
        await tx.putKeyMaterial(k, k.keyId, material('b', 'PENDING_ROTATION', undefined, false));
        return promotePendingImportedMaterial(tx, k, days(1));
      });
      assert.equal(promoted, false);
      assert.equal(k.currentKeyMaterialId, 'a'.repeat(64));
    });
  });
});
