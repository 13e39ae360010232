// Every command and subcommand of `openkms` parses strictly, before it opens a data directory or starts anything:
// unknown options and missing values exit 2 with that command's usage on stderr, -h/--help print it on stdout (0).

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, USAGE } from './run-cli.js';
import { SERVE_HELP, serveSettings } from './serve-command.js';
import { ADMIN_HELP } from './admin-command.js';
import { AUDIT_HELP } from './audit-command.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-cli-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
/** Named by every case that gets as far as reading --data-dir: it must never come to exist. */
const untouched = join(scratch, 'must-not-exist');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

/** Each command and subcommand, its usage's first line, and one of its options that takes a value. */
const commands: [string[], RegExp, string][] = [
  [['serve'], /^openkms serve \[options\]$/m, '--port'],
  [['audit', 'export'], /^usage: openkms audit export --since DATE --out DIR/m, '--since'],
  [['audit', 'verify'], /^usage: openkms audit verify /m, '--dir'],
  [['audit', 'retention'], /^usage: openkms audit retention /m, '--days'],
  ...[
    'create-account',
    'create-user',
    'create-role',
    'update-assume-role-policy',
    'create-access-key',
    'delete-access-key',
    'put-user-policy',
    'put-role-policy',
    'delete-user-policy',
    'delete-role-policy',
    'list',
  ].map((name): [string[], RegExp, string] => [['admin', name], new RegExp(`^usage: openkms admin ${name}( |$)`, 'm'), '--data-dir']),
];

describe('every command and subcommand', () => {
  for (const [command, usage, option] of commands) {
    const name = `openkms ${command.join(' ')}`;
    test(`${name}: an unknown option exits 2 with the usage on stderr`, async () => {
      const result = await run(...command, '--data-dir', untouched, '--bogus', 'x');
      assert.equal(result.code, 2);
      assert.equal(result.out, '');
      assert.equal(result.err.split('\n')[0], `${name}: unknown option '--bogus'`);
      assert.match(result.err, usage);
      assert.equal(existsSync(untouched), false);
    });

    test(`${name}: ${option} without its value exits 2 with the usage on stderr`, async () => {
      const result = await run(...command, option);
      assert.equal(result.code, 2);
      assert.equal(result.err.split('\n')[0], `${name}: option '${option}' needs a value`);
      assert.match(result.err, usage);
    });

    test(`${name}: a stray argument exits 2 with the usage`, async () => {
      const result = await run(...command, 'stray', '--data-dir', untouched);
      assert.equal(result.code, 2);
      assert.equal(result.err.split('\n')[0], `${name}: unexpected argument 'stray'`);
      assert.equal(existsSync(untouched), false);
    });

    for (const help of ['-h', '--help']) {
      test(`${name} ${help} prints the usage on stdout and exits 0`, async () => {
        const result = await run(...command, help, '--data-dir', untouched);
        assert.deepEqual({ code: result.code, err: result.err }, { code: 0, err: '' });
        assert.match(result.out, usage);
        assert.equal(existsSync(untouched), false);
      });
    }
  }
});

describe('openkms itself', () => {
  test('--version prints the version of package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.deepEqual(await run('--version'), { code: 0, out: `${version}\n`, err: '' });
  });

  for (const argv of [[], ['help'], ['--help'], ['-h']]) {
    test(`openkms ${argv.join(' ')} prints the usage of every command and exits 0`, async () => {
      assert.deepEqual(await run(...argv), { code: 0, out: `${USAGE}\n`, err: '' });
    });
  }

  test('the usage lists every command’s options', () => {
    for (const part of [SERVE_HELP, AUDIT_HELP, ADMIN_HELP]) assert.ok(USAGE.includes(part));
  });

  for (const [argv, message] of [
    [['bogus'], "openkms: unknown command 'bogus'"],
    [['--bogus'], "openkms: unknown option '--bogus'"],
    [['--version', 'x'], "openkms --version: unexpected argument 'x'"],
    [['admin', 'bogus'], "openkms admin: unknown command 'bogus'"],
    [['audit', 'bogus'], "openkms audit: unknown command 'bogus'"],
    [['admin', '--data-dir', untouched], 'openkms admin: no command given'],
    [['audit', '--data-dir', untouched], 'openkms audit: no command given'],
  ] as [string[], string][]) {
    test(`openkms ${argv.join(' ')} exits 2: ${message}`, async () => {
      const result = await run(...argv);
      assert.equal(result.code, 2);
      assert.equal(result.err.split('\n')[0], message);
      assert.equal(existsSync(untouched), false);
    });
  }

  test('openkms admin and openkms audit alone print their commands', async () => {
    assert.deepEqual(await run('admin'), { code: 0, out: `${ADMIN_HELP}\n`, err: '' });
    assert.deepEqual(await run('audit'), { code: 0, out: `${AUDIT_HELP}\n`, err: '' });
  });
});

