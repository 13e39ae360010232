// Unit tests of the SQLite store's key material listing: what ListKeyRotations reads, without unsealing material.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { externalKey as key, importedMaterial as material } from '../../domain/key-material.test-helper.js';
import { Sealer } from '../../crypto/sealer.js';
import { SqliteStore } from './sqlite-store.js';

describe('SqliteStore key materials', () => {
  async function withStore(work: (store: SqliteStore) => Promise<void>): Promise<void> {
    const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
    try {
      await work(store);
    } finally {
      await store.close();
    }
  }

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
});
