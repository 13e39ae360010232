// The audit trail's SQL: per-account chains, LookupEvents queries and pages, retention with anchors, verification of
// a tampered table, and the writer thread's own connection beside the store's.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { chainHash, GENESIS_HASH } from '../../audit/audit-chain.js';
import { auditRowOf } from '../../audit/audit-row.js';
import { verifyAuditLog } from '../../audit/audit-verify.js';
import type { CloudTrailRecord } from '../../audit/cloudtrail-record.js';
import { Sealer } from '../../crypto/sealer.js';
import type { AuditEventRow } from '../repository.js';
import { MIGRATIONS } from './schema.js';
import { openSqliteAuditWriter, SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteStore } from './sqlite-store.js';

const A = '111122223333';
const B = '444455556666';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

let counter = 0;
function row(overrides: { account?: string; region?: string; time?: string; name?: string; user?: string; key?: string; readOnly?: boolean } = {}): AuditEventRow {
  const account = overrides.account ?? A;
  const record: CloudTrailRecord = {
    eventVersion: '1.11',
    userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: `arn:aws:iam::${account}:user/${overrides.user ?? 'admin'}`, accountId: account, accessKeyId: `AKIA${overrides.user ?? 'ADMIN'}`, userName: overrides.user ?? 'admin' },
    eventTime: overrides.time ?? '2025-05-20T20:45:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: overrides.name ?? 'Encrypt',
    awsRegion: overrides.region ?? 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'test',
    requestParameters: {},
    responseElements: null,
    requestID: `req-${++counter}`,
    eventID: `event-${counter}`,
    readOnly: overrides.readOnly ?? true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  if (overrides.key) record.resources = [{ accountId: account, type: 'AWS::KMS::Key', ARN: overrides.key }];
  return auditRowOf(record);
}

function memoryLog(): { db: Database.Database; log: SqliteAuditLog } {
  const db = new Database(':memory:');
  for (const migration of MIGRATIONS) db.exec(migration);
  return { db, log: new SqliteAuditLog(db) };
}

describe('appending to the per-account hash chains', () => {
  test('each account has its own chain, continued across transactions', () => {
    const { log } = memoryLog();
    log.appendInOwnTransaction([row(), row({ account: B }), row()]);
    log.appendInOwnTransaction([row()]);
    const a = [...log.chain(A)];
    assert.deepEqual(a.map((e) => e.chainIndex), [1, 2, 3]);
    assert.equal(a[0]!.prevHash, GENESIS_HASH);
    for (let i = 1; i < a.length; i++) assert.equal(a[i]!.prevHash, a[i - 1]!.hash);
    for (const e of a) assert.equal(e.hash, chainHash(A, e.chainIndex, e.prevHash, e.record));
    assert.deepEqual([...log.chain(B)].map((e) => e.chainIndex), [1]);
    assert.deepEqual(
      log.heads().map((h) => [h.accountId, h.headIndex, h.headHash]),
      [
        [A, 3, a[2]!.hash],
        [B, 1, [...log.chain(B)][0]!.hash],
      ],
    );
    assert.deepEqual(verifyAuditLog(log).problems, []);
  });

  test('a failed transaction leaves neither records nor a moved head', () => {
    const { db, log } = memoryLog();
    log.appendInOwnTransaction([row()]);
    assert.throws(() =>
      db.transaction(() => {
        log.append([row()]);
        throw new Error('rolled back');
      })(),
    );
    assert.equal(log.heads()[0]!.headIndex, 1);
    assert.equal([...log.chain(A)].length, 1);
  });
});

describe('LookupEvents queries', () => {
  const { log } = memoryLog();
  log.appendInOwnTransaction([
    row({ time: '2025-05-20T10:00:00Z', name: 'CreateKey', readOnly: false, key: KEY }),
    row({ time: '2025-05-20T11:00:00Z', name: 'Encrypt', key: KEY, user: 'alice' }),
    row({ time: '2025-05-20T12:00:00Z', name: 'ListKeys' }),
    row({ time: '2025-05-20T12:00:00Z', name: 'ListAliases' }),
    row({ time: '2025-05-20T13:00:00Z', name: 'Encrypt', region: 'eu-west-1' }),
    row({ time: '2025-05-20T13:00:00Z', name: 'Encrypt', account: B }),
  ]);
  const names = (events: { eventName: string }[]) => events.map((e) => e.eventName);
  const base = { accountId: A, region: 'us-east-1', limit: 50 };

  test('newest first, the later-written first among records of the same second, own account and Region only', () => {
    assert.deepEqual(names(log.query(base)), ['ListAliases', 'ListKeys', 'Encrypt', 'CreateKey']);
  });

  test('the time range is inclusive at both ends', () => {
    const events = log.query({ ...base, startTime: Date.parse('2025-05-20T11:00:00Z'), endTime: Date.parse('2025-05-20T12:00:00Z') });
    assert.deepEqual(names(events), ['ListAliases', 'ListKeys', 'Encrypt']);
  });

  test('each lookup attribute filters', () => {
    const one = (name: Parameters<typeof log.query>[0]['attribute'] extends infer T ? T : never) => names(log.query({ ...base, attribute: name }));
    assert.deepEqual(one({ name: 'eventName', value: 'Encrypt' }), ['Encrypt']);
    assert.deepEqual(one({ name: 'username', value: 'alice' }), ['Encrypt']);
    assert.deepEqual(one({ name: 'accessKeyId', value: 'AKIAalice' }), ['Encrypt']);
    assert.deepEqual(one({ name: 'readOnly', value: 'false' }), ['CreateKey']);
    assert.deepEqual(one({ name: 'readOnly', value: 'true' }), ['ListAliases', 'ListKeys', 'Encrypt']);
    assert.deepEqual(one({ name: 'resourceName', value: KEY }), ['Encrypt', 'CreateKey']);
    assert.deepEqual(one({ name: 'resourceName', value: '1234abcd-12ab-34cd-56ef-1234567890ab' }), ['Encrypt', 'CreateKey']);
    assert.deepEqual(one({ name: 'resourceName', value: '1234abcd' }), []);
    assert.deepEqual(one({ name: 'resourceType', value: 'AWS::KMS::Key' }), ['Encrypt', 'CreateKey']);
    assert.deepEqual(one({ name: 'eventSource', value: 'kms.amazonaws.com' }).length, 4);
    const id = log.query(base)[1]!.eventId;
    assert.deepEqual(names(log.query({ ...base, attribute: { name: 'eventId', value: id } })), ['ListKeys']);
  });

  test('a page continues after the last record of the previous one', () => {
    const first = log.query({ ...base, limit: 2 });
    const last = first[first.length - 1]!;
    const second = log.query({ ...base, limit: 2, after: { eventTime: last.eventTime, seq: last.seq } });
    assert.deepEqual(names(first), ['ListAliases', 'ListKeys']);
    assert.deepEqual(names(second), ['Encrypt', 'CreateKey']);
  });
});

