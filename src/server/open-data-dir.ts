// Opens a data directory for a command with every check first: the directory itself (data-dir-check.ts), then the
// root key (never created beside an existing database), then the key against the database (root-key-check.ts).

import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ImportTokenService } from '../crypto/import-token-service.js';
import { Sealer } from '../crypto/sealer.js';
import { loadRootKey, ROOT_KEY_VARIABLE, RootKeyError } from '../storage/root-key.js';
import { RootKeyMismatchError } from '../storage/root-key-check.js';
import { checkSqliteRootKey } from '../storage/sqlite/sqlite-root-key-check.js';
import { checkDataDir, DataDirError } from './data-dir-check.js';

export const DATABASE_FILE = 'openkms.db';

export interface DataDirOptions {
  /** serve and admin: create what is missing (directory, root key, database file) and write the check value. */
  create: boolean;
  /** Everything but the audit commands that only read. */
  write: boolean;
}

export interface DataDir {
  databasePath: string;
  sealer: Sealer;
  /** Import tokens are sealed under a key derived from the root key. */
  importTokens: ImportTokenService;
  /**
   * Checks the root key against the database (on `db`, or on a connection of its own): another key throws one line
   * naming where the key came from. With `create`, a database without a check value gets one.
   */
  verifyRootKey(db?: Database.Database): void;
  /** Forgets the root key and the key derived from it. */
  destroy(): void;
}

export function openDataDir(dataDir: string, options: DataDirOptions, env: NodeJS.ProcessEnv = process.env): DataDir {
  checkDataDir(dataDir, options);
  const databasePath = join(dataDir, DATABASE_FILE);
  if (!options.create && !existsSync(databasePath)) throw new DataDirError(`no openkms database at ${databasePath}`);
  const rootKey = loadRootKey(dataDir, { fromEnvironment: env[ROOT_KEY_VARIABLE], create: options.create, databasePath });
  const sealer = new Sealer(rootKey.key);
  const importTokens = ImportTokenService.fromRootKey(rootKey.key);
  rootKey.key.fill(0);
  const destroy = () => {
    sealer.destroy();
    importTokens.destroy();
  };
  try {
    if (options.create) createDatabaseFile(databasePath);
  } catch (error) {
    destroy();
    throw error;
  }

  const verify = (db: Database.Database) => {
    try {
      checkSqliteRootKey(db, sealer, { adopt: options.create });
    } catch (error) {
      if (!(error instanceof RootKeyMismatchError)) throw databaseError(databasePath, error);
      throw new RootKeyError(`${rootKey.source} does not open the database ${databasePath}: it was sealed under another root key (${error.message})`);
    }
  };
  return {
    databasePath,
    sealer,
    importTokens,
    verifyRootKey(db) {
      if (db) return verify(db);
      const own = openDatabase(databasePath, { readonly: !options.write });
      try {
        verify(own);
      } finally {
        own.close();
      }
    },
    destroy,
  };
}

/** A connection that waits for other processes' write transactions, as every openkms connection does. */
export function openDatabase(databasePath: string, options: { readonly: boolean }): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(databasePath, { readonly: options.readonly, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw databaseError(databasePath, error);
  }
  return db;
}

/** What SQLite or the file system said, as one line naming the database. */
export function databaseError(databasePath: string, error: unknown): Error {
  if (error instanceof RootKeyError || error instanceof DataDirError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new DataDirError(`cannot open the database ${databasePath}: ${message}`);
}

/** The database is created private (0600): SQLite gives its -wal and -shm files the same mode. */
function createDatabaseFile(databasePath: string): void {
  try {
    closeSync(openSync(databasePath, 'a', 0o600));
    if ((statSync(databasePath).mode & 0o077) !== 0) chmodSync(databasePath, 0o600);
  } catch (error) {
    throw databaseError(databasePath, error);
  }
}