describe('bad values exit 2 with one line, before anything is opened', () => {
  const cases: [string[], string][] = [
    [['serve', '--port', '45x9'], "openkms serve: --port takes a port number from 0 to 65535: '45x9'"],
    [['serve', '--port', '65536'], "openkms serve: --port takes a port number from 0 to 65535: '65536'"],
    [['serve', '--port', '1e3'], "openkms serve: --port takes a port number from 0 to 65535: '1e3'"],
    [['serve', '--port', '0x10'], "openkms serve: --port takes a port number from 0 to 65535: '0x10'"],
    [['serve', '--port', ' 80'], "openkms serve: --port takes a port number from 0 to 65535: ' 80'"],
    [['serve', '--port='], "openkms serve: option '--port' needs a value"],
    [['serve', '--workers', '0'], "openkms serve: --workers takes a number from 1 to 64: '0'"],
    [['serve', '--workers', '65'], "openkms serve: --workers takes a number from 1 to 64: '65'"],
    [['serve', '--workers', 'two'], "openkms serve: --workers takes a number from 1 to 64: 'two'"],
    [['serve', '--workers', '2', '--dev'], 'openkms serve: --workers needs a data directory: it cannot be combined with --dev'],
    [['serve', '--shutdown-grace', 'soon'], "openkms serve: --shutdown-grace takes a number of seconds from 0 to 3600: 'soon'"],
    [['serve', '--shutdown-grace=-1'], "openkms serve: --shutdown-grace takes a number of seconds from 0 to 3600: '-1'"],
    [['serve', '--shutdown-grace', '3601'], "openkms serve: --shutdown-grace takes a number of seconds from 0 to 3600: '3601'"],
    [['serve', '--shutdown-grace', '0.0001'], "openkms serve: --shutdown-grace takes a number of seconds from 0 to 3600: '0.0001'"],
    [['serve', '--max-connections', '0'], "openkms serve: --max-connections takes a number from 1 to 1000000: '0'"],
    [['serve', '--max-connections', 'many'], "openkms serve: --max-connections takes a number from 1 to 1000000: 'many'"],
    [['serve', '--account-id', '12345'], "openkms serve: --account-id takes a 12-digit AWS account id: '12345'"],
    [['admin', 'list', '--account-id', 'abc'], "openkms admin list: --account-id takes a 12-digit AWS account id: 'abc'"],
    [
      ['admin', 'create-role', '--role-name', 'r', '--assume-role-policy-document', '{}', '--max-session-duration', '1h'],
      "openkms admin create-role: --max-session-duration takes a number of seconds: '1h'",
    ],
    [['audit', 'retention', '--days', 'a week'], "openkms audit retention: --days takes a whole number of days (0: keep all): 'a week'"],
    [
      ['audit', 'retention', '--days', '-1'],
      "openkms audit retention: option '--days' needs a value (one that starts with '-' is written --days=VALUE)",
    ],
    [['audit', 'export', '--since', 'yesterday-ish', '--out', untouched], "openkms audit export: --since is not a date (ISO 8601): 'yesterday-ish'"],
  ];
  for (const [argv, message] of cases) {
    test(`openkms ${argv.join(' ')}`, async () => {
      const result = await run(...argv, ...(argv[0] === 'serve' ? [] : ['--data-dir', untouched]));
      assert.equal(result.code, 2);
      assert.equal(result.out, '');
      assert.equal(result.err.split('\n')[0], message);
      if (!message.includes('needs a value')) assert.equal(result.err, `${message}\n`, 'one line, no usage');
      assert.equal(existsSync(untouched), false);
    });
  }
});

