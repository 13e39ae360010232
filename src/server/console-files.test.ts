// Unit tests of the console's path rules: which request paths name a file below /console, and which are refused
// before any file is looked up (the attacks themselves run against a real server in test/console/).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsGzip, ConsoleFiles, fileName } from './console-files.js';

test('/console and /console/ name the index; a trailing slash is a page path', () => {
  assert.equal(fileName('/console'), '');
  assert.equal(fileName('/console/'), '');
  assert.equal(fileName('/console/keys/'), 'keys');
  assert.equal(fileName('/console/assets/index-abc.js'), 'assets/index-abc.js');
});

test('percent-encoded names are decoded (a space in a file name)', () => {
  assert.equal(fileName('/console/a%20b.txt'), 'a b.txt');
});

test('a path with a ".." or "." segment, plain or percent-encoded, names no file', () => {
  for (const path of ['/console/..', '/console/../x', '/console/assets/../../x', '/console/%2e%2e/x', '/console/%2E%2E', '/console/./index.html', '/console/%2e/index.html']) {
    assert.equal(fileName(path), undefined, path);
  }
});

test('encoded separators, backslashes, NUL and bad percent-encoding name no file', () => {
  for (const path of ['/console/..%2fx', '/console/a%2Fb', '/console/..%5cx', '/console/a\\b', '/console/%00', '/console/index.html%00.js', '/console/%', '/console/%c0%ae%c0%ae/x', '/console/%e0%80']) {
    assert.equal(fileName(path), undefined, path);
  }
});

test('an empty segment inside the path (an absolute path after the prefix) names no file', () => {
  assert.equal(fileName('/console//etc/passwd'), undefined);
  assert.equal(fileName('/console/assets//x.js'), undefined);
});

test('a path longer than 2048 characters names no file', () => {
  assert.equal(fileName(`/console/${'a'.repeat(2040)}`), undefined);
  assert.equal(fileName(`/console/${'a'.repeat(2000)}`), 'a'.repeat(2000));
});

test('only /console and the paths below it are the console\'s', () => {
  assert.equal(ConsoleFiles.handles('/console'), true);
  assert.equal(ConsoleFiles.handles('/console/x'), true);
  assert.equal(ConsoleFiles.handles('/consolex'), false);
  assert.equal(ConsoleFiles.handles('/'), false);
  assert.equal(fileName('/consolex'), undefined);
});

test('gzip is accepted when Accept-Encoding lists it (or x-gzip) with a weight above 0, in any case', () => {
  for (const header of ['gzip', 'gzip, deflate, br', 'br;q=1.0, GZIP;q=0.5', 'gzip;q=0.001', ' gzip ; q=1 ', 'x-gzip']) assert.equal(acceptsGzip(header), true, header);
  for (const header of [undefined, '', 'identity', 'br', 'gzip;q=0', 'gzip; q=0.0', 'gzipped', 'gzip;q=', 'gzip;q=nope']) assert.equal(acceptsGzip(header), false, String(header));
});
