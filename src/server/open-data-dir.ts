// Opens a data directory for a command with every check first: the directory itself (data-dir-check.ts), then the
// root key (never created beside an existing database), then, through the backend's check, the key against the
// database (root-key-check.ts). server/open-storage.ts calls it for storage that lives in a data directory.

import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ImportTokenService } from '../crypto/import-token-service.js';
import { Sealer } from '../crypto/sealer.js';
import { loadRootKey, RootKeyError } from '../storage/root-key.js';
import { RootKeyMismatchError } from '../storage/root-key-check.js';
import type { RootKeySource } from './config.js';
import { checkDataDir, DataDirError } from './data-dir-check.js';

export interface DataDirOptions {
  /** root.key in the data directory, or OPENKMS_ROOT_KEY's value. */
  rootKey: Exclude<RootKeySource, { kind: 'random' }>;
  /** The database's file name in the directory. */
  databaseFile: string;
  /** serve and admin: create what is missing (directory, root key, database file) and write the check value. */
  create: boolean;
  /** Everything but the audit commands that only read. */
  write: boolean;
}

/** A backend's check of the root key against its database (e.g. storage/sqlite/sqlite-root-key-check.ts). */
export type RootKeyCheck = (sealer: Sealer, options: { adopt: boolean }) => void;

export interface DataDir {
  databasePath: string;
  sealer: Sealer;
  /** Import tokens are sealed under a key derived from the root key. */
  importTokens: ImportTokenService;
  /**
   * Checks the root key against the database with the backend's `check`: another key throws one line naming where
   * the key came from. With `create`, a database without a check value gets one (the check adopts the key).
   */
  verifyRootKey(check: RootKeyCheck): void;
  /** Forgets the root key and the key derived from it. */
  destroy(): void;
}

export function openDataDir(dataDir: string, options: DataDirOptions): DataDir {
  checkDataDir(dataDir, options);
  const databasePath = join(dataDir, options.databaseFile);
  if (!options.create && !existsSync(databasePath)) throw new DataDirError(`no openkms database at ${databasePath}`);
  const fromEnvironment = options.rootKey.kind === 'env' ? options.rootKey.value : undefined;
  const rootKey = loadRootKey(dataDir, { fromEnvironment, create: options.create, databasePath });
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

  const verify = (check: RootKeyCheck) => {
    try {
      check(sealer, { adopt: options.create });
    } catch (error) {
      if (!(error instanceof RootKeyMismatchError)) throw databaseError(databasePath, error);
      throw new RootKeyError(`${rootKey.source} does not open the database ${databasePath}: it was sealed under another root key (${error.message})`);
    }
  };
  return {
    databasePath,
    sealer,
    importTokens,
    verifyRootKey: verify,
    destroy,
  };
}

/** What the database or the file system said, as one line naming the database. */
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
