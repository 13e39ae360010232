// `openkms config print`: the effective settings with their sources, as YAML a config file takes; secrets never shown.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configCommand } from './config-command.js';
import { runCli } from './run-cli.js';
import { loadConfigFile } from '../server/config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-config-print-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function print(argv: string[], env: NodeJS.ProcessEnv): string {
  let out = '';
  const code = configCommand(['print', ...argv], { out: (text) => void (out += text), err: () => undefined }, env);
  assert.equal(code, 0);
  return out;
}

test('each setting with its source: flag, variable, config file or default', () => {
  const path = join(dir, 'openkms.yaml');
  writeFileSync(path, 'port: 4700\nhost: 0.0.0.0\naudit: false\nlogLevel: warn\naccountId: "444455556666"\n');
  const out = print(['--config', path, '--log-level', 'debug', '--dev'], { OPENKMS_PORT: '4800' });
  assert.match(out, /^port: 4800 {2}# OPENKMS_PORT$/m);
  assert.match(out, /^host: 0\.0\.0\.0 {2}# config file$/m);
  assert.match(out, /^audit: false {2}# config file$/m);
  assert.match(out, /^logLevel: debug {2}# --log-level$/m);
  assert.match(out, /^dev: true {2}# --dev$/m);
  assert.match(out, /^accountId: "444455556666" {2}# config file$/m);
  assert.match(out, /^maxConnections: 1024 {2}# default$/m);
  assert.match(out, /^# seed: not set$/m);
});

test('the output is a config file that gives the same settings back', () => {
  const out = print(['--port', '4711', '--metrics', 'off', '--no-audit'], {});
  const again = join(dir, 'printed.yaml');
  writeFileSync(again, out);
  const loaded = loadConfigFile(again);
  assert.equal(loaded.env.OPENKMS_PORT, '4711');
  assert.equal(loaded.env.OPENKMS_METRICS, 'off');
  assert.equal(loaded.env.OPENKMS_AUDIT, 'off');
  assert.equal((parse(out) as { port: number }).port, 4711);
});

test('secrets are never printed, only that they are set and by what', () => {
  const path = join(dir, 'secret.yaml');
  writeFileSync(path, 'secretAccessKey: file-secret-value-123\naccessKeyId: AKIAFROMCONFIGFILE01\n');
  const out = print(['--config', path], { OPENKMS_ROOT_KEY: 'aa'.repeat(32) });
  assert.ok(!out.includes('file-secret-value-123'));
  assert.ok(!out.includes('aa'.repeat(32)));
  assert.match(out, /^# secretAccessKey: set by config file \(not shown\)$/m);
  assert.match(out, /^# rootKey: set by OPENKMS_ROOT_KEY \(not shown\)$/m);
  assert.match(out, /^accessKeyId: AKIAFROMCONFIGFILE01 {2}# config file$/m);
});

test('a setting serve would refuse makes config print exit 2 with the same line', async () => {
  const path = join(dir, 'bad.yaml');
  writeFileSync(path, 'port: http\n');
  let err = '';
  const code = await runCli(['config', 'print', '--config', path], { out: () => undefined, err: (text) => void (err += text) });
  assert.equal(code, 2);
  assert.equal(err, `openkms serve: ${path}: port takes a port number from 0 to 65535: 'http'\n`);
  const unknown = await runCli(['config', 'show'], { out: () => undefined, err: () => undefined });
  assert.equal(unknown, 2);
});

test('the store URL is printed with its source and without its password', () => {
  const fromFlag = print(['--store', 'postgres://openkms:pw-in-url-123@db.example:5432/kms?schema=openkms'], {});
  assert.ok(!fromFlag.includes('pw-in-url-123'));
  assert.match(fromFlag, /^store: postgres:\/\/openkms:REDACTED@db\.example:5432\/kms\?schema=openkms {2}# --store$/m);
  const fromEnv = print([], { OPENKMS_STORE: 'postgresql://openkms@db.example/kms' });
  assert.match(fromEnv, /^store: postgresql:\/\/openkms@db\.example\/kms {2}# OPENKMS_STORE$/m);
  const path = join(dir, 'store.yaml');
  writeFileSync(path, 'store: postgres://openkms:file-pw-456@db.example/kms\n');
  const fromFile = print(['--config', path], {});
  assert.ok(!fromFile.includes('file-pw-456'));
  assert.match(fromFile, /^store: postgres:\/\/openkms:REDACTED@db\.example\/kms {2}# config file$/m);
  assert.match(print([], {}), /^# store: not set$/m);
});

test('a store that is not a PostgreSQL URL is refused as serve refuses it, naming where it came from', async () => {
  const run = async (argv: string[]) => {
    let err = '';
    const code = await runCli(['config', 'print', ...argv], { out: () => undefined, err: (text) => void (err += text) });
    return { code, err };
  };
  const flag = await run(['--store', 'mysql://db.example/kms']);
  assert.equal(flag.code, 2);
  assert.equal(flag.err, 'openkms serve: --store takes a PostgreSQL URL, postgres://user@host:port/database\n');
  const path = join(dir, 'bad-store.yaml');
  writeFileSync(path, 'store: /var/lib/openkms\n');
  const file = await run(['--config', path]);
  assert.equal(file.code, 2);
  assert.match(file.err, /store takes a PostgreSQL URL/);
  const dev = await run(['--dev', '--store', 'postgres://db.example/kms']);
  assert.equal(dev.code, 2);
  assert.equal(dev.err, 'openkms serve: --store cannot be combined with --dev, whose store is in memory\n');
});
