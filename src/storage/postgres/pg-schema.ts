// The PostgreSQL schema of openkms, as ordered, forward-only migrations (pg-migrate.ts applies them). The tables are
// SQLite's (storage/sqlite/schema.ts) in PostgreSQL's types: bytea for sealed secrets, bigint epoch milliseconds for
// times, and text in the "C" collation, so listings sort by code point as they do on SQLite whatever the database's
// locale. Text that may hold U+0000 is escaped before it is stored (pg-text.ts).

const TEXT = 'text COLLATE "C"';

export const MIGRATIONS: readonly string[] = [
  // 1: keys, aliases, jobs, IAM, settings, grants.
  `
  CREATE TABLE keys (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    key_id ${TEXT} NOT NULL,
    doc ${TEXT} NOT NULL,
    UNIQUE (account_id, region, key_id)
  );
  CREATE TABLE key_materials (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    key_id ${TEXT} NOT NULL,
    key_material_id ${TEXT} NOT NULL,
    sealed bytea,
    doc ${TEXT} NOT NULL,
    UNIQUE (account_id, region, key_id, key_material_id)
  );
  CREATE TABLE aliases (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    alias_name ${TEXT} NOT NULL,
    target_key_id ${TEXT} NOT NULL,
    creation_date bigint NOT NULL,
    last_updated_date bigint NOT NULL,
    UNIQUE (account_id, region, alias_name)
  );
  CREATE INDEX aliases_by_key ON aliases (account_id, region, target_key_id);
  CREATE TABLE jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind ${TEXT} NOT NULL,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    key_id ${TEXT} NOT NULL,
    due_at bigint NOT NULL,
    detail ${TEXT}
  );
  CREATE INDEX jobs_by_due ON jobs (due_at, id);
  CREATE TABLE accounts (account_id ${TEXT} PRIMARY KEY);
  CREATE TABLE principals (
    arn ${TEXT} PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    kind ${TEXT} NOT NULL,
    name ${TEXT} NOT NULL,
    principal_id ${TEXT} NOT NULL
  );
  CREATE TABLE access_keys (
    access_key_id ${TEXT} PRIMARY KEY,
    sealed_secret bytea NOT NULL,
    principal_arn ${TEXT} NOT NULL,
    session_token_sha256 ${TEXT},
    session_name ${TEXT},
    expiration bigint,
    created_at bigint NOT NULL
  );
  CREATE INDEX access_keys_by_principal ON access_keys (principal_arn);
  CREATE TABLE identity_policies (
    principal_arn ${TEXT} NOT NULL,
    policy_name ${TEXT} NOT NULL,
    document ${TEXT} NOT NULL,
    PRIMARY KEY (principal_arn, policy_name)
  );
  CREATE TABLE role_settings (
    role_arn ${TEXT} PRIMARY KEY,
    trust_policy ${TEXT} NOT NULL,
    max_session_duration integer NOT NULL
  );
  CREATE TABLE grants (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_arn ${TEXT} NOT NULL,
    grant_id ${TEXT} NOT NULL,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    key_id ${TEXT} NOT NULL,
    name ${TEXT},
    grantee_principal ${TEXT} NOT NULL,
    grantee_service_principal ${TEXT},
    retiring_principal ${TEXT},
    doc ${TEXT} NOT NULL,
    UNIQUE (key_arn, grant_id)
  );
  CREATE INDEX grants_by_grantee ON grants (key_arn, grantee_principal);
  CREATE INDEX grants_by_retiring_principal ON grants (retiring_principal);
  CREATE TABLE grant_tokens (
    token_hash ${TEXT} PRIMARY KEY,
    key_arn ${TEXT} NOT NULL,
    grant_id ${TEXT} NOT NULL
  );
  CREATE TABLE settings (name ${TEXT} PRIMARY KEY, value ${TEXT} NOT NULL);
  `,
  // 2: the audit trail. Each account's records form one hash chain (chain_index 1, 2, ...) whatever node wrote them;
  // audit_chains holds each chain's head (locked by whoever appends) and where pruning cut it.
  `
  CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    chain_index bigint NOT NULL,
    region ${TEXT} NOT NULL,
    event_time bigint NOT NULL,
    event_id ${TEXT} NOT NULL,
    event_name ${TEXT} NOT NULL,
    event_source ${TEXT} NOT NULL,
    read_only boolean NOT NULL,
    username ${TEXT},
    access_key_id ${TEXT},
    resource_names ${TEXT} NOT NULL,
    resource_types ${TEXT} NOT NULL,
    record ${TEXT} NOT NULL,
    prev_hash ${TEXT} NOT NULL,
    hash ${TEXT} NOT NULL,
    UNIQUE (account_id, chain_index)
  );
  CREATE INDEX audit_events_by_time ON audit_events (account_id, region, event_time, seq);
  CREATE INDEX audit_events_by_event_id ON audit_events (event_id);
  CREATE TABLE audit_chains (
    account_id ${TEXT} PRIMARY KEY,
    head_index bigint NOT NULL,
    head_hash ${TEXT} NOT NULL,
    pruned_index bigint NOT NULL DEFAULT 0,
    pruned_hash ${TEXT}
  );
  `,
  // 3: change counters (docs/adr/0004), bumped in the transaction of every write of keys or of IAM data: every node
  // keeps parsed keys and identity policies cached for as long as the counter it last read has not moved.
  `
  CREATE TABLE change_counters (name ${TEXT} PRIMARY KEY, value bigint NOT NULL);
  INSERT INTO change_counters (name, value) VALUES ('keys', 0), ('iam', 0);
  `,
  // 4: what main's storage roles added since: external key stores (the proxy secret sealed in its own column, the rest
  // a document; a change counter, as for keys, since every cryptographic call on their keys reads its store), the last
  // usage of each key (GetKeyLastUsage; apart from keys so that it never moves their counter), and the IAM API's
  // paths, creation dates, tags and descriptions of principals, access key status, customer managed policies and their
  // attachments. The keys of a store are found by the customKeyStoreId of their key document (pg-custom-key-stores.ts).
  `
  CREATE TABLE custom_key_stores (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    custom_key_store_id ${TEXT} NOT NULL,
    connection_state ${TEXT} NOT NULL,
    sealed_secret bytea NOT NULL,
    doc ${TEXT} NOT NULL,
    UNIQUE (account_id, region, custom_key_store_id)
  );
  CREATE INDEX custom_key_stores_by_state ON custom_key_stores (connection_state);
  INSERT INTO change_counters (name, value) VALUES ('custom-key-stores', 0);
  CREATE TABLE key_last_usage (
    account_id ${TEXT} NOT NULL,
    region ${TEXT} NOT NULL,
    key_id ${TEXT} NOT NULL,
    doc ${TEXT} NOT NULL,
    PRIMARY KEY (account_id, region, key_id)
  );
  ALTER TABLE principals ADD COLUMN path ${TEXT};
  ALTER TABLE principals ADD COLUMN created_at bigint;
  ALTER TABLE principals ADD COLUMN tags ${TEXT};
  ALTER TABLE principals ADD COLUMN description ${TEXT};
  ALTER TABLE access_keys ADD COLUMN status ${TEXT};
  CREATE TABLE managed_policies (
    arn ${TEXT} PRIMARY KEY,
    account_id ${TEXT} NOT NULL,
    doc ${TEXT} NOT NULL
  );
  CREATE INDEX managed_policies_by_account ON managed_policies (account_id);
  CREATE TABLE policy_attachments (
    principal_arn ${TEXT} NOT NULL,
    policy_arn ${TEXT} NOT NULL,
    PRIMARY KEY (principal_arn, policy_arn)
  );
  CREATE INDEX policy_attachments_by_policy ON policy_attachments (policy_arn);
  UPDATE change_counters SET value = value + 1 WHERE name = 'iam';
  `,
];