describe('retention', () => {
  test('pruning removes the oldest records and leaves an anchor the rest verifies from', () => {
    const { db, log } = memoryLog();
    log.appendInOwnTransaction([
      row({ time: '2025-01-01T00:00:00Z' }),
      row({ time: '2025-01-02T00:00:00Z' }),
      row({ time: '2025-03-01T00:00:00Z' }),
      // Out of time order: pruning stops at the first newer record, so the chain stays a suffix.
      row({ time: '2025-01-03T00:00:00Z' }),
    ]);
    const removed = db.transaction(() => log.prune(Date.parse('2025-02-01T00:00:00Z'), 100))();
    assert.equal(removed, 2);
    assert.deepEqual([...log.chain(A)].map((e) => e.chainIndex), [3, 4]);
    const head = log.heads()[0]!;
    assert.equal(head.prunedIndex, 2);
    assert.deepEqual(verifyAuditLog(log), { accounts: 1, records: 2, problems: [] });
    log.appendInOwnTransaction([row({ time: '2025-03-02T00:00:00Z' })]);
    assert.deepEqual(verifyAuditLog(log).problems, []);
  });

  test('pruning removes at most `limit` records per call', () => {
    const { db, log } = memoryLog();
    log.appendInOwnTransaction(Array.from({ length: 5 }, () => row({ time: '2025-01-01T00:00:00Z' })));
    assert.equal(db.transaction(() => log.prune(Date.parse('2025-02-01T00:00:00Z'), 3))(), 3);
    assert.equal(db.transaction(() => log.prune(Date.parse('2025-02-01T00:00:00Z'), 3))(), 2);
    assert.equal([...log.chain(A)].length, 0);
    assert.deepEqual(verifyAuditLog(log).problems, []);
  });
});

describe('verification of the stored trail', () => {
  test('a changed record, a changed column, a deleted record and a deleted tail are each reported', () => {
    const { db, log } = memoryLog();
    log.appendInOwnTransaction(Array.from({ length: 6 }, (_, i) => row({ name: `Op${i}` })));
    db.prepare(`UPDATE audit_events SET record = replace(record, '"userAgent":"test"', '"userAgent":"curl"') WHERE chain_index = 2`).run();
    db.prepare("UPDATE audit_events SET event_name = 'Decrypt' WHERE chain_index = 3").run();
    db.prepare('DELETE FROM audit_events WHERE chain_index IN (4, 6)').run();
    const problems = verifyAuditLog(log).problems;
    assert.deepEqual(problems, [
      `account ${A}: record 2 was changed (its hash does not match its content)`,
      `account ${A}: record 3: its eventName column does not match the record`,
      `account ${A}: record 4 is missing`,
      `account ${A}: record 5 does not follow the record before it (removed or reordered records)`,
      `account ${A}: record 6 is missing (the chain head is record 6)`,
    ]);
  });

  test('records of an account without a chain head are reported', () => {
    const { db, log } = memoryLog();
    log.appendInOwnTransaction([row({ account: B })]);
    db.prepare('DELETE FROM audit_chains').run();
    assert.deepEqual(verifyAuditLog(log).problems, [`account ${B}: records exist but the account has no chain head`]);
  });
});

describe('the writer thread\'s connection and the store', () => {
  test('a batch written through its own connection is durable and seen by the store, which continues the chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkms-audit-log-'));
    const path = join(dir, 'openkms.db');
    const store = new SqliteStore(path, new Sealer(randomBytes(32)));
    try {
      const writer = openSqliteAuditWriter(path);
      writer.append([row({ name: 'ListKeys' })]);
      writer.close();
      await store.write((tx) => tx.appendAuditEvents([row({ name: 'CreateKey', readOnly: false })]));
      const events = await store.queryAuditEvents({ accountId: A, region: 'us-east-1', limit: 10 });
      assert.deepEqual(events.map((e) => [e.eventName, e.chainIndex]), [
        ['CreateKey', 2],
        ['ListKeys', 1],
      ]);
      assert.equal(events[0]!.prevHash, events[1]!.hash);
      assert.equal(await store.pruneAuditEvents(new Date('2030-01-01T00:00:00Z'), 10), 2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
