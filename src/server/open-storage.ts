// Opens storage as the configuration chooses it (config.ts StorageSettings), for everything that needs it: `serve`
// (openkms-server.ts), `openkms admin` and `openkms audit` (cli/), and the audit writer thread. The one file outside
// storage/ that knows the backends: the data directory's checks, the root key and its check against the database,
// the writer thread's connection, the job lease and the backend's housekeeping are all decided here.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { AuditBatchAppender } from '../audit/audit-log-port.js';
import type { AuditLogReader } from '../audit/audit-log-reader.js';
import type { WriterFactory } from '../audit/audit-writer-thread.js';
import { ImportTokenService } from '../crypto/import-token-service.js';
import { Sealer } from '../crypto/sealer.js';
import { ProcessLease, type JobLease } from '../jobs/lease.js';
import type { Store } from '../storage/repository.js';
import { openSqliteAuditWriter, SqliteAuditLog } from '../storage/sqlite/sqlite-audit-log.js';
import { DATABASE_FILE, openSqliteConnection } from '../storage/sqlite/sqlite-connection.js';
import { checkSqliteRootKey } from '../storage/sqlite/sqlite-root-key-check.js';
import { SqliteSettings } from '../storage/sqlite/sqlite-settings.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { PgAdvisoryLease } from '../storage/postgres/pg-lease.js';
import { checkPgRootKey } from '../storage/postgres/pg-root-key-check.js';
import { PgStore } from '../storage/postgres/pg-store.js';
import { settingsOfUrl } from '../storage/postgres/pg-connection.js';
import { loadRootKey, RootKeyError, ROOT_KEY_FILE } from '../storage/root-key.js';
import { RootKeyMismatchError } from '../storage/root-key-check.js';
import { WalCheckpointer } from '../storage/sqlite/wal-checkpointer.js';
import type { RootKeySource, StorageChoice, StorageSettings } from './config.js';
import { databaseError, openDataDir, type DataDir } from './open-data-dir.js';

export { DATABASE_FILE } from '../storage/sqlite/sqlite-connection.js';

/** Storage opened for `serve` or `admin`. */
export interface OpenedStorage {
  store: Store;
  /** Import tokens are sealed under a key derived from the root key (a random one in memory). */
  importTokens: ImportTokenService;
  /** Where the first start's credentials file goes; none in memory. */
  dataDir?: string;
  /** The audit writer thread's connection (openAuditWriter below); none in memory, where batches go through store.write. */
  auditWriterThread?: WriterFactory;
  /** Who runs the scheduled jobs and the housekeeping: on one machine, worker 0 (or the only process). */
  jobLease(workerIndex: number): JobLease;
  /** The backend's own housekeeping, for the lease holder to run (SQLite: WAL checkpoints off the commit path). */
  startHousekeeping(): Promise<{ close(): Promise<void> }>;
  /** Closes the store, then forgets the root key and the key derived from it. */
  close(): Promise<void>;
}

