import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT_KEY_CHECK_SETTING, RootKeyMismatchError } from '../root-key-check.js';
import { Sealer } from '../../crypto/sealer.js';
import { checkSqliteRootKey } from './sqlite-root-key-check.js';
import { SqliteStore } from './sqlite-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-root-key-check-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let databases = 0;

/** A migrated database file with what `fill` writes through the store, sealed under `sealer`. */
async function database(sealer: Sealer, fill: (store: SqliteStore) => Promise<void> = async () => undefined): Promise<string> {
  const path = join(scratch, `db-${++databases}.sqlite`);
  const store = new SqliteStore(path, sealer);
  await fill(store);
  await store.close();
  return path;
}

const withAccessKey = (store: SqliteStore) =>
  store.write((tx) => tx.putAccessKey({ accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'secret', principalArn: 'arn:aws:iam::111122223333:user/admin', createdAt: new Date() }));

const withKeyMaterial = (store: SqliteStore) =>
  store.write((tx) =>
    tx.putKeyMaterial({ accountId: '111122223333', region: 'cn-north-1' }, '1234abcd-12ab-34cd-56ef-1234567890ab', {
      keyMaterialId: 'a'.repeat(64),
      material: randomBytes(32),
      state: 'CURRENT',
      createdAt: new Date(),
    }),
  );

function use<T>(path: string, work: (db: Database.Database) => T, readonly = false): T {
  const db = new Database(path, { readonly });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const checkValue = (path: string) =>
  use(path, (db) => (db.prepare('SELECT value FROM settings WHERE name = ?').get(ROOT_KEY_CHECK_SETTING) as { value: string } | undefined)?.value);

test('a new database adopts the key and keeps its check value; the same key then verifies, another does not', async () => {
  const sealer = new Sealer(randomBytes(32));
  const path = await database(sealer);
  assert.equal(use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: true })), 'adopt');
  const written = checkValue(path);
  assert.ok(written);
  assert.equal(use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: true })), 'verified');
  assert.equal(checkValue(path), written);
  assert.throws(() => use(path, (db) => checkSqliteRootKey(db, new Sealer(randomBytes(32)), { adopt: true })), RootKeyMismatchError);
  assert.equal(checkValue(path), written);
});

test('an old database (no check value) with its own key is adopted, judged by its sealed access key', async () => {
  const sealer = new Sealer(randomBytes(32));
  const path = await database(sealer, withAccessKey);
  assert.equal(use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: true })), 'adopt');
  assert.ok(checkValue(path));
});

test('an old database whose only secret is key material (every access key deleted) is judged by that material', async () => {
  const sealer = new Sealer(randomBytes(32));
  const path = await database(sealer, withKeyMaterial);
  assert.throws(() => use(path, (db) => checkSqliteRootKey(db, new Sealer(randomBytes(32)), { adopt: true })), RootKeyMismatchError);
  assert.equal(checkValue(path), undefined);
  assert.equal(use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: true })), 'adopt');
});

test('an old database with another key is refused and gets no check value', async () => {
  const path = await database(new Sealer(randomBytes(32)), async (store) => {
    await withAccessKey(store);
    await withKeyMaterial(store);
  });
  assert.throws(
    () => use(path, (db) => checkSqliteRootKey(db, new Sealer(randomBytes(32)), { adopt: true })),
    (error: unknown) => error instanceof RootKeyMismatchError && error.message === 'none of the 2 sealed secrets examined opens',
  );
  assert.equal(checkValue(path), undefined);
});

test('without adopt (audit) nothing is written, on a read-only connection', async () => {
  const sealer = new Sealer(randomBytes(32));
  const path = await database(sealer, withAccessKey);
  assert.equal(use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: false }), true), 'adopt');
  assert.equal(checkValue(path), undefined);
  assert.throws(() => use(path, (db) => checkSqliteRootKey(db, new Sealer(randomBytes(32)), { adopt: false }), true), RootKeyMismatchError);
});

test('of two processes adopting an empty database with different keys, the second is refused by the first one’s check value', async () => {
  const first = new Sealer(randomBytes(32));
  const path = await database(first);
  const a = new Database(path);
  const b = new Database(path);
  try {
    assert.equal(checkSqliteRootKey(a, first, { adopt: true }), 'adopt');
    assert.throws(() => checkSqliteRootKey(b, new Sealer(randomBytes(32)), { adopt: true }), RootKeyMismatchError);
  } finally {
    a.close();
    b.close();
  }
});

test('an empty check value is a mismatch, not a database without one', async () => {
  const sealer = new Sealer(randomBytes(32));
  const path = await database(sealer);
  use(path, (db) => db.prepare('INSERT INTO settings (name, value) VALUES (?, ?)').run(ROOT_KEY_CHECK_SETTING, ''));
  assert.throws(() => use(path, (db) => checkSqliteRootKey(db, sealer, { adopt: true })), RootKeyMismatchError);
  assert.equal(checkValue(path), '');
});

test('a file that is not an openkms database yet (no tables) has nothing to judge by', () => {
  const path = join(scratch, 'empty.sqlite');
  assert.equal(use(path, (db) => checkSqliteRootKey(db, new Sealer(randomBytes(32)), { adopt: false })), 'adopt');
});
