// The root key is checked against the database before any command uses the data directory: a wrong, corrupted or
// missing root key stops `serve` (also with --workers), `admin` and `audit` at once with one line naming the file (or
// OPENKMS_ROOT_KEY), no new root key is ever created beside an existing database, and nothing in it changes.
// Drives the built command (npm run build).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { startTestServer } from '../support/test-server.js';
import { runOpenkms, stderrLines, type CliRun } from '../support/openkms-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-root-key-'));
let template: string;
let copies = 0;

before(async () => {
  // A data directory as a server leaves it: root key, database with sealed key material and a sealed access key.
  const t = await startTestServer({ dataDir: join(scratch, 'template') });
  const key = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('sealed beside the old key') }));
  await t.stop();
  template = t.dataDir;
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of the template data directory, for one case to break. */
function dataDir(): string {
  const dir = join(scratch, `copy-${++copies}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** Everything a command could change: every table's rows, and the root key file (or its absence). */
function snapshot(dir: string): string {
  const db = new Database(join(dir, 'openkms.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const rows = tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]);
    const rootKey = existsSync(join(dir, 'root.key')) ? readFileSync(join(dir, 'root.key'), 'utf8') : null;
    return JSON.stringify({ rows, rootKey }, (_, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value));
  } finally {
    db.close();
  }
}

const commands: [string, (dir: string) => string[]][] = [
  ['openkms serve', (dir) => ['serve', '--port', '0', '--data-dir', dir]],
  ['openkms serve --workers 2', (dir) => ['serve', '--workers', '2', '--port', '0', '--data-dir', dir]],
  ['openkms admin create-access-key', (dir) => ['admin', 'create-access-key', '--user-name', 'admin', '--data-dir', dir]],
  ['openkms audit verify', (dir) => ['audit', 'verify', '--data-dir', dir]],
];

/** The command ended by itself, non-zero, and its first line of stderr says why; alone unless workers add their own. */
function assertRefused(run: CliRun, reason: RegExp, command: string): void {
  assert.equal(run.timedOut, false, `${command} did not stop: ${run.stdout}${run.stderr}`);
  assert.equal(run.matched, false, `${command} started: ${run.stdout}`);
  assert.notEqual(run.code, 0, run.stderr);
  assert.match(stderrLines(run)[0]!, reason);
  if (!command.includes('--workers')) assert.equal(stderrLines(run).length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

const startedLine = /openkms listening on http:\/\//;

describe('a root key that does not belong to the database stops every command', () => {
  for (const [command, args] of commands) {
    test(`${command}: a root.key file holding another key`, async () => {
      const dir = dataDir();
      writeFileSync(join(dir, 'root.key'), randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
      const before = snapshot(dir);
      const run = await runOpenkms(args(dir), { until: startedLine });
      assertRefused(run, new RegExp(`^openkms: the root key file ${join(dir, 'root.key')} does not open the database ${join(dir, 'openkms.db')}`), command);
      assert.equal(snapshot(dir), before);
    });

    test(`${command}: a corrupted root.key file`, async () => {
      const dir = dataDir();
      const rootKey = readFileSync(join(dir, 'root.key'), 'utf8');
      writeFileSync(join(dir, 'root.key'), rootKey.slice(0, 20) + '%%' + rootKey.slice(22), { mode: 0o600 });
      const before = snapshot(dir);
      const run = await runOpenkms(args(dir), { until: startedLine });
      assertRefused(run, new RegExp(`^openkms: the root key file ${join(dir, 'root.key')} is not a root key`), command);
      assert.equal(snapshot(dir), before);
    });

    test(`${command}: root.key deleted beside an existing database is refused, and no new root key is created`, async () => {
      const dir = dataDir();
      unlinkSync(join(dir, 'root.key'));
      const before = snapshot(dir);
      const run = await runOpenkms(args(dir), { until: startedLine });
      assertRefused(run, new RegExp(`^openkms: the root key file ${join(dir, 'root.key')} is missing, but the database ${join(dir, 'openkms.db')} exists`), command);
      assert.equal(existsSync(join(dir, 'root.key')), false);
      assert.equal(snapshot(dir), before);
    });

    test(`${command}: a wrong OPENKMS_ROOT_KEY (it wins over the right root.key file)`, async () => {
      const dir = dataDir();
      const before = snapshot(dir);
      const run = await runOpenkms(args(dir), { until: startedLine, env: { OPENKMS_ROOT_KEY: randomBytes(32).toString('hex') } });
      assertRefused(run, new RegExp(`^openkms: OPENKMS_ROOT_KEY does not open the database ${join(dir, 'openkms.db')}`), command);
      assert.equal(snapshot(dir), before);
    });
  }

  test('an OPENKMS_ROOT_KEY that is set but empty is refused rather than ignored', async () => {
    const dir = dataDir();
    unlinkSync(join(dir, 'root.key'));
    const before = snapshot(dir);
    const run = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine, env: { OPENKMS_ROOT_KEY: '' } });
    assertRefused(run, /^openkms: OPENKMS_ROOT_KEY is set but empty/, 'openkms serve');
    assert.equal(existsSync(join(dir, 'root.key')), false);
    assert.equal(snapshot(dir), before);
  });
});

describe('the right root key', () => {
  test('from root.key: serve starts, admin and audit verify work', async () => {
    const dir = dataDir();
    const served = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine });
    assert.equal(served.matched, true, served.stderr);
    const admin = await runOpenkms(['admin', 'list', '--data-dir', dir]);
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /"arn:aws:iam::111122223333:user\/admin"/);
    const audit = await runOpenkms(['audit', 'verify', '--data-dir', dir]);
    assert.equal(audit.code, 0, audit.stderr);
    assert.match(audit.stdout, /^audit trail verified/);
  });

  test('from OPENKMS_ROOT_KEY with no root.key file: serve starts and does not create one', async () => {
    const dir = dataDir();
    const rootKey = readFileSync(join(dir, 'root.key'), 'utf8').trim();
    unlinkSync(join(dir, 'root.key'));
    const served = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine, env: { OPENKMS_ROOT_KEY: rootKey } });
    assert.equal(served.matched, true, served.stderr);
    const audit = await runOpenkms(['audit', 'verify', '--data-dir', dir], { env: { OPENKMS_ROOT_KEY: rootKey } });
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(existsSync(join(dir, 'root.key')), false);
  });
});

describe('a data directory made before the root key check existed (no check value in it)', () => {
  /** What an earlier version left: the same tables and sealed secrets, without the check value. */
  function legacyDataDir(): string {
    const dir = dataDir();
    const db = new Database(join(dir, 'openkms.db'));
    db.prepare("DELETE FROM settings WHERE name = 'rootKey.check'").run();
    db.close();
    return dir;
  }

  function checkValue(dir: string): string | undefined {
    const db = new Database(join(dir, 'openkms.db'), { readonly: true });
    try {
      return (db.prepare("SELECT value FROM settings WHERE name = 'rootKey.check'").get() as { value: string } | undefined)?.value;
    } finally {
      db.close();
    }
  }

  test('still starts with its own root key, which the sealed secrets confirm, and gets its check value', async () => {
    const dir = legacyDataDir();
    assert.equal(checkValue(dir), undefined);
    const served = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine });
    assert.equal(served.matched, true, served.stderr);
    assert.equal(served.code, 0, served.stderr);
    assert.ok(checkValue(dir));
    // From now on a wrong key is refused by the check value.
    writeFileSync(join(dir, 'root.key'), randomBytes(32).toString('base64') + '\n');
    const refused = await runOpenkms(['admin', 'list', '--data-dir', dir]);
    assertRefused(refused, /does not open the database/, 'openkms admin list');
  });

  test('audit verify accepts it with its own root key and leaves it unchanged (audit never writes the check value)', async () => {
    const dir = legacyDataDir();
    const before = snapshot(dir);
    const audit = await runOpenkms(['audit', 'verify', '--data-dir', dir]);
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(snapshot(dir), before);
  });

  for (const [command, args] of commands) {
    test(`${command}: another root key is refused (no sealed secret opens with it), and nothing changes`, async () => {
      const dir = legacyDataDir();
      writeFileSync(join(dir, 'root.key'), randomBytes(32).toString('hex') + '\n');
      const before = snapshot(dir);
      const run = await runOpenkms(args(dir), { until: startedLine });
      assertRefused(run, /^openkms: the root key file .* does not open the database/, command);
      assert.equal(snapshot(dir), before);
    });
  }

  test('a deleted root.key is refused there too', async () => {
    const dir = legacyDataDir();
    unlinkSync(join(dir, 'root.key'));
    const run = await runOpenkms(['admin', 'create-access-key', '--user-name', 'admin', '--data-dir', dir]);
    assertRefused(run, /is missing, but the database .* exists/, 'openkms admin');
    assert.equal(existsSync(join(dir, 'root.key')), false);
  });
});

describe('a new data directory', () => {
  test('gets a root key (0600) and a check value on first start; the next start verifies it', async () => {
    const dir = join(scratch, 'fresh');
    const first = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine });
    assert.equal(first.matched, true, first.stderr);
    const rootKey = readFileSync(join(dir, 'root.key'), 'utf8');
    assert.match(rootKey, /^[A-Za-z0-9+/]{43}=\n$/);
    const second = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], { until: startedLine });
    assert.equal(second.matched, true, second.stderr);
    assert.equal(readFileSync(join(dir, 'root.key'), 'utf8'), rootKey);
    const directory = readdirSync(dir);
    assert.ok(!directory.some((name) => name.includes('.tmp')), `no temporary file left: ${directory.join(', ')}`);
  });
});
