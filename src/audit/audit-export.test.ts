// Export as CloudTrail log files with digests, and verification of an export against changed, removed or reordered
// records and missing files.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../storage/sqlite/schema.js';
import { SqliteAuditLog } from '../storage/sqlite/sqlite-audit-log.js';
import { auditRowOf } from './audit-row.js';
import { exportAuditLog, type ExportDigest } from './audit-export.js';
import { verifyExport } from './audit-export-verify.js';
import { buildServiceEventRecord } from './service-event.js';

const A = '111122223333';
const B = '444455556666';
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function trail(): SqliteAuditLog {
  const db = new Database(':memory:');
  for (const migration of MIGRATIONS) db.exec(migration);
  const log = new SqliteAuditLog(db);
  const event = (account: string, time: string, region = 'us-east-1') =>
    auditRowOf(
      buildServiceEventRecord({
        eventName: 'DeleteKey',
        eventTime: new Date(time),
        key: { accountId: account, region, arn: `arn:aws:kms:${region}:${account}:key/k-${time}` },
      }),
    );
  log.appendInOwnTransaction([
    event(A, '2025-05-19T23:00:00Z'),
    event(A, '2025-05-20T10:05:00Z'),
    event(A, '2025-05-20T10:55:00Z'),
    event(A, '2025-05-20T11:10:00Z'),
    event(A, '2025-05-20T11:20:00Z', 'eu-west-1'),
    event(B, '2025-05-20T12:00:00Z'),
  ]);
  return log;
}

function exportTo(log: SqliteAuditLog, since = '2025-05-20T00:00:00Z') {
  const out = mkdtempSync(join(tmpdir(), 'openkms-export-'));
  dirs.push(out);
  return { out, result: exportAuditLog(log, { since: new Date(since), outDir: out }) };
}

describe('openkms audit export', () => {
  test('CloudTrail log files per account, Region and hour, holding the records since the date', () => {
    const { out, result } = exportTo(trail());
    assert.equal(result.records, 5);
    assert.deepEqual(result.logFiles, [
      `AWSLogs/${A}/CloudTrail/us-east-1/2025/05/20/${A}_CloudTrail_us-east-1_20250520T1000Z_c2-3.json.gz`,
      `AWSLogs/${A}/CloudTrail/us-east-1/2025/05/20/${A}_CloudTrail_us-east-1_20250520T1100Z_c4-4.json.gz`,
      `AWSLogs/${A}/CloudTrail/eu-west-1/2025/05/20/${A}_CloudTrail_eu-west-1_20250520T1100Z_c5-5.json.gz`,
      `AWSLogs/${B}/CloudTrail/us-east-1/2025/05/20/${B}_CloudTrail_us-east-1_20250520T1200Z_c1-1.json.gz`,
    ]);
    const file = JSON.parse(gunzipSync(readFileSync(join(out, result.logFiles[0]!))).toString('utf8')) as { Records: { eventTime: string }[] };
    assert.deepEqual(file.Records.map((r) => r.eventTime), ['2025-05-20T10:05:00Z', '2025-05-20T10:55:00Z']);
    const digest = JSON.parse(readFileSync(join(out, result.digests[0]!), 'utf8')) as ExportDigest;
    assert.equal(digest.firstIndex, 2);
    assert.equal(digest.lastIndex, 5);
    assert.equal(digest.logFiles.length, 3);
  });

  test('an export verifies against its digests', () => {
    const { out } = exportTo(trail());
    assert.deepEqual(verifyExport(out), { accounts: 2, records: 5, problems: [] });
  });

  test('a changed, removed or reordered record in an exported file is detected', () => {
    const cases: [string, (records: unknown[]) => unknown[]][] = [
      ['changed', (records) => records.map((r, i) => (i === 0 ? { ...(r as object), eventName: 'Nothing' } : r))],
      ['removed', (records) => records.slice(1)],
      ['reordered', (records) => [...records].reverse()],
    ];
    for (const [what, tamper] of cases) {
      const { out, result } = exportTo(trail());
      const path = join(out, result.logFiles[0]!);
      const records = (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { Records: unknown[] }).Records;
      writeFileSync(path, gzipSync(JSON.stringify({ Records: tamper(records) })));
      const problems = verifyExport(out).problems;
      assert.ok(problems.some((p) => p.includes('was changed')), what);
      assert.ok(problems.some((p) => p.includes('do not match their digest') || p.includes('does not hold records')), what);
    }
  });

  test('a missing log file is reported', () => {
    const { out, result } = exportTo(trail());
    unlinkSync(join(out, result.logFiles[1]!));
    assert.ok(verifyExport(out).problems.some((p) => p.includes('is missing')));
  });

  test('nothing since the date: no files', () => {
    const { result } = exportTo(trail(), '2030-01-01T00:00:00Z');
    assert.deepEqual(result, { records: 0, logFiles: [], digests: [] });
  });
});
