// Conformance of the aliases role: alias names unique per account and Region, re-targeting, listing by key.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scope } from '../../domain/identifiers.js';
import type { AliasRecord } from '../alias-repository.js';
import { allPages, at, OTHER_ACCOUNT, OTHER_REGION, SCOPE } from './fixtures.js';
import type { UseStore } from './store-backend.js';

function alias(aliasName: string, targetKeyId: string, scope: Scope = SCOPE, second = 10): AliasRecord {
  return { ...scope, aliasName, targetKeyId, creationDate: at(second), lastUpdatedDate: at(second) };
}

export function aliasConformance(use: UseStore): void {
  test('an alias is read back as it was stored', () =>
    use(async (store) => {
      await store.write((tx) => tx.putAlias(alias('alias/orders', 'k1')));
      assert.deepEqual(await store.getAlias(SCOPE, 'alias/orders'), alias('alias/orders', 'k1'));
      assert.equal(await store.getAlias(SCOPE, 'alias/other'), undefined);
    }));

  test('an alias name is unique in its account and Region: storing it again re-targets it, and its creation date stays', () =>
    use(async (store) => {
      await store.write((tx) => tx.putAlias(alias('alias/orders', 'k1', SCOPE, 10)));
      await store.write((tx) => tx.putAlias(alias('alias/orders', 'k2', SCOPE, 20)));
      assert.deepEqual(await store.getAlias(SCOPE, 'alias/orders'), { ...alias('alias/orders', 'k2', SCOPE, 20), creationDate: at(10) });
      assert.deepEqual((await store.listAliases(SCOPE, 10)).items.map((a) => a.targetKeyId), ['k2']);
      assert.equal(await store.countAliases(SCOPE, 'k1'), 0);
      assert.equal(await store.countAliases(SCOPE, 'k2'), 1);
    }));

  test('the same alias name in another Region or account is another alias', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putAlias(alias('alias/orders', 'k1'));
        await tx.putAlias(alias('alias/orders', 'k2', OTHER_REGION));
        await tx.putAlias(alias('alias/orders', 'k3', OTHER_ACCOUNT));
      });
      await store.write((tx) => tx.deleteAlias(SCOPE, 'alias/orders'));
      assert.equal(await store.getAlias(SCOPE, 'alias/orders'), undefined);
      assert.equal((await store.getAlias(OTHER_REGION, 'alias/orders'))?.targetKeyId, 'k2');
      assert.equal((await store.getAlias(OTHER_ACCOUNT, 'alias/orders'))?.targetKeyId, 'k3');
    }));

  test('listAliases pages in the order aliases were first stored, all of them or those of one key', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        for (const [name, key] of [['alias/e', 'k1'], ['alias/c', 'k2'], ['alias/a', 'k1'], ['alias/d', 'k1'], ['alias/b', 'k2']] as const) {
          await tx.putAlias(alias(name, key));
        }
        await tx.putAlias(alias('alias/x', 'k1', OTHER_REGION));
      });
      const names = (pages: AliasRecord[][]) => pages.map((page) => page.map((a) => a.aliasName));
      assert.deepEqual(names(await allPages((marker) => store.listAliases(SCOPE, 2, marker))), [['alias/e', 'alias/c'], ['alias/a', 'alias/d'], ['alias/b']]);
      assert.deepEqual(names(await allPages((marker) => store.listAliases(SCOPE, 2, marker, 'k1'))), [['alias/e', 'alias/a'], ['alias/d']]);
      assert.equal(await store.countAliases(SCOPE, 'k1'), 3);
      assert.equal(await store.countAliases(SCOPE, 'k9'), 0);
    }));

  test('deleteAliasesOfKey removes the aliases of that key, and only of that key', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putAlias(alias('alias/a', 'k1'));
        await tx.putAlias(alias('alias/b', 'k1'));
        await tx.putAlias(alias('alias/c', 'k2'));
        await tx.putAlias(alias('alias/a', 'k1', OTHER_REGION));
      });
      await store.write((tx) => tx.deleteAliasesOfKey(SCOPE, 'k1'));
      assert.deepEqual((await store.listAliases(SCOPE, 10)).items.map((a) => a.aliasName), ['alias/c']);
      assert.equal(await store.countAliases(OTHER_REGION, 'k1'), 1);
    }));
}
