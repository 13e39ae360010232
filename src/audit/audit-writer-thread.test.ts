// The writer thread with the SQLite writer: durable batches, refused batches, a writer that cannot start.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../storage/sqlite/schema.js';
import { SqliteAuditLog } from '../storage/sqlite/sqlite-audit-log.js';
import { auditRowOf } from './audit-row.js';
import { AuditWriterThread } from './audit-writer-thread.js';
import { buildServiceEventRecord } from './service-event.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-writer-thread-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sqliteWriter = (path: string) => ({
  module: import.meta.resolve('../storage/sqlite/sqlite-audit-log.js'),
  export: 'openSqliteAuditWriter',
  args: [path],
});

function rows(count: number) {
  return Array.from({ length: count }, (_, i) =>
    auditRowOf(
      buildServiceEventRecord({
        eventName: 'DeleteKey',
        eventTime: new Date(1_700_000_000_000 + i * 1000),
        key: { accountId: '111122223333', region: 'us-east-1', arn: `arn:aws:kms:us-east-1:111122223333:key/k${i}` },
      }),
    ),
  );
}

describe('the audit writer thread', () => {
  test('batches committed on the thread are in the database when the commit resolves', async () => {
    const path = join(dir, 'ok.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    for (const migration of MIGRATIONS) db.exec(migration);
    const thread = await AuditWriterThread.start(sqliteWriter(path));
    try {
      await Promise.all([thread.commit(rows(3)), thread.commit(rows(2))]);
      const stored = [...new SqliteAuditLog(db).chain('111122223333')];
      assert.equal(stored.length, 5);
      assert.deepEqual(stored.map((e) => e.chainIndex), [1, 2, 3, 4, 5]);
    } finally {
      await thread.close();
      db.close();
    }
    await assert.rejects(thread.commit(rows(1)), /stopped/);
  });

  test('a batch the store refuses rejects its commit with the reason', async () => {
    const path = join(dir, 'no-tables.db');
    new Database(path).close();
    const thread = await AuditWriterThread.start(sqliteWriter(path));
    try {
      await assert.rejects(thread.commit(rows(1)), /audit write failed: no such table/);
    } finally {
      await thread.close();
    }
  });

  test('a writer that cannot be opened fails the start', async () => {
    await assert.rejects(
      AuditWriterThread.start({ ...sqliteWriter(join(dir, 'x.db')), export: 'noSuchExport' }),
      /the audit writer could not start/,
    );
  });
});
