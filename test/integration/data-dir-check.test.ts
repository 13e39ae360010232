// A data directory that cannot be used stops `serve`, `admin` and `audit` within moments with one line naming it:
// a path under /proc (where a recursive mkdir used to spin forever), a regular file, a dangling symbolic link, a path
// below a file, a directory the command may not write. A missing one is created, private. The same holds for the
// directory `audit export --out` writes to. Drives the built command.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { startTestServer } from '../support/test-server.js';
import { runOpenkms, stderrLines, type CliOptions, type CliRun } from '../support/openkms-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-data-dir-'));
// Another user may have to reach the directories below (see `unwritable`).
chmodSync(scratch, 0o755);
after(() => rmSync(scratch, { recursive: true, force: true }));

const commands: [string, (dir: string) => string[]][] = [
  ['openkms serve', (dir) => ['serve', '--port', '0', '--data-dir', dir]],
  ['openkms admin', (dir) => ['admin', 'list', '--data-dir', dir]],
  ['openkms audit verify', (dir) => ['audit', 'verify', '--data-dir', dir]],
];

/** Ended by itself, non-zero, within the (generous) timeout, with exactly one line on stderr and no stack trace. */
function assertRefused(run: CliRun, line: RegExp): void {
  assert.equal(run.timedOut, false, `still running at the timeout: ${run.stdout}${run.stderr}`);
  assert.equal(run.matched, false, `it started: ${run.stdout}`);
  assert.notEqual(run.code, 0);
  assert.deepEqual(stderrLines(run).length, 1, run.stderr);
  assert.match(run.stderr, line);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const startedLine = /openkms listening on http:\/\//;
const bounded: CliOptions = { until: startedLine, timeoutMs: 15_000 };

describe('an unusable data directory ends the command at once with one line', () => {
  for (const [command, args] of commands) {
    test(`${command} --data-dir under /proc (where nothing can be created)`, async () => {
      const dir = `/proc/openkms-no-such-dir-${process.pid}`;
      const run = await runOpenkms(args(dir), bounded);
      assertRefused(run, new RegExp(`^openkms: (cannot create the data directory|the data directory) ${escape(dir)}`));
    });

    test(`${command} --data-dir naming a regular file`, async () => {
      const file = join(scratch, `file-${command.replace(/\W+/g, '-')}`);
      writeFileSync(file, 'not a directory');
      const run = await runOpenkms(args(file), bounded);
      assertRefused(run, new RegExp(`^openkms: the data directory ${escape(file)} is not a directory\n$`));
      assert.equal(statSync(file).isFile(), true);
    });

    test(`${command} --data-dir below a regular file`, async () => {
      const file = join(scratch, `parent-file-${command.replace(/\W+/g, '-')}`);
      writeFileSync(file, 'not a directory');
      const run = await runOpenkms(args(join(file, 'data')), bounded);
      assertRefused(run, new RegExp(`^openkms: (cannot create the data directory|the data directory) ${escape(join(file, 'data'))}.*${escape(file)} is not a directory\n$`));
    });

    test(`${command} --data-dir that is a dangling symbolic link`, async () => {
      const link = join(scratch, `dangling-${command.replace(/\W+/g, '-')}`);
      symlinkSync(join(scratch, 'nowhere', 'at-all'), link);
      const run = await runOpenkms(args(link), bounded);
      assertRefused(run, new RegExp(`^openkms: .*${escape(link)}.*symbolic link`));
      assert.equal(existsSync(join(scratch, 'nowhere')), false);
    });
  }

  // The suite may run as root, who may write anywhere: then the command runs as nobody, to whom the directory is read-only.
  const asOtherUser: CliOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  for (const [command, args] of commands.slice(0, 2)) {
    test(`${command} --data-dir that it may not write`, async () => {
      const dir = join(scratch, `read-only-${command.replace(/\W+/g, '-')}`);
      mkdirSync(dir);
      chmodSync(dir, 0o555);
      const run = await runOpenkms(args(dir), { ...bounded, ...asOtherUser });
      assertRefused(run, new RegExp(`^openkms: the data directory ${escape(dir)} is not writable`));
      assert.deepEqual(readdirSync(dir), []);
      assert.equal(statSync(dir).mode & 0o777, 0o555);
    });
  }

  test('openkms audit verify --data-dir that does not exist is not created', async () => {
    const dir = join(scratch, 'absent');
    const run = await runOpenkms(['audit', 'verify', '--data-dir', dir], bounded);
    assertRefused(run, new RegExp(`^openkms: the data directory ${escape(dir)} does not exist\n$`));
    assert.equal(existsSync(dir), false);
  });
});

describe('a missing data directory', () => {
  test('is created with its missing parents, private (0700), by serve', async () => {
    const dir = join(scratch, 'new', 'nested', 'data');
    const run = await runOpenkms(['serve', '--port', '0', '--data-dir', dir], bounded);
    assert.equal(run.matched, true, run.stderr);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(scratch, 'new', 'nested')).mode & 0o777, 0o700);
    assert.ok(existsSync(join(dir, 'root.key')));
  });
});

describe('openkms audit export --out', () => {
  let dataDir: string;
  before(async () => {
    // A data directory with records to export.
    const t = await startTestServer({ dataDir: join(scratch, 'with-records') });
    await t.kms.send(new CreateKeyCommand({}));
    await t.stop();
    dataDir = t.dataDir;
  });

  test('under /proc ends at once with one line instead of spinning', async () => {
    const out = `/proc/openkms-no-such-export-${process.pid}`;
    const run = await runOpenkms(['audit', 'export', '--since', '2000-01-01', '--out', out, '--data-dir', dataDir], bounded);
    assertRefused(run, new RegExp(`^openkms: cannot create the export directory ${escape(out)}: /proc does not accept new directories\n$`));
  });

  test('naming a regular file ends with one line, and the file is left alone', async () => {
    const file = join(scratch, 'export-file');
    writeFileSync(file, 'not a directory');
    const run = await runOpenkms(['audit', 'export', '--since', '2000-01-01', '--out', file, '--data-dir', dataDir], bounded);
    assertRefused(run, new RegExp(`^openkms: the export directory ${escape(file)} is not a directory\n$`));
    assert.equal(statSync(file).size, 'not a directory'.length);
  });

  test('that does not exist is created with its parents, and the records are written there', async () => {
    const out = join(scratch, 'exports', 'today');
    const run = await runOpenkms(['audit', 'export', '--since', '2000-01-01', '--out', out, '--data-dir', dataDir], bounded);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^exported [1-9]\d* records in 1 log files to /);
    assert.ok(existsSync(join(out, 'AWSLogs')));
  });
});