/** Storage opened for `openkms audit`: the audit trail and the settings, read (and written) without running a store. */
export interface OpenedAuditTrail {
  auditLog: AuditLogReader;
  getSetting(name: string): Promise<string | undefined>;
  putSetting(name: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** What the audit writer thread opens, sent to it as data (workerData is copied): the database of the store. */
export type AuditWriterTarget = { kind: 'sqlite'; databasePath: string };

const nothingToClose = { close: async () => undefined };

/**
 * serve and admin: in memory, the data directory, checked before anything uses it (open-data-dir.ts) and created
 * where it is missing, or a PostgreSQL database (openPostgresStorage); the root key verified against the database
 * (and adopted by a database without a check value).
 */
export async function openStorage(settings: StorageSettings, logError: LogError = defaultLogError): Promise<OpenedStorage> {
  const { storage, rootKey } = settings;
  if (storage.kind === 'postgres') return openPostgresStorage(storage, rootKey, logError);
  if (storage.kind === 'memory') {
    // Nothing outlives the process, so no key is kept or asked for: a random root key, a random import-token key.
    const sealer = new Sealer(randomBytes(32));
    const importTokens = new ImportTokenService(randomBytes(32));
    const store = new SqliteStore(':memory:', sealer);
    return {
      store,
      importTokens,
      jobLease: (workerIndex) => new ProcessLease(workerIndex === 0),
      startHousekeeping: async () => nothingToClose,
      close: async () => {
        await store.close();
        sealer.destroy();
        importTokens.destroy();
      },
    };
  }
  if (rootKey.kind === 'random') throw new Error('a database on disk needs its root key from root.key or OPENKMS_ROOT_KEY');
  const dataDir = openDataDir(storage.dataDir, { rootKey, databaseFile: DATABASE_FILE, create: true, write: true });
  const { databasePath } = dataDir;
  let store: SqliteStore | undefined;
  try {
    store = new SqliteStore(databasePath, dataDir.sealer);
    // After the store's migrations, so that a new database has its settings table for the check value.
    verifySqliteRootKey(dataDir, { readonly: false });
  } catch (error) {
    void store?.close();
    dataDir.destroy();
    throw databaseError(databasePath, error);
  }
  const opened = store;
  const target: AuditWriterTarget = { kind: 'sqlite', databasePath };
  return {
    store: opened,
    importTokens: dataDir.importTokens,
    dataDir: storage.dataDir,
    auditWriterThread: { module: import.meta.url, export: 'openAuditWriter', args: [target] },
    jobLease: (workerIndex) => new ProcessLease(workerIndex === 0),
    startHousekeeping: () => WalCheckpointer.start(databasePath),
    close: async () => {
      await opened.close();
      dataDir.destroy();
    },
  };
}

type LogError = (message: string, error: unknown) => void;

function defaultLogError(message: string, error: unknown): void {
  process.stderr.write(`openkms: ${message}: ${error instanceof Error ? error.message : String(error)}\n`);
}

/**
 * PostgreSQL, shared by every node: the root key from OPENKMS_ROOT_KEY or root.key in the data directory (never
 * created here: every node must be given the same key), the migrations applied, the key checked against the database,
 * and the job lease as an advisory lock that any node may take. No writer thread: audit batches commit through the
 * store's own transactions, which keep each account's chain linear across nodes.
 */
async function openPostgresStorage(storage: PostgresChoice, rootKey: RootKeySource, logError: LogError): Promise<OpenedStorage> {
  const { sealer, importTokens, source } = postgresRootKey(storage, rootKey);
  const destroy = () => {
    sealer.destroy();
    importTokens.destroy();
  };
  const connection = { ...settingsOfUrl(storage.url), logError };
  let store: PgStore | undefined;
  try {
    store = await PgStore.open(connection, sealer);
    await checkPgRootKey(store, sealer, { adopt: true });
  } catch (error) {
    await store?.close();
    destroy();
    throw postgresError(storage, source, error);
  }
  const opened = store;
  return {
    store: opened,
    importTokens,
    jobLease: () => new PgAdvisoryLease(connection, logError),
    startHousekeeping: async () => nothingToClose,
    close: async () => {
      await opened.close();
      destroy();
    },
  };
}

type PostgresChoice = Extract<StorageChoice, { kind: 'postgres' }>;

/** OPENKMS_ROOT_KEY, or root.key in the data directory; never created: every node must be given the same key. */
function postgresRootKey(storage: PostgresChoice, rootKey: RootKeySource): { sealer: Sealer; importTokens: ImportTokenService; source: string } {
  if (rootKey.kind === 'random') throw new Error('a PostgreSQL store needs its root key from OPENKMS_ROOT_KEY or root.key');
  const fromEnvironment = rootKey.kind === 'env' ? rootKey.value : undefined;
  if (fromEnvironment === undefined && !existsSync(join(storage.dataDir, ROOT_KEY_FILE))) {
    throw new RootKeyError(
      `a PostgreSQL store needs the root key every node shares: set OPENKMS_ROOT_KEY or put it in ${join(storage.dataDir, ROOT_KEY_FILE)}`,
    );
  }
  const loaded = loadRootKey(storage.dataDir, { fromEnvironment, create: false, databasePath: join(storage.dataDir, DATABASE_FILE) });
  const sealer = new Sealer(loaded.key);
  const importTokens = ImportTokenService.fromRootKey(loaded.key);
  loaded.key.fill(0);
  return { sealer, importTokens, source: loaded.source };
}

/** One line: another root key, or what PostgreSQL (or the way to it) said, naming the database without its password. */
function postgresError(storage: PostgresChoice, source: string, error: unknown): Error {
  if (error instanceof RootKeyMismatchError) {
    return new RootKeyError(`${source} does not open the PostgreSQL database: it was sealed under another root key (${error.message})`);
  }
  return new Error(`cannot open the PostgreSQL store ${redactedUrl(storage.url)}: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * openkms audit on PostgreSQL: the store opened (its migrations applied, as any node would), the root key verified
 * (never adopted), and one consistent snapshot of every node's records read for export and verification.
 */
async function openPostgresAuditTrail(storage: PostgresChoice, rootKey: RootKeySource): Promise<OpenedAuditTrail> {
  const { sealer, importTokens, source } = postgresRootKey(storage, rootKey);
  importTokens.destroy();
  let store: PgStore | undefined;
  try {
    store = await PgStore.open({ ...settingsOfUrl(storage.url), logError: defaultLogError }, sealer);
    await checkPgRootKey(store, sealer, { adopt: false });
    const opened = store;
    return {
      auditLog: await opened.auditLogReader(),
      getSetting: (name) => opened.getSetting(name),
      putSetting: (name, value) => opened.write((tx) => tx.putSetting(name, value)),
      close: () => opened.close(),
    };
  } catch (error) {
    await store?.close();
    throw postgresError(storage, source, error);
  } finally {
    sealer.destroy();
  }
}

/** The URL without its password, for messages. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * openkms audit: the data directory checked, the root key loaded (never created) and verified against the database,
 * then a connection of its own, read-only unless `write`. The root key is forgotten before this returns: the audit
 * trail's chains do not use it, but whoever reads the trail must hold it (docs/adr/0009).
 */
export async function openAuditTrailStorage(settings: StorageSettings, options: { write: boolean }): Promise<OpenedAuditTrail> {
  const { storage, rootKey } = settings;
  if (storage.kind === 'postgres') return openPostgresAuditTrail(storage, rootKey);
  if (storage.kind !== 'sqlite' || rootKey.kind === 'random') throw new Error('only a data directory keeps an audit trail to read');
  const dataDir = openDataDir(storage.dataDir, { rootKey, databaseFile: DATABASE_FILE, create: false, write: options.write });
  let db: Database.Database;
  try {
    db = connection(dataDir.databasePath, { readonly: !options.write });
    const opened = db;
    try {
      dataDir.verifyRootKey((sealer, check) => checkSqliteRootKey(opened, sealer, check));
    } catch (error) {
      db.close();
      throw error;
    }
  } finally {
    dataDir.destroy();
  }
  const settingsSql = new SqliteSettings(db);
  return {
    auditLog: new SqliteAuditLog(db),
    getSetting: async (name) => settingsSql.get(name),
    putSetting: async (name, value) => settingsSql.put(name, value),
    close: async () => {
      db.close();
    },
  };
}

/** The audit writer thread's entry (audit/audit-writer-thread.ts): its own connection to the store's database. */
export function openAuditWriter(target: AuditWriterTarget): AuditBatchAppender {
  switch (target.kind) {
    case 'sqlite':
      return openSqliteAuditWriter(target.databasePath);
  }
}

/** The root key check on a connection of its own, which is closed again. */
function verifySqliteRootKey(dataDir: DataDir, options: { readonly: boolean }): void {
  const db = connection(dataDir.databasePath, options);
  try {
    dataDir.verifyRootKey((sealer, check) => checkSqliteRootKey(db, sealer, check));
  } finally {
    db.close();
  }
}

function connection(databasePath: string, options: { readonly: boolean }): Database.Database {
  try {
    return openSqliteConnection(databasePath, options);
  } catch (error) {
    throw databaseError(databasePath, error);
  }
}
