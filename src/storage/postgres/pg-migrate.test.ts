// Migrations on PostgreSQL: from an empty database, from the previous schema version with its data kept, by nodes
// starting at the same time, and a database newer than this build refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Sealer } from '../../crypto/sealer.js';
import { testKey, SCOPE } from '../conformance/fixtures.js';
import { MIGRATIONS } from './pg-schema.js';
import { PgStore } from './pg-store.js';
import { assertPostgresReachable, dropSchema, TEST_POSTGRES_URL, testSchemaName } from './pg-test-database.test-helper.js';

before(assertPostgresReachable);
const made: string[] = [];
after(async () => {
  for (const schema of made) await dropSchema(schema);
});

function schema(): string {
  const name = testSchemaName();
  made.push(name);
  return name;
}

async function versions(name: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(`SELECT version FROM ${name}.schema_migrations ORDER BY version`)).rows.map((row: { version: number }) => row.version);
  } finally {
    await client.end();
  }
}

const sealer = () => new Sealer(randomBytes(32));

test('an empty database gets every migration, once, and opening it again applies none', async () => {
  const name = schema();
  const store = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, sealer());
  await store.close();
  const again = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, sealer());
  await again.close();
  assert.deepEqual(await versions(name), MIGRATIONS.map((_, i) => i + 1));
});

test('a database at the previous version is brought forward with its data', async () => {
  const name = schema();
  const key = sealer();
  const old = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name, migrateUpTo: MIGRATIONS.length - 1 }, key);
  // Written through SQL of the old schema: the change counters table is the last migration's.
  await old.pool.query(`INSERT INTO ${name}.keys (account_id, region, key_id, doc) VALUES ($1, $2, $3, $4)`, [SCOPE.accountId, SCOPE.region, 'k1', JSON.stringify(testKey('k1'))]);
  await old.close();
  assert.deepEqual(await versions(name), MIGRATIONS.slice(0, -1).map((_, i) => i + 1));
  const store = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, key);
  try {
    assert.deepEqual(await store.getKey(SCOPE, 'k1'), testKey('k1'));
    await store.write((tx) => tx.putKey(testKey('k2')));
    assert.equal((await store.listKeys(SCOPE, 10)).items.length, 2);
  } finally {
    await store.close();
  }
});

test('nodes opening a new database at the same time apply each migration once (the migration lock)', async () => {
  const name = schema();
  const stores = await Promise.all(Array.from({ length: 4 }, () => PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name, maxConnections: 2 }, sealer())));
  await Promise.all(stores.map((store) => store.close()));
  assert.deepEqual(await versions(name), MIGRATIONS.map((_, i) => i + 1));
});

test('a database at a version newer than this build is refused', async () => {
  const name = schema();
  const store = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, sealer());
  await store.pool.query(`INSERT INTO ${name}.schema_migrations (version) VALUES ($1)`, [MIGRATIONS.length + 1]);
  await store.close();
  await assert.rejects(PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: name }, sealer()), {
    name: 'SchemaVersionError',
    message: `the database is at schema version ${MIGRATIONS.length + 1}, newer than this openkms knows (${MIGRATIONS.length})`,
  });
});

test('a schema name that is not a plain identifier is refused before any SQL', async () => {
  await assert.rejects(PgStore.open({ connectionString: TEST_POSTGRES_URL, schema: 'x; DROP TABLE keys' }, sealer()), /not a usable schema name/);
});
