// The operator's settings: log level and format, where metrics are served, and TLS files as a pair.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMetrics, parseLogFormat, parseLogLevel, parseMetrics, tlsFiles } from './ops-settings.js';
import { serverConfig, SettingsError } from './config.js';

test('log levels and formats are pino names; anything else is refused naming what is accepted', () => {
  assert.equal(parseLogLevel('debug'), 'debug');
  assert.equal(parseLogFormat('pretty'), 'pretty');
  assert.throws(() => parseLogLevel('verbose'), { message: "the log level is one of fatal, error, warn, info, debug, trace, silent: 'verbose'" });
  assert.throws(() => parseLogFormat('text'), /json, pretty/);
});

test('metrics: off, on, a port or HOST:PORT', () => {
  assert.deepEqual(parseMetrics('off'), { kind: 'off' });
  assert.deepEqual(parseMetrics('on'), { kind: 'api' });
  assert.deepEqual(parseMetrics('9100'), { kind: 'port', port: 9100 });
  assert.deepEqual(parseMetrics('0.0.0.0:9100'), { kind: 'port', host: '0.0.0.0', port: 9100 });
  assert.deepEqual(parseMetrics('[::1]:9100'), { kind: 'port', host: '::1', port: 9100 });
  for (const text of ['', 'yes', '0', '65536', '-1', 'host:', ':9100', '9100x', 'a b:1']) assert.throws(() => parseMetrics(text), /metrics is off, on/, text);
  for (const text of ['off', 'on', '9100', '0.0.0.0:9100', '[::1]:9100']) assert.equal(describeMetrics(parseMetrics(text)), text);
});

test('a TLS certificate needs its key and the reverse', () => {
  const names = { cert: '--tls-cert', key: '--tls-key' };
  assert.equal(tlsFiles(undefined, undefined, names), undefined);
  assert.deepEqual(tlsFiles('c.pem', 'k.pem', names), { certFile: 'c.pem', keyFile: 'k.pem' });
  assert.throws(() => tlsFiles('c.pem', undefined, names), { message: '--tls-cert needs --tls-key (or OPENKMS_TLS_KEY) as well' });
  assert.throws(() => tlsFiles(undefined, 'k.pem', names), { message: '--tls-key needs --tls-cert (or OPENKMS_TLS_CERT) as well' });
});

test('serverConfig: flags over variables over defaults; a bad variable is a SettingsError naming it', () => {
  const defaults = serverConfig({}, {});
  assert.deepEqual(defaults.log, { level: 'info' });
  assert.deepEqual(defaults.metrics, { kind: 'api' });
  assert.equal(defaults.tls, undefined);
  const env = { OPENKMS_LOG_LEVEL: 'warn', OPENKMS_LOG_FORMAT: 'json', OPENKMS_METRICS: '9100', OPENKMS_TLS_CERT: 'c.pem', OPENKMS_TLS_KEY: 'k.pem' };
  const fromEnv = serverConfig({}, env);
  assert.deepEqual(fromEnv.log, { level: 'warn', format: 'json' });
  assert.deepEqual(fromEnv.metrics, { kind: 'port', port: 9100 });
  assert.deepEqual(fromEnv.tls, { certFile: 'c.pem', keyFile: 'k.pem' });
  const flagged = serverConfig({ logLevel: 'debug', logFormat: 'pretty', metrics: { kind: 'off' }, tlsCert: 'other.pem' }, env);
  assert.deepEqual(flagged.log, { level: 'debug', format: 'pretty' });
  assert.deepEqual(flagged.metrics, { kind: 'off' });
  assert.deepEqual(flagged.tls, { certFile: 'other.pem', keyFile: 'k.pem' });
  assert.throws(() => serverConfig({}, { OPENKMS_LOG_LEVEL: 'loud' }), (error: unknown) => error instanceof SettingsError && /^OPENKMS_LOG_LEVEL: /.test(error.message));
  assert.throws(() => serverConfig({}, { OPENKMS_METRICS: 'maybe' }), (error: unknown) => error instanceof SettingsError && /^OPENKMS_METRICS: /.test(error.message));
  assert.throws(() => serverConfig({}, { OPENKMS_TLS_KEY: 'k.pem' }), { message: 'OPENKMS_TLS_KEY needs --tls-cert (or OPENKMS_TLS_CERT) as well' });
});
