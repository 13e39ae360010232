// The logger's formats and the one-line error reports: the stack only where debug is on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, errorReporter, type LoggerSettings } from './logger.js';

function capture(settings: LoggerSettings, tty = false): { out: () => string; logger: ReturnType<typeof createLogger> } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY: tty },
  );
  return { out: () => text, logger: createLogger(settings, stream) };
}

test('an error is one JSON line with its name and message, without the stack at info level', () => {
  const { out, logger } = capture({ level: 'info', format: 'json' });
  errorReporter(logger)('job DeleteKey for k failed; it stays scheduled', new TypeError('database is locked'));
  const lines = out().trim().split('\n');
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as { level: number; msg: string; error: { type: string; message: string; stack?: string } };
  assert.equal(line.level, 50);
  assert.equal(line.msg, 'job DeleteKey for k failed; it stays scheduled');
  assert.deepEqual(line.error, { type: 'TypeError', message: 'database is locked' });
});

test('at debug level the error line carries the stack (still one line)', () => {
  const { out, logger } = capture({ level: 'debug', format: 'json' });
  errorReporter(logger)('unexpected failure in Encrypt', new Error('boom'));
  const lines = out().trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match((JSON.parse(lines[0]!) as { error: { stack: string } }).error.stack, /^Error: boom\n\s+at /);
});

test('a level filters: warn drops info lines', () => {
  const { out, logger } = capture({ level: 'warn', format: 'json' });
  logger.info('request');
  logger.warn('careful');
  assert.equal(out().trim().split('\n').length, 1);
});

test('pretty is chosen on a terminal and is not JSON; json is chosen otherwise', () => {
  const pretty = capture({ level: 'info' }, true);
  pretty.logger.info({ operation: 'Encrypt' }, 'request');
  assert.throws(() => JSON.parse(pretty.out()));
  assert.match(pretty.out(), /request/);
  assert.match(pretty.out(), /operation.*Encrypt/);
  const json = capture({ level: 'info' }, false);
  json.logger.info({ operation: 'Encrypt' }, 'request');
  assert.equal((JSON.parse(json.out()) as { operation: string }).operation, 'Encrypt');
});

test('an error of a request carries its request id on the same line', () => {
  const { out, logger } = capture({ level: 'info', format: 'json' });
  errorReporter(logger)('unexpected failure in Encrypt', new Error('boom'), { requestId: '5f0c3a8e-1111-4222-8333-944445555666' });
  const line = JSON.parse(out().trim()) as { requestId: string; msg: string };
  assert.equal(line.requestId, '5f0c3a8e-1111-4222-8333-944445555666');
  assert.equal(line.msg, 'unexpected failure in Encrypt');
});
