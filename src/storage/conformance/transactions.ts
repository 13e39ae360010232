// Conformance of Store.write: its work sees its own writes, a transaction that throws leaves nothing behind, and
// transactions that run at the same time serialize (no lost update).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuditLog } from '../../audit/audit-verify.js';
import { at, auditRow, nextTurn, SCOPE, testGrant, testKey, testMaterial } from './fixtures.js';
import type { StoreBackend, UseStore } from './store-backend.js';

export function transactionConformance(use: UseStore, backend: StoreBackend): void {
  test('write resolves with what its work returns, and the work reads its own writes', () =>
    use(async (store) => {
      const result = await store.write(async (tx) => {
        await tx.putKey(testKey('k1', SCOPE, { description: 'inside' }));
        await tx.putSetting('s', 'v');
        return [(await tx.getKey(SCOPE, 'k1'))?.description, await tx.getSetting('s')];
      });
      assert.deepEqual(result, ['inside', 'v']);
    }));

  test('a transaction that throws rolls back whole: nothing of it is visible, and no chain head moved', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putKey(testKey('k0', SCOPE, { description: 'before' }));
        await tx.appendAuditEvents([auditRow(SCOPE, 'k0', 1)]);
      });
      const failure = new Error('changed my mind');
      const key = testKey('k1');
      const rejected = store.write(async (tx) => {
        await tx.putKey(key);
        await tx.putKey(testKey('k0', SCOPE, { description: 'changed' }));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', Buffer.alloc(32, 7)));
        await tx.putAlias({ ...SCOPE, aliasName: 'alias/k1', targetKeyId: 'k1', creationDate: at(1), lastUpdatedDate: at(1) });
        await tx.putGrant(testGrant(key, 'a'));
        await tx.putGrantToken('token-hash', key.arn, testGrant(key, 'a').grantId);
        await tx.putSetting('s', 'v');
        await tx.addJob({ kind: 'DeleteKey', ...SCOPE, keyId: 'k1', dueAt: at(0) });
        await tx.putAccount('444455556666');
        await tx.appendAuditEvents([auditRow(SCOPE, 'k1', 2), auditRow(SCOPE, 'k1', 3)]);
        await nextTurn();
        throw failure;
      });
      await assert.rejects(rejected, (error) => error === failure);
      assert.equal((await store.getKey(SCOPE, 'k0'))?.description, 'before');
      assert.equal(await store.getKey(SCOPE, 'k1'), undefined);
      assert.deepEqual(await store.getKeyMaterials(SCOPE, 'k1'), []);
      assert.equal(await store.getAlias(SCOPE, 'alias/k1'), undefined);
      assert.equal(await store.countGrants(key.arn), 0);
      assert.equal(await store.grantOfToken('token-hash'), undefined);
      assert.equal(await store.getSetting('s'), undefined);
      assert.deepEqual(await store.dueJobs(at(10), 10), []);
      assert.equal(await store.accountExists('444455556666'), false);
      assert.deepEqual((await store.queryAuditEvents({ ...SCOPE, limit: 10 })).map((e) => e.chainIndex), [1]);
      // The next record follows the last committed one: the failed transaction took no chain index.
      await store.write((tx) => tx.appendAuditEvents([auditRow(SCOPE, 'k0', 4)]));
      assert.deepEqual((await store.queryAuditEvents({ ...SCOPE, limit: 10 })).map((e) => e.chainIndex), [2, 1]);
      assert.deepEqual(verifyAuditLog(await backend.auditLogReader(store)).problems, []);
    }));

  test('a transaction that throws does not hold up the next one', () =>
    use(async (store) => {
      const failed = store.write(async () => {
        throw new Error('first');
      });
      const next = store.write((tx) => tx.putSetting('s', 'after'));
      await assert.rejects(failed, { message: 'first' });
      await next;
      assert.equal(await store.getSetting('s'), 'after');
    }));

  test('transactions that read, wait and write the same setting at the same time lose no update', () =>
    use(async (store) => {
      await store.write((tx) => tx.putSetting('counter', '0'));
      const increment = () =>
        store.write(async (tx) => {
          const value = Number(await tx.getSetting('counter'));
          await nextTurn();
          await tx.putSetting('counter', String(value + 1));
        });
      await Promise.all(Array.from({ length: 20 }, increment));
      assert.equal(await store.getSetting('counter'), '20');
    }));

  test('transactions that read, wait and rewrite the same key at the same time both land', () =>
    use(async (store) => {
      await store.write((tx) => tx.putKey(testKey('k1')));
      const tag = (name: string) =>
        store.write(async (tx) => {
          const key = (await tx.getKey(SCOPE, 'k1'))!;
          await nextTurn();
          await tx.putKey({ ...key, tags: [...key.tags, { TagKey: name, TagValue: name }] });
        });
      await Promise.all([tag('a'), tag('b')]);
      assert.deepEqual((await store.getKey(SCOPE, 'k1'))!.tags.map((t) => t.TagKey).sort(), ['a', 'b']);
    }));
}
