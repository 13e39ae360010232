// The listener's settings from the environment: the shutdown grace (seconds on the outside, milliseconds inside) and
// the connection cap, their defaults, and the values they refuse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnvironment, DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_GRACE_MS, parseMaxConnections, parseShutdownGrace } from './config.js';

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
