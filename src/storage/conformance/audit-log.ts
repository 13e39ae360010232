// Conformance of the audit log: each account's records chained in append order and verifiable (audit-verify.ts),
// LookupEvents' query, and pruning that removes a chain's oldest prefix and leaves what remains verifiable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyAuditLog } from '../../audit/audit-verify.js';
import { keyArn } from '../../domain/identifiers.js';
import { at, auditRow, OTHER_ACCOUNT, OTHER_REGION, SCOPE } from './fixtures.js';
import type { StoreBackend, UseStore } from './store-backend.js';

const names = (events: readonly { eventName: string }[]) => events.map((e) => e.eventName);

export function auditLogConformance(use: UseStore, backend: StoreBackend): void {
  const verified = async (store: Parameters<StoreBackend['auditLogReader']>[0]) => {
    const report = verifyAuditLog(await backend.auditLogReader(store));
    assert.deepEqual(report.problems, []);
    return report;
  };

  test('records get consecutive chain indexes per account, in append order, and every chain verifies', () =>
    use(async (store) => {
      await store.write((tx) => tx.appendAuditEvents([auditRow(SCOPE, 'k1', 1), auditRow(OTHER_ACCOUNT, 'k9', 2), auditRow(SCOPE, 'k2', 3)]));
      await store.write((tx) => tx.appendAuditEvents([auditRow(OTHER_REGION, 'k3', 4)]));
      const mine = await store.queryAuditEvents({ ...SCOPE, limit: 10 });
      assert.deepEqual(mine.map((e) => e.chainIndex), [2, 1]);
      assert.equal(mine[0]!.prevHash, mine[1]!.hash);
      assert.deepEqual((await store.queryAuditEvents({ ...OTHER_REGION, limit: 10 })).map((e) => e.chainIndex), [3], 'one chain per account, across Regions');
      assert.deepEqual((await store.queryAuditEvents({ ...OTHER_ACCOUNT, limit: 10 })).map((e) => e.chainIndex), [1]);
      const report = await verified(store);
      assert.deepEqual([report.accounts, report.records], [2, 4]);
    }));

  test('queryAuditEvents: one account and Region, newest first, by time range and attribute, continued after a record', () =>
    use(async (store) => {
      await store.write((tx) =>
        tx.appendAuditEvents([
          auditRow(SCOPE, 'k1', 10, 'RotateKey'),
          auditRow(SCOPE, 'k2', 20, 'DeleteKey'),
          auditRow(SCOPE, 'k1', 30, 'DeleteExpiredKeyMaterial'),
          auditRow(SCOPE, 'k1', 30, 'RotateKey'),
          auditRow(OTHER_REGION, 'k1', 25, 'DeleteKey'),
        ]),
      );
      const all = await store.queryAuditEvents({ ...SCOPE, limit: 10 });
      assert.deepEqual(names(all), ['RotateKey', 'DeleteExpiredKeyMaterial', 'DeleteKey', 'RotateKey']);
      const range = await store.queryAuditEvents({ ...SCOPE, startTime: at(15).getTime(), endTime: at(30).getTime(), limit: 10 });
      assert.deepEqual(range.map((e) => e.eventTime), [at(30), at(30), at(20)].map((d) => d.getTime()));
      const byName = await store.queryAuditEvents({ ...SCOPE, attribute: { name: 'eventName', value: 'RotateKey' }, limit: 10 });
      assert.deepEqual(byName.map((e) => e.eventTime), [at(30).getTime(), at(10).getTime()]);
      const byArn = await store.queryAuditEvents({ ...SCOPE, attribute: { name: 'resourceName', value: keyArn(SCOPE, 'k2') }, limit: 10 });
      assert.deepEqual(names(byArn), ['DeleteKey']);
      const byKeyId = await store.queryAuditEvents({ ...SCOPE, attribute: { name: 'resourceName', value: 'k1' }, limit: 10 });
      assert.equal(byKeyId.length, 3, 'a key matches by the id that ends its ARN');
      const firstPage = await store.queryAuditEvents({ ...SCOPE, limit: 2 });
      const last = firstPage[1]!;
      const rest = await store.queryAuditEvents({ ...SCOPE, limit: 10, after: { eventTime: last.eventTime, seq: last.seq } });
      assert.deepEqual([...firstPage, ...rest].map((e) => e.eventId), all.map((e) => e.eventId));
    }));

  test('pruning removes each chain\'s oldest records older than the cut-off, at most the limit, and the rest still verifies', () =>
    use(async (store) => {
      await store.write((tx) =>
        tx.appendAuditEvents([
          ...Array.from({ length: 6 }, (_, i) => auditRow(SCOPE, 'k1', i)),
          ...Array.from({ length: 3 }, (_, i) => auditRow(OTHER_ACCOUNT, 'k9', i)),
        ]),
      );
      const cutOff = at(4);
      assert.equal(await store.pruneAuditEvents(cutOff, 3), 3);
      await verified(store);
      let removed = 3;
      for (let pass = await store.pruneAuditEvents(cutOff, 3); pass > 0; pass = await store.pruneAuditEvents(cutOff, 3)) removed += pass;
      assert.equal(removed, 7, 'records 0-3 of one account and 0-2 of the other');
      assert.deepEqual((await store.queryAuditEvents({ ...SCOPE, limit: 10 })).map((e) => e.chainIndex), [6, 5]);
      assert.deepEqual(await store.queryAuditEvents({ ...OTHER_ACCOUNT, limit: 10 }), []);
      // The chains go on from their heads after pruning, also the one pruned empty.
      await store.write((tx) => tx.appendAuditEvents([auditRow(SCOPE, 'k1', 9), auditRow(OTHER_ACCOUNT, 'k9', 9)]));
      assert.deepEqual((await store.queryAuditEvents({ ...OTHER_ACCOUNT, limit: 10 })).map((e) => e.chainIndex), [4]);
      const report = await verified(store);
      assert.equal(report.records, 4);
    }));

  test('pruning stops at a chain\'s first record newer than the cut-off, even when older ones follow it', () =>
    use(async (store) => {
      await store.write((tx) => tx.appendAuditEvents([auditRow(SCOPE, 'k1', 1), auditRow(SCOPE, 'k1', 100), auditRow(SCOPE, 'k1', 2)]));
      assert.equal(await store.pruneAuditEvents(at(50), 10), 1);
      assert.deepEqual((await store.queryAuditEvents({ ...SCOPE, limit: 10 })).map((e) => e.chainIndex).sort(), [2, 3]);
      await verified(store);
    }));
}
