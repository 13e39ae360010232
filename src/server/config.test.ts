// Server settings from the environment: the listener's shutdown grace (seconds on the outside, milliseconds inside)
// and connection cap, and the key-pair generation limits; their defaults, and the values they refuse. And the typed
// configuration serve starts with: the storage choice and the root key source, flags over variables over defaults.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  configFromEnvironment,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  parseMaxConnections,
  parseShutdownGrace,
  serverConfig,
  SettingsError,
  storageSettings,
} from './config.js';

test('without OPENKMS_SHUTDOWN_GRACE and OPENKMS_MAX_CONNECTIONS the grace is 10 s and the cap 1024', () => {
  const config = configFromEnvironment({});
  assert.equal(config.shutdownGraceMs, 10_000);
  assert.equal(DEFAULT_SHUTDOWN_GRACE_MS, 10_000);
  assert.equal(config.maxConnections, 1024);
  assert.equal(DEFAULT_MAX_CONNECTIONS, 1024);
});

test('OPENKMS_SHUTDOWN_GRACE is in seconds, fractions allowed; OPENKMS_MAX_CONNECTIONS is a count', () => {
  const config = configFromEnvironment({ OPENKMS_SHUTDOWN_GRACE: '2.5', OPENKMS_MAX_CONNECTIONS: '64' });
  assert.equal(config.shutdownGraceMs, 2_500);
  assert.equal(config.maxConnections, 64);
  assert.equal(parseShutdownGrace('0'), 0);
  assert.equal(parseShutdownGrace('3600'), 3_600_000);
});

test('a grace that is not a number of seconds from 0 to 3600 is refused', () => {
  for (const text of ['', ' ', 'ten', '-1', '3601', 'Infinity', 'NaN', '1e9']) {
    assert.throws(() => parseShutdownGrace(text), { message: `the shutdown grace is a number of seconds from 0 to 3600: ${text}` }, text);
  }
  assert.throws(() => configFromEnvironment({ OPENKMS_SHUTDOWN_GRACE: 'soon' }), /shutdown grace/);
});

test('a connection cap that is not a whole number from 1 to 1000000 is refused', () => {
  for (const text of ['', '0', '-5', '1.5', '1e3', '0x10', ' 64', '1000001', 'many']) {
    assert.throws(() => parseMaxConnections(text), { message: `the connection cap is a whole number from 1 to 1000000: ${text}` }, text);
  }
  assert.equal(parseMaxConnections('1'), 1);
  assert.equal(parseMaxConnections('1000000'), 1_000_000);
});

describe('configFromEnvironment: key-pair generation limits', () => {
  test('unset, the limits are left to the defaults derived from the core count', () => {
    assert.equal(configFromEnvironment({}).keyPairGeneration, undefined);
    assert.equal(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '' }).keyPairGeneration, undefined);
  });

  test('OPENKMS_RSA_KEY_GENERATIONS and OPENKMS_RSA_KEY_GENERATION_QUEUE set the RSA lane, each on its own or both', () => {
    assert.deepEqual(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '3' }).keyPairGeneration, { rsa: { maxRunning: 3 } });
    assert.deepEqual(configFromEnvironment({ OPENKMS_RSA_KEY_GENERATION_QUEUE: '0' }).keyPairGeneration, { rsa: { maxWaiting: 0 } });
    assert.deepEqual(
      configFromEnvironment({ OPENKMS_RSA_KEY_GENERATIONS: '2', OPENKMS_RSA_KEY_GENERATION_QUEUE: '10' }).keyPairGeneration,
      { rsa: { maxRunning: 2, maxWaiting: 10 } },
    );
  });

  test('a value that is not a whole number, or admits no generation, stops the start with the variable named', () => {
    for (const [name, value] of [['OPENKMS_RSA_KEY_GENERATIONS', '0'], ['OPENKMS_RSA_KEY_GENERATIONS', '1.5'], ['OPENKMS_RSA_KEY_GENERATIONS', 'all'], ['OPENKMS_RSA_KEY_GENERATION_QUEUE', '-1']] as const) {
      assert.throws(() => configFromEnvironment({ [name]: value }), new RegExp(`^Error: ${name} takes a whole number of at least [01]: ${value.replace('.', '\\.')}$`));
    }
  });
});

