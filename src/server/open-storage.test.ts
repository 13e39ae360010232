// Opening storage: in memory nothing touches the disk and no writer thread is asked for; a data directory gets a
// store, a writer-thread connection to the same database, and an audit trail that `openkms audit` reads offline.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRowOf } from '../audit/audit-row.js';
import { verifyAuditLog } from '../audit/audit-verify.js';
import { buildServiceEventRecord } from '../audit/service-event.js';
import { storageSettings } from './config.js';
import { openAuditTrailStorage, openAuditWriter, openStorage, type AuditWriterTarget } from './open-storage.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-open-storage-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ACCOUNT = '111122223333';
const row = (second: number) =>
  auditRowOf(
    buildServiceEventRecord({
      eventName: 'DeleteKey',
      eventTime: new Date(1_700_000_000_000 + second * 1000),
      key: { accountId: ACCOUNT, region: 'us-east-1', arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k${second}` },
    }),
  );

describe('openStorage', () => {
  test('in memory: a working store, no data directory, no writer thread, no housekeeping; worker 0 holds the lease', async () => {
    const storage = await openStorage(storageSettings({ kind: 'memory' }, {}));
    try {
      await storage.store.write((tx) => tx.putSetting('s', 'v'));
      assert.equal(await storage.store.getSetting('s'), 'v');
      assert.equal(storage.dataDir, undefined);
      assert.equal(storage.auditWriterThread, undefined);
      assert.deepEqual(await Promise.all([storage.jobLease(0).acquire(), storage.jobLease(1).acquire()]), [true, false]);
      await (await storage.startHousekeeping()).close();
    } finally {
      await storage.close();
    }
  });

  test('a data directory: the writer thread\'s connection appends to the store\'s own database, and audit reads it offline', async () => {
    const dataDir = join(scratch, 'data');
    const storage = await openStorage(storageSettings({ kind: 'sqlite', dataDir }, {}));
    try {
      assert.equal(storage.dataDir, dataDir);
      const thread = storage.auditWriterThread!;
      assert.equal(thread.export, 'openAuditWriter');
      // The thread imports the module named and calls the export with the arguments: the same opening code as here.
      assert.equal(new URL(thread.module).pathname, new URL(import.meta.resolve('./open-storage.js')).pathname);
      const writer = openAuditWriter(thread.args[0] as AuditWriterTarget);
      try {
        writer.append([row(1), row(2)]);
      } finally {
        writer.close();
      }
      await storage.store.write((tx) => tx.appendAuditEvents([row(3)]));
      const events = await storage.store.queryAuditEvents({ accountId: ACCOUNT, region: 'us-east-1', limit: 10 });
      assert.deepEqual(events.map((e) => e.chainIndex), [3, 2, 1]);
    } finally {
      await storage.close();
    }
    const trail = await openAuditTrailStorage(storageSettings({ kind: 'sqlite', dataDir }, {}), { write: false });
    try {
      const report = verifyAuditLog(trail.auditLog);
      assert.deepEqual([report.problems, report.records], [[], 3]);
      await assert.rejects(trail.putSetting('audit.retentionDays', '1'), /readonly/);
    } finally {
      await trail.close();
    }
  });

  test('the audit commands never create a data directory, and say so in one line', async () => {
    const missing = join(scratch, 'missing');
    await assert.rejects(openAuditTrailStorage(storageSettings({ kind: 'sqlite', dataDir: missing }, {}), { write: false }), {
      name: 'DataDirError',
      message: `the data directory ${missing} does not exist`,
    });
    assert.equal(existsSync(missing), false);
  });

  test('a database on disk is never opened under a random root key', async () => {
    const dataDir = join(scratch, 'random');
    await assert.rejects(openStorage({ storage: { kind: 'sqlite', dataDir }, rootKey: { kind: 'random' } }), {
      message: 'a database on disk needs its root key from root.key or OPENKMS_ROOT_KEY',
    });
    assert.equal(existsSync(dataDir), false);
  });
});
