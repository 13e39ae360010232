// Conformance of the key-usage role: the last usage of a key, per account, Region and key id, replaced and deleted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, OTHER_ACCOUNT, OTHER_REGION, SCOPE } from './fixtures.js';
import type { UseStore } from './store-backend.js';

export function usageConformance(use: UseStore): void {
  test('a key usage is read back as stored, per account and Region, replaced and deleted', () =>
    use(async (store) => {
      const usage = { operation: 'Encrypt' as const, timestamp: at(60), cloudTrailEventId: 'e-1', kmsRequestId: 'r-1' };
      await store.write(async (tx) => {
        await tx.putKeyLastUsage(SCOPE, 'k1', usage);
        await tx.putKeyLastUsage(OTHER_REGION, 'k1', { ...usage, operation: 'Decrypt' });
      });
      assert.deepEqual(await store.getKeyLastUsage(SCOPE, 'k1'), usage);
      assert.equal((await store.getKeyLastUsage(OTHER_REGION, 'k1'))?.operation, 'Decrypt');
      assert.equal(await store.getKeyLastUsage(OTHER_ACCOUNT, 'k1'), undefined);
      assert.equal(await store.getKeyLastUsage(SCOPE, 'k2'), undefined);

      const later = { operation: 'Sign' as const, timestamp: at(120), kmsRequestId: 'r-2' };
      await store.write((tx) => tx.putKeyLastUsage(SCOPE, 'k1', later));
      assert.deepEqual(await store.getKeyLastUsage(SCOPE, 'k1'), later);

      await store.write((tx) => tx.deleteKeyLastUsage(SCOPE, 'k1'));
      assert.equal(await store.getKeyLastUsage(SCOPE, 'k1'), undefined);
      assert.equal((await store.getKeyLastUsage(OTHER_REGION, 'k1'))?.operation, 'Decrypt');
    }));

  test('a usage written in a transaction that fails is not stored', () =>
    use(async (store) => {
      await assert.rejects(
        store.write(async (tx) => {
          await tx.putKeyLastUsage(SCOPE, 'k1', { operation: 'Encrypt', timestamp: at(1), kmsRequestId: 'r' });
          throw new Error('rolled back');
        }),
      );
      assert.equal(await store.getKeyLastUsage(SCOPE, 'k1'), undefined);
    }));
}