describe('serverConfig: where the data lives and where its root key comes from', () => {
  test('by default a SQLite database in ./.openkms, under the root.key file there', () => {
    const config = serverConfig({}, {});
    assert.deepEqual([config.storage, config.rootKey, config.dev, config.workers], [{ kind: 'sqlite', dataDir: './.openkms' }, { kind: 'file' }, false, 1]);
  });

  test('--data-dir wins over OPENKMS_DATA_DIR; OPENKMS_ROOT_KEY, when set, is the root key, kept as given (even empty) for opening storage to check', () => {
    const env = { OPENKMS_DATA_DIR: '/from/env', OPENKMS_ROOT_KEY: '' };
    assert.deepEqual(serverConfig({ dataDir: 'flag-dir' }, env).storage, { kind: 'sqlite', dataDir: 'flag-dir' });
    assert.deepEqual(serverConfig({}, env).rootKey, { kind: 'env', value: '' });
    assert.deepEqual(serverConfig({}, { OPENKMS_ROOT_KEY: 'ab'.repeat(32) }).rootKey, { kind: 'env', value: 'ab'.repeat(32) });
  });

  test('--dev or OPENKMS_DEV keeps the store in memory under a random root key, whatever OPENKMS_ROOT_KEY says', () => {
    for (const [flags, env] of [[{ dev: true }, {}], [{}, { OPENKMS_DEV: '1' }], [{}, { OPENKMS_DEV: 'true' }]] as const) {
      const config = serverConfig(flags, { ...env, OPENKMS_ROOT_KEY: 'ab'.repeat(32), OPENKMS_DATA_DIR: '/unused' });
      assert.deepEqual([config.storage, config.rootKey, config.dev], [{ kind: 'memory' }, { kind: 'random' }, true]);
    }
    assert.equal(serverConfig({}, { OPENKMS_DEV: 'yes' }).dev, false, 'only 1 and true turn it on');
  });

  test('workers need a data directory: --workers or OPENKMS_WORKERS with --dev is refused, naming the one given', () => {
    assert.throws(() => serverConfig({ dev: true, workers: 2 }, {}), new SettingsError('--workers needs a data directory: it cannot be combined with --dev'));
    assert.throws(() => serverConfig({}, { OPENKMS_DEV: '1', OPENKMS_WORKERS: '2' }), new SettingsError('OPENKMS_WORKERS needs a data directory: it cannot be combined with --dev'));
    assert.equal(serverConfig({ dev: true, workers: 1 }, {}).workers, 1);
  });

  test('OPENKMS_WORKERS is read only without --workers, and must be a number from 1 to 64', () => {
    assert.equal(serverConfig({ workers: 2 }, { OPENKMS_WORKERS: 'lots' }).workers, 2);
    for (const text of ['0', '65', '2.5', ' 2', '0x2', '']) {
      assert.throws(() => serverConfig({}, { OPENKMS_WORKERS: text }), new SettingsError(`OPENKMS_WORKERS takes a number from 1 to 64: '${text}'`), text);
    }
  });

  test('a variable that does not parse stops the start even where a flag overrides it', () => {
    assert.throws(() => serverConfig({ port: 4600 }, { OPENKMS_PORT: 'x' }), { message: 'invalid port: x' });
  });

  test('storageSettings: a data directory always comes with its root key source; memory with a random one', () => {
    assert.deepEqual(storageSettings({ kind: 'sqlite', dataDir: 'd' }, {}), { storage: { kind: 'sqlite', dataDir: 'd' }, rootKey: { kind: 'file' } });
    assert.deepEqual(storageSettings({ kind: 'memory' }, { OPENKMS_ROOT_KEY: 'x' }).rootKey, { kind: 'random' });
  });
});

describe('serverConfig: --store and OPENKMS_STORE choose PostgreSQL', () => {
  const url = 'postgres://openkms@db.internal:5432/kms';
  test('SQLite in the data directory stays the default', () => {
    assert.deepEqual(serverConfig({}, {}).storage, { kind: 'sqlite', dataDir: './.openkms' });
  });

  test('a PostgreSQL URL from the flag or the variable, the flag first; the data directory stays for root.key', () => {
    assert.deepEqual(serverConfig({ store: url, dataDir: '/etc/openkms' }, {}).storage, { kind: 'postgres', url, dataDir: '/etc/openkms' });
    assert.deepEqual(serverConfig({}, { OPENKMS_STORE: url }).storage, { kind: 'postgres', url, dataDir: './.openkms' });
    const other = 'postgresql://a@b/c';
    assert.deepEqual(serverConfig({ store: other }, { OPENKMS_STORE: url }).storage, { kind: 'postgres', url: other, dataDir: './.openkms' });
    assert.deepEqual(serverConfig({ store: url }, { OPENKMS_ROOT_KEY: 'k' }).rootKey, { kind: 'env', value: 'k' });
  });

  test('anything but a PostgreSQL URL is refused, without echoing it (it may hold a password)', () => {
    for (const store of ['sqlite', 'mysql://u:hunter2@h/d', 'postgres://', '/var/lib/openkms']) {
      assert.throws(() => serverConfig({ store }, {}), (error: Error) => {
        assert.ok(error instanceof SettingsError);
        assert.equal(error.message, '--store takes a PostgreSQL URL, postgres://user@host:port/database');
        return true;
      });
    }
    assert.throws(() => serverConfig({}, { OPENKMS_STORE: 'nope' }), { message: 'OPENKMS_STORE takes a PostgreSQL URL, postgres://user@host:port/database' });
  });

  test('--dev keeps its store in memory: combined with --store it is refused', () => {
    assert.throws(() => serverConfig({ dev: true, store: url }, {}), { name: 'SettingsError', message: '--store cannot be combined with --dev, whose store is in memory' });
  });
});