describe('required options of the subcommands exit 2 with the usage', () => {
  const cases: [string[], string][] = [
    [['admin', 'create-user'], 'openkms admin create-user: --user-name is required'],
    [['admin', 'create-role', '--role-name', 'r'], 'openkms admin create-role: --assume-role-policy-document is required'],
    [['admin', 'put-user-policy', '--user-name', 'u', '--policy-name', 'p'], 'openkms admin put-user-policy: --policy-document is required'],
    [['admin', 'delete-access-key'], 'openkms admin delete-access-key: --access-key-id is required'],
    [['admin', 'create-access-key'], 'openkms admin create-access-key: give either --user-name NAME or --root'],
    [['admin', 'create-access-key', '--root', '--user-name', 'u'], 'openkms admin create-access-key: give either --user-name NAME or --root'],
    [['audit', 'export', '--since', '2026-01-01'], 'openkms audit export: --since DATE and --out DIR are required'],
  ];
  for (const [argv, message] of cases) {
    test(`openkms ${argv.join(' ')}`, async () => {
      const result = await run(...argv, '--data-dir', untouched);
      assert.equal(result.code, 2);
      assert.equal(result.err.split('\n')[0], message);
      assert.match(result.err, new RegExp(`\n\nusage: openkms ${argv[0]} ${argv[1]}`));
      assert.equal(existsSync(untouched), false);
    });
  }
});

describe('openkms serve settings', () => {
  const env = { OPENKMS_PORT: '4600', OPENKMS_DATA_DIR: '/from/env', OPENKMS_WORKERS: '3' };

  test('--shutdown-grace SECONDS and --max-connections N set shutdownGraceMs and maxConnections', () => {
    const settings = serveSettings(['--shutdown-grace', '2.5', '--max-connections', '200'], {});
    assert.equal(settings?.shutdownGraceMs, 2500);
    assert.equal(settings?.maxConnections, 200);
    assert.equal(serveSettings(['--shutdown-grace', '0'], {})?.shutdownGraceMs, 0);
    assert.equal(serveSettings(['--shutdown-grace', '30'], {})?.shutdownGraceMs, 30_000);
  });

  test('flags win over the environment, which wins over the defaults', () => {
    const sqlite = (dataDir: string) => ({ kind: 'sqlite', dataDir });
    const fromEnv = serveSettings([], env)!;
    assert.deepEqual([fromEnv.port, fromEnv.storage, fromEnv.workers], [4600, sqlite('/from/env'), 3]);
    const fromFlags = serveSettings(['--port', '0', '--data-dir', 'flag-dir', '--workers', '1', '--no-audit', '--host', '::1'], env)!;
    assert.deepEqual(
      [fromFlags.port, fromFlags.storage, fromFlags.workers, fromFlags.audit, fromFlags.host],
      [0, sqlite('flag-dir'), 1, false, '::1'],
    );
    const defaults = serveSettings([], {})!;
    assert.deepEqual([defaults.port, defaults.storage, defaults.workers], [4599, sqlite('./.openkms'), 1]);
  });

  test('--xks-ca-bundle FILE and repeatable --xks-resolve HOST=ADDRESS:PORT, over OPENKMS_XKS_*; a bad entry is a usage error', () => {
    const settings = serveSettings(['--xks-ca-bundle', 'ca.pem', '--xks-resolve', 'a.test=127.0.0.1:1443', '--xks-resolve', 'b.test=127.0.0.1:2443'], {
      OPENKMS_XKS_RESOLVE: 'c.test=127.0.0.1:3',
    });
    assert.deepEqual(settings?.xks, {
      caBundleFile: 'ca.pem',
      resolve: [
        { host: 'a.test', address: '127.0.0.1', port: 1443 },
        { host: 'b.test', address: '127.0.0.1', port: 2443 },
      ],
    });
    assert.deepEqual(serveSettings([], { OPENKMS_XKS_CA_BUNDLE: 'env.pem' })?.xks, { caBundleFile: 'env.pem', resolve: [] });
    assert.equal(serveSettings([], {})?.xks, undefined);
    assert.throws(() => serveSettings(['--xks-resolve', 'a.test=localhost:1'], {}), (error: Error) => error.name === 'UsageError' && /HOST=ADDRESS:PORT/.test(error.message));
    assert.throws(() => serveSettings([], { OPENKMS_XKS_RESOLVE: 'nonsense' }), (error: Error) => error.name === 'UsageError' && /HOST=ADDRESS:PORT/.test(error.message));
  });

  test('a bad OPENKMS_WORKERS is named as such; --help needs no valid environment', () => {
    assert.throws(() => serveSettings([], { OPENKMS_WORKERS: 'lots' }), { message: "openkms serve: OPENKMS_WORKERS takes a number from 1 to 64: 'lots'" });
    assert.equal(serveSettings(['--help'], { OPENKMS_WORKERS: 'lots', OPENKMS_PORT: 'x' }), undefined);
  });
});
