// Applies the schema's migrations (pg-schema.ts) at start: forward-only, each in its own transaction with its version
// recorded, under a session advisory lock so that nodes starting together apply each migration once. A database that
// has applied a version this build does not know (a newer openkms) is refused rather than run on.

import type pg from 'pg';
import { MIGRATIONS } from './pg-schema.js';
import { advisoryLockKeys, assertSchemaName, query } from './pg-connection.js';


export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** `client` is a connection of its own (a session lock is held by the session). Applies up to `upTo` migrations. */
export async function migrate(client: pg.ClientBase, schema: string | undefined, upTo = MIGRATIONS.length): Promise<void> {
  const lock = advisoryLockKeys('migrations', schema);
  await client.query('SELECT pg_advisory_lock($1, $2)', [...lock]);
  try {
    if (schema !== undefined) {
      assertSchemaName(schema);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const applied = new Set((await query(client, 'SELECT version FROM schema_migrations')).map((row) => row.version as number));
    const newest = Math.max(0, ...applied);
    if (newest > MIGRATIONS.length) {
      throw new SchemaVersionError(`the database is at schema version ${newest}, newer than this openkms knows (${MIGRATIONS.length})`);
    }
    for (let version = 1; version <= upTo; version++) {
      if (applied.has(version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[version - 1]!);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [...lock]).catch(() => undefined);
  }
}
