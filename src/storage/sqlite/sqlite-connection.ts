// The SQLite store's file in a data directory, and the plain connection opened on it by what runs no store: the root
// key check before a store opens, and `openkms audit`, which reads (and sets retention) without migrating anything.

import Database from 'better-sqlite3';

export const DATABASE_FILE = 'openkms.db';

/** A connection to an existing database that waits for other processes' write transactions, as every openkms connection does. */
export function openSqliteConnection(path: string, options: { readonly: boolean }): Database.Database {
  const db = new Database(path, { readonly: options.readonly, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}
