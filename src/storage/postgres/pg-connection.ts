// Connections to PostgreSQL: the pool every store of a process shares, statements with openkms' conversions (bigint
// read as a number, text escaped for U+0000: pg-text.ts), and which errors are worth retrying.

import { createHash } from 'node:crypto';
import pg from 'pg';
import { fromPgText, toPgText } from './pg-text.js';

export type Row = Record<string, unknown>;

/** A pool, a pooled client or a client of its own: whatever runs a statement. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

export interface PgConnectionSettings {
  /** postgres://user@host:port/database (any libpq-style URL the pg driver takes). */
  connectionString: string;
  /** The schema openkms' tables live in (created if missing); PostgreSQL's search_path default when absent. */
  schema?: string;
  /** Pool size per process. */
  maxConnections?: number;
}

const INT8_OID = 20;
/** bigint columns (ids, epoch milliseconds, counts) come back as numbers: all fit in 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** How long a request waits for a connection (PostgreSQL down or the pool exhausted) before it fails. */
const CONNECT_TIMEOUT_MS = 5_000;
/** A statement that takes longer is cancelled by the server: a request never hangs on a stuck database. */
const STATEMENT_TIMEOUT_MS = 15_000;

export type LockName = 'migrations' | 'writes' | 'job-lease';

/**
 * The two 32-bit keys of one of openkms' advisory locks. Advisory locks belong to the whole database, not to a schema:
 * the second key is derived from the schema too, so that openkms installations in different schemas of one database
 * never wait for (or hold the job lease of) each other.
 */
export function advisoryLockKeys(name: LockName, schema: string | undefined): [number, number] {
  const digest = createHash('sha256').update(`openkms\n${name}\n${schema ?? ''}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/** A schema name is put in SQL text (search_path), so only plain identifiers are taken. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a usable schema name: ${JSON.stringify(schema)}`);
}

/**
 * The settings of a store URL: what the pg driver takes, plus openkms' own `schema` parameter (the schema the tables
 * live in, e.g. postgres://openkms@db:5432/kms?schema=openkms), which is taken out before the driver sees the URL.
 */
export function settingsOfUrl(url: string): PgConnectionSettings {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { connectionString: url };
  assertSchemaName(schema);
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

export function clientConfig(settings: PgConnectionSettings): pg.ClientConfig {
  const options = [`-c statement_timeout=${STATEMENT_TIMEOUT_MS}`];
  if (settings.schema !== undefined) {
    assertSchemaName(settings.schema);
    options.push(`-c search_path=${settings.schema}`);
  }
  return {
    connectionString: settings.connectionString,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: options.join(' '),
    types,
    application_name: 'openkms',
  };
}

export function openPool(settings: PgConnectionSettings, logError: (message: string, error: unknown) => void): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(settings), max: settings.maxConnections ?? 10, idleTimeoutMillis: 30_000 });
  // An idle client whose server went away (PostgreSQL restarted) emits 'error': without a listener that is a crash.
  // The pool drops that client; the next request connects anew.
  pool.on('error', (error) => logError('an idle PostgreSQL connection failed; the pool drops it', error));
  return pool;
}

/**
 * Runs `work` on a client of its own from the pool. While checked out, a client has no error listener of the pool's:
 * a connection that dies between two statements (PostgreSQL restarted mid-transaction) would emit an 'error' nobody
 * hears, which crashes the process. This listens, and gives a client that failed back to be destroyed, not reused.
 */
export async function withPooledClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failed: Error | undefined;
  const onError = (error: Error) => (failed = error);
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    // A connection that cannot even roll back is dead: it must not go back to the pool.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => (failed ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))));
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(failed);
  }
}

/** Strings escaped on the way in, text columns unescaped on the way out (pg-text.ts). */
export async function query(db: Queryable, text: string, values: readonly unknown[] = []): Promise<Row[]> {
  const result = await db.query(text, values.map(toParameter));
  for (const row of result.rows as Row[]) {
    for (const [name, value] of Object.entries(row)) if (typeof value === 'string') row[name] = fromPgText(value);
  }
  return result.rows as Row[];
}

function toParameter(value: unknown): unknown {
  if (typeof value === 'string') return toPgText(value);
  if (Array.isArray(value)) return value.map(toParameter);
  return value;
}

export async function queryOne(db: Queryable, text: string, values: readonly unknown[] = []): Promise<Row | undefined> {
  return (await query(db, text, values))[0];
}

/** Serialization failure and deadlock: the transaction did nothing and may be run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '40001' || code === '40P01';
}
