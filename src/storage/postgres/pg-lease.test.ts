// The job lease on PostgreSQL: one holder per installation (schema), taken over once the holder lets go or its session
// dies, and independent of the installations in other schemas of the same database.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Sealer } from '../../crypto/sealer.js';
import { advisoryLockKeys } from './pg-connection.js';
import { PgAdvisoryLease } from './pg-lease.js';
import { PgStore } from './pg-store.js';
import { assertPostgresReachable, dropSchema, TEST_POSTGRES_URL, testSchemaName } from './pg-test-database.test-helper.js';

before(assertPostgresReachable);
const one = testSchemaName();
const other = testSchemaName();
const leases: PgAdvisoryLease[] = [];
after(async () => {
  for (const lease of leases) await lease.release();
});

const lease = (schema: string) => {
  const made = new PgAdvisoryLease({ connectionString: TEST_POSTGRES_URL, schema }, () => undefined);
  leases.push(made);
  return made;
};

test('one holder per schema; another schema has its own; a released or killed holder\'s lease is taken over', async () => {
  const [a, b, c] = [lease(one), lease(one), lease(other)];
  assert.equal(await a.acquire(), true);
  assert.equal(await b.acquire(), false);
  assert.equal(await c.acquire(), true, 'another schema of the same database: another lease');
  assert.equal(b.held, false);
  await a.release();
  assert.equal(await b.acquire(), true);
  // The holder's session killed from outside (as when its node dies): the lease is lost, and another takes it.
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const d = lease(one);
    assert.equal(await d.acquire(), false);
    const [high, low] = advisoryLockKeys('job-lease', one);
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::bigint = $1 AND objid::bigint = $2",
      [high >>> 0, low >>> 0],
    );
    assert.equal(killed.rowCount, 1, "the holder's session is found by its lock");
    for (let i = 0; i < 50 && b.held; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(b.held, false, 'a holder whose session died knows it lost the lease');
    assert.equal(await d.acquire(), true);
  } finally {
    await admin.end();
  }
});

test('write transactions of different schemas do not wait for each other', async () => {
  const [s1, s2] = await Promise.all([one, other].map((schema) => PgStore.open({ connectionString: TEST_POSTGRES_URL, schema }, new Sealer(randomBytes(32)))));
  try {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const long = s1!.write(async (tx) => {
      await tx.putSetting('a', '1');
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    await s2!.write((tx) => tx.putSetting('b', '2')); // would wait for `long` if the lock were shared
    release();
    await long;
    assert.equal(await s2!.getSetting('b'), '2');
  } finally {
    await s1!.close();
    await s2!.close();
    await dropSchema(one);
    await dropSchema(other);
  }
});
