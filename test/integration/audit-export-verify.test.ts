// `openkms audit export` and `openkms audit verify` on a real server's database: the export is CloudTrail log files,
// and a changed, removed or reordered record (in the database or in an export) fails verification with exit code 1.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import { startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

let t: TestServer;
const scratch = mkdtempSync(join(tmpdir(), 'openkms-audit-cli-'));

before(async () => {
  t = await startTestServer();
  const key = (await t.kms.send(new CreateKeyCommand({ Description: 'export me' }))).KeyMetadata!;
  for (let i = 0; i < 5; i++) await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from(`n${i}`) }));
  await t.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
  await t.kms.send(new ListKeysCommand({}));
  await t.stop();
});
after(async () => {
  await t.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

function openkms(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', ...args], (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * A copy of the server's database to tamper with (the server is stopped: everything is in the database file), with
 * its root key: `audit verify` checks the key against the database before it reads the trail.
 */
function copyOfData(name: string): { dir: string; db: Database.Database } {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(t.dataDir, DATABASE_FILE), join(dir, DATABASE_FILE));
  copyFileSync(join(t.dataDir, 'root.key'), join(dir, 'root.key'));
  return { dir, db: new Database(join(dir, DATABASE_FILE)) };
}

describe('openkms audit verify', () => {
  test('an untouched trail verifies', async () => {
    const result = await openkms(['verify', '--data-dir', t.dataDir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^audit trail verified: \d+ records in 1 account chains\n$/);
  });

  const tampering: [string, (db: Database.Database) => void, RegExp][] = [
    [
      'a changed record',
      (db) => db.prepare("UPDATE audit_events SET record = replace(record, 'export me', 'export you') WHERE event_name = 'CreateKey'").run(),
      /record 1 was changed/,
    ],
    ['a removed record', (db) => db.prepare('DELETE FROM audit_events WHERE chain_index = 3').run(), /record 3 is missing/],
    [
      'two records swapped',
      (db) => {
        const rows = db.prepare('SELECT chain_index, record, prev_hash, hash FROM audit_events WHERE chain_index IN (2, 3) ORDER BY chain_index').all() as {
          chain_index: number;
          record: string;
          prev_hash: string;
          hash: string;
        }[];
        const update = db.prepare('UPDATE audit_events SET record = ?, prev_hash = ?, hash = ? WHERE chain_index = ?');
        update.run(rows[1]!.record, rows[1]!.prev_hash, rows[1]!.hash, 2);
        update.run(rows[0]!.record, rows[0]!.prev_hash, rows[0]!.hash, 3);
      },
      /record 2 does not follow the record before it/,
    ],
    ['the newest record removed', (db) => db.prepare('DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)').run(), /missing \(the chain head is record/],
  ];
  for (const [what, tamper, message] of tampering) {
    test(`${what} fails verification with exit code 1`, async () => {
      const { dir, db } = copyOfData(what.replace(/\W+/g, '-'));
      tamper(db);
      db.close();
      const result = await openkms(['verify', '--data-dir', dir]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^audit trail verification FAILED/);
      assert.match(result.stderr, message);
    });
  }
});

describe('openkms audit export', () => {
  test('CloudTrail log files that verify on their own, and fail once a record in them changes', async () => {
    const out = join(scratch, 'export');
    const exported = await openkms(['export', '--since', '2000-01-01T00:00:00Z', '--out', out, '--data-dir', t.dataDir]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /^exported \d+ records in \d+ log files to /);
    const folder = join(out, 'AWSLogs', TEST_ACCOUNT, 'CloudTrail', 'us-east-1');
    const files = readdirSync(folder, { recursive: true }).map(String).filter((name) => name.endsWith('.json.gz'));
    assert.ok(files.length >= 1);
    const path = join(folder, files[0]!);
    const log = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { Records: { eventName: string; eventSource: string }[] };
    assert.ok(log.Records.some((r) => r.eventName === 'CreateKey'));
    assert.ok(log.Records.every((r) => r.eventSource === 'kms.amazonaws.com'));
    assert.equal((await openkms(['verify', '--dir', out])).code, 0);

    log.Records[1]!.eventName = 'Decrypt';
    writeFileSync(path, gzipSync(JSON.stringify(log)));
    const verified = await openkms(['verify', '--dir', out]);
    assert.equal(verified.code, 1);
    assert.match(verified.stderr, /was changed/);
  });

  test('an export is private to its owner: folders 0700, files 0600, even under a permissive umask', async () => {
    const out = join(scratch, 'private-export');
    const previous = process.umask(0o000);
    let exported;
    try {
      exported = await openkms(['export', '--since', '2000-01-01T00:00:00Z', '--out', out, '--data-dir', t.dataDir]);
    } finally {
      process.umask(previous);
    }
    assert.equal(exported.code, 0, exported.stderr);
    const entries = readdirSync(out, { recursive: true }).map((name) => join(out, String(name)));
    assert.ok(entries.some((path) => path.endsWith('.json.gz')) && entries.some((path) => path.endsWith('.json')));
    for (const path of [out, ...entries]) {
      const stat = statSync(path);
      assert.equal(stat.mode & 0o777, stat.isDirectory() ? 0o700 : 0o600, path);
    }
  });

  test('a bad date is refused as a usage error (exit code 2)', async () => {
    const result = await openkms(['export', '--since', 'yesterday-ish', '--out', join(scratch, 'x'), '--data-dir', t.dataDir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--since is not a date/);
  });
});
