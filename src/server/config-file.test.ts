// The config file: every setting of settings.ts by its key, checked and named by it, beneath the environment and the
// flags; relative paths from the file's folder; YAML's number traps refused with what to write instead.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from './config-file.js';
import { SettingsError } from './config.js';
import { serveSettings } from '../cli/serve-command.js';
import { UsageError } from '../cli/args.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-config-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('each key becomes its variable; booleans and numbers as the variables take them; paths from the file folder', () => {
  const path = file(
    'full.yaml',
    [
      'host: 0.0.0.0',
      'port: 4700',
      'dataDir: data',
      'accountId: "444455556666"',
      'dev: false',
      'audit: false',
      'principals: /etc/openkms/principals.yaml',
      'seed: ./seed.yaml',
      'workers: 2',
      'shutdownGrace: 2.5',
      'maxConnections: 64',
      'logLevel: debug',
      'logFormat: json',
      'metrics: "127.0.0.1:9100"',
      'tlsCert: tls/cert.pem',
      'tlsKey: tls/key.pem',
    ].join('\n'),
  );
  const loaded = loadConfigFile(path);
  assert.deepEqual(loaded.env, {
    OPENKMS_HOST: '0.0.0.0',
    OPENKMS_PORT: '4700',
    OPENKMS_DATA_DIR: join(dir, 'data'),
    OPENKMS_ACCOUNT_ID: '444455556666',
    OPENKMS_DEV: '0',
    OPENKMS_AUDIT: 'off',
    OPENKMS_PRINCIPALS: '/etc/openkms/principals.yaml',
    OPENKMS_SEED: join(dir, 'seed.yaml'),
    OPENKMS_WORKERS: '2',
    OPENKMS_SHUTDOWN_GRACE: '2.5',
    OPENKMS_MAX_CONNECTIONS: '64',
    OPENKMS_LOG_LEVEL: 'debug',
    OPENKMS_LOG_FORMAT: 'json',
    OPENKMS_METRICS: '127.0.0.1:9100',
    OPENKMS_TLS_CERT: join(dir, 'tls/cert.pem'),
    OPENKMS_TLS_KEY: join(dir, 'tls/key.pem'),
  });
  const config = serveSettings(['--config', path], {})!;
  assert.equal(config.port, 4700);
  assert.equal(config.accountId, '444455556666');
  assert.equal(config.audit, false);
  assert.equal(config.workers, 2);
  assert.equal(config.shutdownGraceMs, 2500);
  assert.deepEqual(config.log, { level: 'debug', format: 'json' });
  assert.deepEqual(config.metrics, { kind: 'port', host: '127.0.0.1', port: 9100 });
  assert.deepEqual(config.tls, { certFile: join(dir, 'tls/cert.pem'), keyFile: join(dir, 'tls/key.pem') });
  assert.deepEqual(config.storage, { kind: 'sqlite', dataDir: join(dir, 'data') });
});

test('flags over the environment over the file over the defaults; OPENKMS_CONFIG names the file too', () => {
  const path = file('layers.yaml', 'port: 4700\nhost: 0.0.0.0\nlogLevel: warn\n');
  const fromFile = serveSettings([], { OPENKMS_CONFIG: path })!;
  assert.deepEqual([fromFile.port, fromFile.host, fromFile.log.level, fromFile.maxConnections], [4700, '0.0.0.0', 'warn', 1024]);
  const fromEnv = serveSettings(['--config', path], { OPENKMS_PORT: '4800' })!;
  assert.deepEqual([fromEnv.port, fromEnv.host], [4800, '0.0.0.0']);
  const fromFlags = serveSettings(['--config', path, '--port', '4900', '--log-level', 'error'], { OPENKMS_PORT: '4800', OPENKMS_LOG_LEVEL: 'debug' })!;
  assert.deepEqual([fromFlags.port, fromFlags.log.level], [4900, 'error']);
  // A flag the table checks generically is refused naming the flag, before the file or the environment is read.
  assert.throws(() => serveSettings(['--config', path, '--metrics', 'maybe'], {}), { message: "openkms serve: --metrics: metrics is off, on, a port from 1 to 65535 or HOST:PORT: 'maybe'" });
});

test('an empty file sets nothing', () => {
  assert.deepEqual(loadConfigFile(file('empty.yaml', '# nothing yet\n')).env, {});
});

test('what a file cannot say is refused in one line naming the file and the key (exit code 2 through serve)', () => {
  const cases: [string, RegExp][] = [
    ['prot: 4599', /: prot is not a setting \(settings: host, port, /],
    ['rootKey: abc', /: rootKey may only come from the environment$/],
    ['port: 70000', /: port takes a port number from 0 to 65535: '70000'$/],
    ['port: [1]', /: port takes a number: \[1\]$/],
    ['accountId: 012345678901', /: accountId is text: YAML read it as the number 12345678901; put it in quotes/],
    ['accessKeyId: 0x4c08', /: accessKeyId is text: YAML read it as the number 19464; put it in quotes/],
    ['dev: yes', /: dev takes true or false: "yes"$/],
    ['logLevel: loud', /: logLevel the log level is one of fatal, /],
    ['metrics: maybe', /: metrics metrics is off, on, /],
    ['workers: 0', /: workers takes a number from 1 to 64: '0'$/],
    ['port: 1\nport: 2', /: not valid YAML: Map keys must be unique/],
    ['- port: 1', /: a config file is a mapping of settings/],
    ['port: : :', /: not valid YAML: /],
  ];
  for (const [text, message] of cases) {
    const path = file('bad.yaml', text);
    assert.throws(() => loadConfigFile(path), (error: unknown) => error instanceof SettingsError && message.test(error.message) && error.message.startsWith(path), text);
    assert.throws(() => serveSettings(['--config', path], {}), (error: unknown) => error instanceof UsageError && error.message.startsWith(`openkms serve: ${path}: `), text);
  }
  assert.throws(() => loadConfigFile(join(dir, 'absent.yaml')), { message: `cannot read the config file ${join(dir, 'absent.yaml')}: no such file` });
  assert.throws(() => loadConfigFile(dir), /it is a directory/);
});
