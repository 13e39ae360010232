// Unit tests of promoting imported material pending rotation against an in-memory store: CURRENT, NON_CURRENT, the
// rotation listener and ValidTo (docs/kms-behaviour.md 4.7).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { days, externalKey as key, importedMaterial as material } from '../domain/key-material.test-helper.js';
import { Sealer } from '../crypto/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { promotePendingImportedMaterial } from './promote-pending-imported-material.js';

describe('promotePendingImportedMaterial, on a store', () => {
  async function withStore(work: (store: SqliteStore) => Promise<void>): Promise<void> {
    const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
    try {
      await work(store);
    } finally {
      await store.close();
    }
  }

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
