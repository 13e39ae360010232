// The SQLite schema of openkms, as ordered migrations; the database records which ones it has applied.

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account_id, region, key_id)
  );
  CREATE TABLE key_materials (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    key_material_id TEXT NOT NULL,
    sealed BLOB,
    doc TEXT NOT NULL,
    UNIQUE (account_id, region, key_id, key_material_id)
  );
  CREATE TABLE aliases (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    alias_name TEXT NOT NULL,
    target_key_id TEXT NOT NULL,
    creation_date INTEGER NOT NULL,
    last_updated_date INTEGER NOT NULL,
    UNIQUE (account_id, region, alias_name)
  );
  CREATE INDEX aliases_by_key ON aliases (account_id, region, target_key_id);
  CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    detail TEXT
  );
  CREATE INDEX jobs_by_due ON jobs (due_at);
  CREATE TABLE accounts (account_id TEXT PRIMARY KEY);
  CREATE TABLE principals (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    principal_id TEXT NOT NULL
  );
  CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    sealed_secret BLOB NOT NULL,
    principal_arn TEXT NOT NULL,
    session_token TEXT,
    expiration INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
];
