// Opens storage as the configuration chooses it (config.ts StorageSettings), for everything that needs it: `serve`
// (openkms-server.ts), `openkms admin` and `openkms audit` (cli/), and the audit writer thread. The one file outside
// storage/ that knows the backends: the data directory's checks, the root key and its check against the database,
// the writer thread's connection, the job lease and the backend's housekeeping are all decided here.

import { randomBytes } from 'node:crypto';
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
import { WalCheckpointer } from '../storage/sqlite/wal-checkpointer.js';
import type { StorageSettings } from './config.js';
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
  getSetting(name: string): string | undefined;
  putSetting(name: string, value: string): void;
  close(): void;
}

/** What the audit writer thread opens, sent to it as data (workerData is copied): the database of the store. */
export type AuditWriterTarget = { kind: 'sqlite'; databasePath: string };

const nothingToClose = { close: async () => undefined };

/**
 * serve and admin: in memory, or the data directory, checked before anything uses it (open-data-dir.ts), created
 * where it is missing, with the root key verified against the database (and adopted by a database without a check
 * value).
 */
export function openStorage(settings: StorageSettings): OpenedStorage {
  const { storage, rootKey } = settings;
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

/**
 * openkms audit: the data directory checked, the root key loaded (never created) and verified against the database,
 * then a connection of its own, read-only unless `write`. The root key is forgotten before this returns: the audit
 * trail's chains do not use it, but whoever reads the trail must hold it (docs/adr/0009).
 */
export function openAuditTrailStorage(settings: StorageSettings, options: { write: boolean }): OpenedAuditTrail {
  const { storage, rootKey } = settings;
  if (storage.kind === 'memory' || rootKey.kind === 'random') throw new Error('only a data directory keeps an audit trail to read');
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
    getSetting: (name) => settingsSql.get(name),
    putSetting: (name, value) => settingsSql.put(name, value),
    close: () => db.close(),
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
