import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDataDir, checkExportDir, DataDirError } from './data-dir-check.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-data-dir-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const serve = { create: true, write: true };
const audit = { create: false, write: false };
const refused = (pattern: RegExp) => (error: unknown) => error instanceof DataDirError && pattern.test(error.message) && !error.message.includes('\n');

test('a missing directory is created with its missing parents, each 0700', () => {
  const dir = join(scratch, 'a', 'b', 'c');
  checkDataDir(dir, serve);
  for (const path of [join(scratch, 'a'), join(scratch, 'a', 'b'), dir]) assert.equal(statSync(path).mode & 0o777, 0o700, path);
});

test('an existing directory open to others is made private', () => {
  const dir = join(scratch, 'open');
  mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  checkDataDir(dir, audit);
  assert.equal(statSync(dir).mode & 0o777, 0o755, 'reading commands leave it alone');
  checkDataDir(dir, serve);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
});

test('a regular file is not a data directory, and is left alone', () => {
  const file = join(scratch, 'file');
  writeFileSync(file, 'x');
  assert.throws(() => checkDataDir(file, serve), refused(/^the data directory .*file is not a directory$/));
  assert.equal(statSync(file).isFile(), true);
});

test('a path below a regular file names that file', () => {
  const file = join(scratch, 'parent-file');
  writeFileSync(file, 'x');
  for (const options of [serve, audit]) {
    assert.throws(() => checkDataDir(join(file, 'x', 'y'), options), refused(new RegExp(`^the data directory .* cannot be used: ${file} is not a directory$`)));
  }
});

test('a dangling symbolic link, as the directory or as a parent, is named as one and its target is not created', () => {
  const link = join(scratch, 'dangling');
  symlinkSync(join(scratch, 'target', 'deep'), link);
  assert.throws(() => checkDataDir(link, serve), refused(new RegExp(`^the data directory ${link} is a symbolic link to .*target/deep, which does not exist$`)));
  assert.throws(() => checkDataDir(join(link, 'data'), serve), refused(new RegExp(`^cannot create the data directory .*: ${link} is a symbolic link to .*, which does not exist$`)));
  assert.equal(existsSync(join(scratch, 'target')), false);
});

test('a symbolic link to a directory is followed', () => {
  mkdirSync(join(scratch, 'real'), { mode: 0o700 });
  symlinkSync(join(scratch, 'real'), join(scratch, 'link-to-real'));
  checkDataDir(join(scratch, 'link-to-real'), serve);
});

test('the reading commands never create one', () => {
  const dir = join(scratch, 'absent');
  assert.throws(() => checkDataDir(dir, audit), refused(/^the data directory .*absent does not exist$/));
  assert.equal(existsSync(dir), false);
});

// A path under /proc, where Node's recursive mkdir spins, is in test/integration/data-dir-check.test.ts: there a
// regression is a process killed at a timeout, here it would hang the test runner.

test('a directory that may not be written is refused for writing, whoever runs the test (/proc/self)', () => {
  // Root may write any directory whatever its mode; nobody, root included, may create files in /proc/self.
  assert.throws(() => checkDataDir('/proc/self', serve), refused(/^the data directory \/proc\/self is not writable: /));
});

test('an export directory is created with its parents, and an existing one keeps its mode (it is not the data directory)', () => {
  const out = join(scratch, 'exports', 'today');
  checkExportDir(out);
  assert.equal(statSync(out).isDirectory(), true);
  const shared = join(scratch, 'shared-exports');
  mkdirSync(shared);
  chmodSync(shared, 0o755);
  checkExportDir(shared);
  assert.equal(statSync(shared).mode & 0o777, 0o755);
});

test('an export directory that is a file, or below one, is named in one line', () => {
  const file = join(scratch, 'export-file');
  writeFileSync(file, 'x');
  assert.throws(() => checkExportDir(file), refused(/^the export directory .*export-file is not a directory$/));
  assert.throws(() => checkExportDir(join(file, 'x')), refused(new RegExp(`^the export directory .* cannot be used: ${file} is not a directory$`)));
});
