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
  // 2: the audit trail (src/audit). Each account's records form a hash chain (chain_index 1, 2, ...); audit_chains
  // holds each chain's head, and where pruning cut it (pruned_index/pruned_hash) so what remains still verifies.
  `
  CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    chain_index INTEGER NOT NULL,
    region TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    event_source TEXT NOT NULL,
    read_only INTEGER NOT NULL,
    username TEXT,
    access_key_id TEXT,
    resource_names TEXT NOT NULL,
    resource_types TEXT NOT NULL,
    record TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (account_id, chain_index)
  );
  CREATE INDEX audit_events_by_time ON audit_events (account_id, region, event_time);
  CREATE INDEX audit_events_by_event_id ON audit_events (event_id);
  CREATE TABLE audit_chains (
    account_id TEXT PRIMARY KEY,
    head_index INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    pruned_index INTEGER NOT NULL DEFAULT 0,
    pruned_hash TEXT
  );
  `,
  // Authorization (src/storage/sqlite/sqlite-iam.ts, sqlite-grants.ts): inline identity policies of users and roles,
  // role trust policies, the session name of temporary credentials, grants and the hashes of the grant tokens issued.
  `
  ALTER TABLE access_keys ADD COLUMN session_name TEXT;
  CREATE INDEX access_keys_by_principal ON access_keys (principal_arn);
  CREATE TABLE identity_policies (
    principal_arn TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (principal_arn, policy_name)
  );
  CREATE TABLE role_settings (
    role_arn TEXT PRIMARY KEY,
    trust_policy TEXT NOT NULL,
    max_session_duration INTEGER NOT NULL
  );
  CREATE TABLE grants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key_arn TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    name TEXT,
    grantee_principal TEXT NOT NULL,
    retiring_principal TEXT,
    doc TEXT NOT NULL,
    UNIQUE (key_arn, grant_id)
  );
  CREATE INDEX grants_by_grantee ON grants (key_arn, grantee_principal);
  CREATE INDEX grants_by_retiring_principal ON grants (retiring_principal);
  CREATE TABLE grant_tokens (
    token_hash TEXT PRIMARY KEY,
    key_arn TEXT NOT NULL,
    grant_id TEXT NOT NULL
  );
  `,
  // Counters bumped by every write of keys or of IAM data, in the same transaction: a reader (in any process) keeps
  // parsed keys and identity policies cached for as long as its counter has not moved.
  `
  CREATE TABLE change_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT INTO change_counters (name, value) VALUES ('keys', 0), ('iam', 0);
  `,
  // Session tokens are bearer secrets: only their SHA-256 is kept (src/auth/session-token-hash.ts). Temporary
  // credentials stored before this, with the token in clear, are removed: they last at most 12 hours, and their
  // holders assume the role again.
  `
  ALTER TABLE access_keys ADD COLUMN session_token_sha256 TEXT;
  DELETE FROM access_keys WHERE session_token IS NOT NULL;
  UPDATE change_counters SET value = value + 1 WHERE name = 'iam';
  `,
  // External key stores (docs/external-key-stores.md): the proxy secret sealed in its own column, the rest a document;
  // a change counter, as for keys, since every cryptographic call on their keys reads its store.
  `
  CREATE TABLE custom_key_stores (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    custom_key_store_id TEXT NOT NULL,
    connection_state TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    doc TEXT NOT NULL,
    UNIQUE (account_id, region, custom_key_store_id)
  );
  CREATE INDEX keys_by_custom_key_store ON keys (account_id, region, json_extract(doc, '$.customKeyStoreId'));
  INSERT INTO change_counters (name, value) VALUES ('custom-key-stores', 0);
  `,
  // GetKeyLastUsage (src/storage/usage-repository.ts): the last successful cryptographic use of each key, written in
  // batches off the requests' path; kept apart from keys so that it never bumps the keys' change counter.
  `
  CREATE TABLE key_last_usage (
    account_id TEXT NOT NULL,
    region TEXT NOT NULL,
    key_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (account_id, region, key_id)
  );
  `,
  // The IAM API (src/iam): paths, creation dates, tags and descriptions of users and roles, the status of access keys,
  // customer managed policies (one JSON document per row, the policy text inside) and their attachments.
  `
  ALTER TABLE principals ADD COLUMN path TEXT;
  ALTER TABLE principals ADD COLUMN created_at INTEGER;
  ALTER TABLE principals ADD COLUMN tags TEXT;
  ALTER TABLE principals ADD COLUMN description TEXT;
  ALTER TABLE access_keys ADD COLUMN status TEXT;
  CREATE TABLE managed_policies (
    arn TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX managed_policies_by_account ON managed_policies (account_id);
  CREATE TABLE policy_attachments (
    principal_arn TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    PRIMARY KEY (principal_arn, policy_arn)
  );
  CREATE INDEX policy_attachments_by_policy ON policy_attachments (policy_arn);
  UPDATE change_counters SET value = value + 1 WHERE name = 'iam';
  `,
];
