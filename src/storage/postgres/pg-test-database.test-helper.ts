// For tests on PostgreSQL: the server they use (OPENKMS_TEST_POSTGRES, or the local one .ci/run starts), a schema of
// their own for each store, dropped again afterwards, and a scan of every column of every table of a schema.

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.OPENKMS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name; nothing is created until a store opens on it. */
export function testSchemaName(): string {
  return `openkms_test_${randomBytes(6).toString('hex')}`;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${String(error)}): install Debian's postgresql and start it ` +
        '(.ci/run does both), or point OPENKMS_TEST_POSTGRES at a server with trust authentication',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The store URL of `schema` on the test server, as --store takes it. */
export function testStoreUrl(schema: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Fails with what to install when there is no PostgreSQL to test on. */
export function assertPostgresReachable(): Promise<void> {
  return withClient(async () => undefined);
}

export function dropSchema(schema: string): Promise<void> {
  return withClient(async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}

/** `table.column` of every value in `schema` whose raw bytes (text as UTF-8, bytea as is) contain one of `needles`. */
export function findBytesInSchema(schema: string, needles: readonly Buffer[]): Promise<string[]> {
  return withClient(async (client) => {
    const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'", [schema]);
    const found = new Set<string>();
    for (const { table_name: table } of tables.rows as { table_name: string }[]) {
      const rows = await client.query(`SELECT * FROM ${schema}."${table}"`);
      for (const row of rows.rows as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          const bytes = Buffer.isBuffer(value) ? value : value === null ? undefined : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
          if (bytes && needles.some((needle) => bytes.includes(needle))) found.add(`${table}.${column}`);
        }
      }
    }
    return [...found];
  });
}
