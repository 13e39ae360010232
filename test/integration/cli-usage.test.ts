// The built `openkms` command parses strictly: an unknown option or a missing value exits 2 with the command's usage
// on stderr and starts nothing; --help/-h prints the usage on stdout and exits 0; --version prints the version.
// (The parser's every case is in src/cli/run-cli.test.ts; this checks the exit codes of the real process.)

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOpenkms, stderrLines, type CliRun } from '../support/openkms-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const startedLine = /openkms listening on http:\/\//;

function assertUsageError(run: CliRun, message: RegExp, usage: RegExp): void {
  assert.equal(run.timedOut, false, `still running: ${run.stdout}`);
  assert.equal(run.matched, false, `it started: ${run.stdout}`);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(stderrLines(run)[0]!, message);
  assert.match(run.stderr, usage);
}

describe('openkms serve', () => {
  test('a misspelt option (--prot 4622) exits 2 with the usage and starts no server', async () => {
    const run = await runOpenkms(['serve', '--prot', '4622', '--data-dir', join(scratch, 'prot')], { until: startedLine });
    assertUsageError(run, /^openkms serve: unknown option '--prot'$/, /^openkms serve \[options\]$/m);
    assert.equal(existsSync(join(scratch, 'prot')), false);
  });

  test('--dta-dir X exits 2 and opens no data directory, neither X nor the default', async () => {
    const fallback = join(scratch, 'default');
    const run = await runOpenkms(['serve', '--port', '0', '--dta-dir', join(scratch, 'dta')], { until: startedLine, env: { OPENKMS_DATA_DIR: fallback } });
    assertUsageError(run, /^openkms serve: unknown option '--dta-dir'$/, /--data-dir DIR/);
    assert.equal(existsSync(join(scratch, 'dta')), false);
    assert.equal(existsSync(fallback), false);
  });

  for (const help of ['-h', '--help']) {
    test(`${help} prints the usage on stdout, exits 0 and starts no server`, async () => {
      // Should it start after all, then on a free port and in the scratch directory.
      const dataDir = join(scratch, `help${help}`);
      const run = await runOpenkms(['serve', help], { until: startedLine, env: { OPENKMS_PORT: '0', OPENKMS_DATA_DIR: dataDir } });
      assert.equal(run.matched, false, run.stdout);
      assert.equal(existsSync(dataDir), false);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^openkms serve \[options\]\n/);
      for (const option of ['--port PORT', '--workers N', '--shutdown-grace SECONDS', '--max-connections N']) assert.ok(run.stdout.includes(option), option);
    });
  }

  test('a port that is not a number exits 2 with one line', async () => {
    const run = await runOpenkms(['serve', '--port', '45x9'], { until: startedLine });
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(stderrLines(run), ["openkms serve: --port takes a port number from 0 to 65535: '45x9'"]);
  });

  test('a missing value exits 2 with the usage', async () => {
    const run = await runOpenkms(['serve', '--port'], { until: startedLine });
    assertUsageError(run, /^openkms serve: option '--port' needs a value$/, /^openkms serve \[options\]$/m);
  });
});

describe('openkms admin and openkms audit', () => {
  test('admin create-user with its value missing exits 2 with that subcommand’s usage', async () => {
    const run = await runOpenkms(['admin', 'create-user', '--user-name']);
    assertUsageError(run, /^openkms admin create-user: option '--user-name' needs a value$/, /^usage: openkms admin create-user --user-name NAME/m);
  });

  test('audit verify --bogus exits 2 with that subcommand’s usage', async () => {
    const run = await runOpenkms(['audit', 'verify', '--bogus']);
    assertUsageError(run, /^openkms audit verify: unknown option '--bogus'$/, /^usage: openkms audit verify/m);
  });

  test('admin create-user -h prints that subcommand’s usage and exits 0', async () => {
    const run = await runOpenkms(['admin', 'create-user', '-h']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^usage: openkms admin create-user --user-name NAME/);
  });
});

test('openkms --version prints the version of package.json and exits 0', async () => {
  const run = await runOpenkms(['--version']);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${version}\n`);
});
