// The root key check on PostgreSQL: a new database adopts the first key, the same key is verified, another key is
// refused (by the check value, or by the sealed secrets of a database without one), and nodes adopting together agree.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Sealer } from '../../crypto/sealer.js';
import { at } from '../conformance/fixtures.js';
import { ROOT_KEY_CHECK_SETTING } from '../root-key-check.js';
import { checkPgRootKey } from './pg-root-key-check.js';
import { PgStore } from './pg-store.js';
import { assertPostgresReachable, dropSchema, TEST_POSTGRES_URL, testSchemaName } from './pg-test-database.test-helper.js';

before(assertPostgresReachable);
const made: string[] = [];
after(async () => {
  for (const schema of made) await dropSchema(schema);
});

async function withStore(work: (store: PgStore, name: string) => Promise<void>, key = randomBytes(32)): Promise<void> {
  const name = testSchemaName();
  made.push(name);
  const store = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, new Sealer(key));
  try {
    await work(store, name);
  } finally {
    await store.close();
  }
}

test('a new database adopts the first root key; the same key is verified, another refused', () =>
  withStore(async (store) => {
    const key = randomBytes(32);
    assert.equal(await checkPgRootKey(store, new Sealer(key), { adopt: true }), 'adopt');
    assert.ok(await store.getSetting(ROOT_KEY_CHECK_SETTING));
    assert.equal(await checkPgRootKey(store, new Sealer(Buffer.from(key)), { adopt: true }), 'verified');
    await assert.rejects(checkPgRootKey(store, new Sealer(randomBytes(32)), { adopt: true }), { name: 'RootKeyMismatchError', message: 'its check value does not open' });
  }));

test('without a check value, the sealed secrets decide', async () => {
  const key = randomBytes(32);
  await withStore(async (store) => {
    await store.write((tx) => tx.putAccessKey({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', principalArn: 'arn:aws:iam::111122223333:root', createdAt: at(0) }));
    await assert.rejects(checkPgRootKey(store, new Sealer(randomBytes(32)), { adopt: true }), { name: 'RootKeyMismatchError', message: 'none of the 1 sealed secrets examined opens' });
    assert.equal(await store.getSetting(ROOT_KEY_CHECK_SETTING), undefined, 'nothing adopted by a refused key');
    assert.equal(await checkPgRootKey(store, new Sealer(Buffer.from(key)), { adopt: true }), 'adopt');
  }, Buffer.from(key));
});

test('nodes adopting the same new database at once: one writes the check value, the others verify it', () =>
  withStore(async (store) => {
    const key = randomBytes(32);
    const verdicts = await Promise.all(Array.from({ length: 3 }, () => checkPgRootKey(store, new Sealer(Buffer.from(key)), { adopt: true })));
    assert.deepEqual(verdicts.sort(), ['adopt', 'verified', 'verified']);
  }));
