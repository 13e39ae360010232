import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRootKey, parseRootKey, RootKeyError, type RootKeyOptions } from './root-key.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-root-key-unit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
function dataDir(): string {
  const dir = join(scratch, `d${++dirs}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}
const options = (dir: string, overrides: Partial<RootKeyOptions> = {}): RootKeyOptions => ({
  fromEnvironment: undefined,
  create: true,
  databasePath: join(dir, 'openkms.db'),
  ...overrides,
});
const refused = (message: string) => (error: unknown) => error instanceof RootKeyError && error.message === message;

describe('parseRootKey', () => {
  const key = randomBytes(32);
  test('takes 64 hex characters, and base64 (standard or URL-safe, padded or not) of 32 bytes', () => {
    for (const text of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), key.toString('base64url'), `${key.toString('base64')}\n`]) {
      assert.deepEqual(parseRootKey(text), key, text);
    }
  });

  test('refuses anything else: other lengths, stray characters, a non-canonical last character', () => {
    const base64 = key.toString('base64');
    // The 43rd character carries 4 bits and 2 zero bits: setting one of those decodes to the same bytes, non-canonically.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const lastBitsSet = base64.slice(0, 42) + alphabet[alphabet.indexOf(base64[42]!) + 1] + '=';
    assert.deepEqual(Buffer.from(lastBitsSet, 'base64'), key);
    const cases = [
      '',
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      key.toString('hex').slice(1),
      base64.slice(0, 20) + '%%' + base64.slice(22),
      base64.slice(0, 20) + ' ' + base64.slice(21),
      base64.replace(/.$/, '==='),
      lastBitsSet,
    ];
    for (const text of cases) assert.throws(() => parseRootKey(text), refused('a root key is 32 bytes, written as 64 hex characters or base64'), JSON.stringify(text));
  });
});

describe('loadRootKey', () => {
  test('OPENKMS_ROOT_KEY wins over the file, and no file is created for it', () => {
    const dir = dataDir();
    const key = randomBytes(32);
    const loaded = loadRootKey(dir, options(dir, { fromEnvironment: key.toString('hex') }));
    assert.deepEqual(loaded, { key, source: 'OPENKMS_ROOT_KEY' });
    assert.deepEqual(readdirSync(dir), []);
  });

  test('an OPENKMS_ROOT_KEY that is set but empty is an error, not a fallback to the file', () => {
    const dir = dataDir();
    assert.throws(() => loadRootKey(dir, options(dir, { fromEnvironment: ' ' })), refused('OPENKMS_ROOT_KEY is set but empty'));
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a malformed OPENKMS_ROOT_KEY is named as such', () => {
    const dir = dataDir();
    assert.throws(
      () => loadRootKey(dir, options(dir, { fromEnvironment: 'not-a-key' })),
      refused('OPENKMS_ROOT_KEY is not a root key: a root key is 32 bytes, written as 64 hex characters or base64'),
    );
  });

  test('a new data directory gets a root key file, 0600, that the next load reads back; no temporary file stays', () => {
    const dir = dataDir();
    const first = loadRootKey(dir, options(dir));
    assert.equal(first.source, `the root key file ${join(dir, 'root.key')}`);
    assert.equal(statSync(join(dir, 'root.key')).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['root.key']);
    assert.deepEqual(loadRootKey(dir, options(dir)).key, first.key);
    assert.deepEqual(parseRootKey(readFileSync(join(dir, 'root.key'), 'utf8')), first.key);
  });

  test('a missing file beside a database that holds data is refused, and no file is created', () => {
    for (const file of ['openkms.db', 'openkms.db-wal']) {
      const dir = dataDir();
      writeFileSync(join(dir, file), 'data');
      const message =
        `the root key file ${join(dir, 'root.key')} is missing, but the database ${join(dir, 'openkms.db')} exists: ` +
        'restore the file or set OPENKMS_ROOT_KEY (a new root key is never created beside an existing database)';
      assert.throws(() => loadRootKey(dir, options(dir)), refused(message), file);
      assert.equal(existsSync(join(dir, 'root.key')), false, file);
    }
  });

  test('an empty database file (a start that failed before writing anything) does not block the first key', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'openkms.db'), '');
    assert.equal(loadRootKey(dir, options(dir)).key.length, 32);
  });

  test('without create (audit) a missing file is an error and none is created', () => {
    const dir = dataDir();
    assert.throws(() => loadRootKey(dir, options(dir, { create: false })), refused(`the root key file ${join(dir, 'root.key')} is missing`));
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a corrupted file is named, and left as it is', () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'root.key'), 'garbage\n', { mode: 0o600 });
    assert.throws(
      () => loadRootKey(dir, options(dir)),
      refused(`the root key file ${join(dir, 'root.key')} is not a root key: a root key is 32 bytes, written as 64 hex characters or base64`),
    );
    assert.equal(readFileSync(join(dir, 'root.key'), 'utf8'), 'garbage\n');
  });

  test('a root key file others may read is made private (create), or only read (audit)', () => {
    const dir = dataDir();
    const key = randomBytes(32);
    writeFileSync(join(dir, 'root.key'), key.toString('base64'));
    chmodSync(join(dir, 'root.key'), 0o644);
    assert.deepEqual(loadRootKey(dir, options(dir, { create: false })).key, key);
    assert.equal(statSync(join(dir, 'root.key')).mode & 0o777, 0o644);
    assert.deepEqual(loadRootKey(dir, options(dir)).key, key);
    assert.equal(statSync(join(dir, 'root.key')).mode & 0o777, 0o600);
  });

  test('a root key path that is a directory is reported in one line', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'root.key'));
    assert.throws(() => loadRootKey(dir, options(dir, { create: false })), /^RootKeyError: cannot read the root key file .*root\.key: illegal operation on a directory$/);
  });
});
