// The SQLite implementation of the store (better-sqlite3, WAL, synchronous=FULL so a commit is on disk before we answer).
// One connection writes (transactions serialised in-process), another reads committed data only.

import Database from 'better-sqlite3';
import type { Scope } from '../../domain/identifiers.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { KeyLastUsage } from '../../domain/key-usage.js';
import type { AuditEventQuery, AuditEventRow, StoredAuditEvent } from '../../audit/audit-log-port.js';
import type { AuditLogReader } from '../../audit/audit-log-reader.js';
import type { Sealer } from '../../crypto/sealer.js';
import type { AliasRecord } from '../alias-repository.js';
import type { GrantFilter, GrantRecord } from '../grant-repository.js';
import type {
  AccessKeyRecord,
  AccessKeyStatus,
  AttachedPolicyRecord,
  IamTag,
  IdentityPolicyRecord,
  ManagedPolicyRecord,
  PrincipalRecord,
  RoleSettingsRecord,
} from '../iam-repository.js';
import type { JobKind, JobRecord } from '../job-repository.js';
import type { KeyMaterialSummary } from '../key-repository.js';
import { pageOf, type Page } from '../page.js';
import { decodeMarker, keyFromDocument, keyToDocument, materialFromDocument, usageFromDocument, usageToDocument } from '../records.js';
import type { Store, StoreReader, StoreWriter } from '../repository.js';
import { RowSealer } from '../row-sealer.js';
import { MIGRATIONS } from './schema.js';
import { PreparedStatements } from './prepared-statements.js';
import { VersionedCache, type ChangeCounter } from '../versioned-cache.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { SqliteGrants } from './sqlite-grants.js';
import { SqliteIam } from './sqlite-iam.js';
import { SqliteSettings } from './sqlite-settings.js';
import { SqliteCustomKeyStores } from './sqlite-custom-key-stores.js';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import { accessKeyFromRow, aliasFromRow, jobFromRow } from '../row-mapping.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

function openDatabase(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  MIGRATIONS.forEach((sql, index) => {
    if (applied.has(index + 1)) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(index + 1);
    }).immediate();
  });
}

/** Reads through one connection; the writer reuses this class on its own connection so a transaction sees its own writes. */
class SqliteReader extends PreparedStatements implements StoreReader {
  protected readonly sealing: RowSealer;

  constructor(db: Db, sealer: Sealer) {
    super(db);
    this.sealing = new RowSealer(sealer);
  }

  async getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined> {
    const row = this.sql('SELECT doc FROM keys WHERE account_id = ? AND region = ? AND key_id = ?').get(scope.accountId, scope.region, keyId) as
      | Row
      | undefined;
    return row ? keyFromDocument(row.doc as string) : undefined;
  }

  async listKeys(scope: Scope, limit: number, marker?: string): Promise<Page<KmsKey>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows = this.sql('SELECT seq, doc FROM keys WHERE account_id = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?').all(
      scope.accountId,
      scope.region,
      after,
      limit + 1,
    ) as Row[];
    return page(rows, limit, (row) => keyFromDocument(row.doc as string));
  }

  async getKeyMaterials(scope: Scope, keyId: string): Promise<KeyMaterialRecord[]> {
    const rows = this.sql(
      'SELECT key_material_id, sealed, doc FROM key_materials WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY seq',
    ).all(scope.accountId, scope.region, keyId) as Row[];
    return rows.map((row) => this.materialFromRow(scope, keyId, row));
  }

  async getKeyMaterialSummaries(scope: Scope, keyId: string): Promise<KeyMaterialSummary[]> {
    const rows = this.sql(
      'SELECT doc, sealed IS NOT NULL AS has_material FROM key_materials WHERE account_id = ? AND region = ? AND key_id = ? ORDER BY seq',
    ).all(scope.accountId, scope.region, keyId) as Row[];
    return rows.map((row) => ({ ...materialFromDocument(row.doc as string, undefined), hasMaterial: row.has_material === 1 }));
  }

  async getKeyMaterial(scope: Scope, keyId: string, keyMaterialId: string): Promise<KeyMaterialRecord | undefined> {
    const row = this.sql(
      'SELECT key_material_id, sealed, doc FROM key_materials WHERE account_id = ? AND region = ? AND key_id = ? AND key_material_id = ?',
    ).get(scope.accountId, scope.region, keyId, keyMaterialId) as Row | undefined;
    return row ? this.materialFromRow(scope, keyId, row) : undefined;
  }

  private materialFromRow(scope: Scope, keyId: string, row: Row): KeyMaterialRecord {
    return this.sealing.openKeyMaterial(scope, keyId, { keyMaterialId: row.key_material_id as string, sealed: row.sealed as Buffer | null, doc: row.doc as string });
  }

  async getAlias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined> {
    const row = this.sql('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?').get(
      scope.accountId,
      scope.region,
      aliasName,
    ) as Row | undefined;
    return row ? aliasFromRow(row) : undefined;
  }

  async listAliases(scope: Scope, limit: number, marker?: string, targetKeyId?: string): Promise<Page<AliasRecord>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows = (
      targetKeyId === undefined
        ? this.sql('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?').all(
            scope.accountId,
            scope.region,
            after,
            limit + 1,
          )
        : this.sql('SELECT * FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(
            scope.accountId,
            scope.region,
            targetKeyId,
            after,
            limit + 1,
          )
    ) as Row[];
    return page(rows, limit, aliasFromRow);
  }

  async countAliases(scope: Scope, targetKeyId: string): Promise<number> {
    const row = this.sql('SELECT count(*) AS n FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ?').get(
      scope.accountId,
      scope.region,
      targetKeyId,
    ) as Row;
    return row.n as number;
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = this.sql('SELECT * FROM access_keys WHERE access_key_id = ?').get(accessKeyId) as Row | undefined;
    if (!row) return undefined;
    return accessKeyFromRow(row, this.sealing.openSecretAccessKey(accessKeyId, row.sealed_secret as Buffer));
  }

  async getPrincipal(arn: string): Promise<PrincipalRecord | undefined> {
    const row = this.sql('SELECT * FROM principals WHERE arn = ?').get(arn) as Row | undefined;
    return row ? principalFromRow(row) : undefined;
  }

  async listPrincipals(accountId?: string): Promise<PrincipalRecord[]> {
    const rows = (
      accountId === undefined
        ? this.sql('SELECT * FROM principals ORDER BY account_id, arn').all()
        : this.sql('SELECT * FROM principals WHERE account_id = ? ORDER BY arn').all(accountId)
    ) as Row[];
    return rows.map(principalFromRow);
  }

  async accountExists(accountId: string): Promise<boolean> {
    return this.sql('SELECT 1 FROM accounts WHERE account_id = ?').get(accountId) !== undefined;
  }

  async getSetting(name: string): Promise<string | undefined> {
    return this.settings.get(name);
  }

  async getKeyLastUsage(scope: Scope, keyId: string): Promise<KeyLastUsage | undefined> {
    const row = this.sql('SELECT doc FROM key_last_usage WHERE account_id = ? AND region = ? AND key_id = ?').get(
      scope.accountId,
      scope.region,
      keyId,
    ) as Row | undefined;
    return row ? usageFromDocument(row.doc as string) : undefined;
  }

  // ---- settings, IAM and grants: the SQL is in sqlite-settings.ts, sqlite-iam.ts and sqlite-grants.ts ----
  #settingSql?: SqliteSettings;
  #iamSql?: SqliteIam;
  #grantSql?: SqliteGrants;
  #customKeyStoreSql?: SqliteCustomKeyStores;
  protected get customKeyStoreSql(): SqliteCustomKeyStores {
    return (this.#customKeyStoreSql ??= new SqliteCustomKeyStores(this.db, this.sealing));
  }
  protected get settings(): SqliteSettings {
    return (this.#settingSql ??= new SqliteSettings(this.db));
  }
  protected get iam(): SqliteIam {
    return (this.#iamSql ??= new SqliteIam(this.db));
  }
  protected get grantSql(): SqliteGrants {
    return (this.#grantSql ??= new SqliteGrants(this.db));
  }
  async listIdentityPolicies(principalArn: string) { return this.iam.listIdentityPolicies(principalArn); }
  async getRoleSettings(roleArn: string) { return this.iam.getRoleSettings(roleArn); }
  async listAccessKeys(principalArn: string) { return this.iam.listAccessKeys(principalArn); }
  async listAccounts() { return this.iam.listAccounts(); }
  async getManagedPolicy(arn: string) { return this.iam.getManagedPolicy(arn); }
  async listManagedPolicies(accountId: string) { return this.iam.listManagedPolicies(accountId); }
  async listAttachedPolicies(principalArn: string) { return this.iam.listAttachedPolicies(principalArn); }
  async listPolicyAttachments(policyArn: string) { return this.iam.listPolicyAttachments(policyArn); }
  async getGrant(keyArn: string, grantId: string) { return this.grantSql.getGrant(keyArn, grantId); }
  async listGrants(keyArn: string, limit: number, marker?: string, filter?: GrantFilter) { return this.grantSql.listGrants(keyArn, limit, marker, filter); }
  async grantsForGrantees(keyArn: string, grantees: readonly string[]) { return this.grantSql.grantsForGrantees(keyArn, grantees); }
  async grantsNamed(keyArn: string, name: string) { return this.grantSql.grantsNamed(keyArn, name); }
  async countGrants(keyArn: string) { return this.grantSql.countGrants(keyArn); }
  async listRetirableGrants(retiringPrincipal: string, limit: number, marker?: string) { return this.grantSql.listRetirableGrants(retiringPrincipal, limit, marker); }
  async grantOfToken(tokenHash: string) { return this.grantSql.grantOfToken(tokenHash); }
  async getCustomKeyStore(scope: Scope, id: string) { return this.customKeyStoreSql.get(scope, id); }
  async listCustomKeyStores(scope: Scope) { return this.customKeyStoreSql.list(scope); }
  async customKeyStoresInState(state: CustomKeyStoreRecord['connectionState']) { return this.customKeyStoreSql.inState(state); }
  async keysInCustomKeyStore(scope: Scope, id: string) { return this.customKeyStoreSql.keys(scope, id); }
}

class SqliteWriter extends SqliteReader implements StoreWriter {
  /** Moves a change counter inside the current transaction, so readers' caches of that kind expire with its commit. */
  private bump(counter: ChangeCounter): void {
    this.sql('UPDATE change_counters SET value = value + 1 WHERE name = ?').run(counter);
  }

  async putKey(key: KmsKey): Promise<void> {
    this.bump('keys');
    this.sql(
      `INSERT INTO keys (account_id, region, key_id, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, key_id) DO UPDATE SET doc = excluded.doc`,
    ).run(key.accountId, key.region, key.keyId, keyToDocument(key));
  }

  async deleteKey(scope: Scope, keyId: string): Promise<void> {
    this.bump('keys');
    this.sql('DELETE FROM keys WHERE account_id = ? AND region = ? AND key_id = ?').run(scope.accountId, scope.region, keyId);
  }

  async putKeyMaterial(scope: Scope, keyId: string, record: KeyMaterialRecord): Promise<void> {
    const { keyMaterialId, sealed, doc } = this.sealing.sealKeyMaterial(scope, keyId, record);
    this.sql(
      `INSERT INTO key_materials (account_id, region, key_id, key_material_id, sealed, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, key_id, key_material_id) DO UPDATE SET sealed = excluded.sealed, doc = excluded.doc`,
    ).run(scope.accountId, scope.region, keyId, keyMaterialId, sealed, doc);
  }

  async deleteKeyMaterials(scope: Scope, keyId: string): Promise<void> {
    this.sql('DELETE FROM key_materials WHERE account_id = ? AND region = ? AND key_id = ?').run(scope.accountId, scope.region, keyId);
  }

  async putAlias(alias: AliasRecord): Promise<void> {
    this.sql(
      `INSERT INTO aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id,
         last_updated_date = excluded.last_updated_date`,
    ).run(alias.accountId, alias.region, alias.aliasName, alias.targetKeyId, alias.creationDate.getTime(), alias.lastUpdatedDate.getTime());
  }

  async deleteAlias(scope: Scope, aliasName: string): Promise<void> {
    this.sql('DELETE FROM aliases WHERE account_id = ? AND region = ? AND alias_name = ?').run(scope.accountId, scope.region, aliasName);
  }

  async deleteAliasesOfKey(scope: Scope, keyId: string): Promise<void> {
    this.sql('DELETE FROM aliases WHERE account_id = ? AND region = ? AND target_key_id = ?').run(scope.accountId, scope.region, keyId);
  }

  async addJob(job: JobRecord): Promise<void> {
    this.sql('INSERT INTO jobs (kind, account_id, region, key_id, due_at, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
      job.kind,
      job.accountId,
      job.region,
      job.keyId,
      job.dueAt.getTime(),
      job.detail ? JSON.stringify(job.detail) : null,
    );
  }

  async deleteJobs(scope: Scope, keyId: string, kind: JobKind): Promise<void> {
    this.sql('DELETE FROM jobs WHERE account_id = ? AND region = ? AND key_id = ? AND kind = ?').run(scope.accountId, scope.region, keyId, kind);
  }

  async deleteJob(id: number): Promise<boolean> {
    return this.sql('DELETE FROM jobs WHERE id = ?').run(id).changes === 1;
  }

  async putAccount(accountId: string): Promise<void> {
    this.bump('iam');
    this.sql('INSERT OR IGNORE INTO accounts (account_id) VALUES (?)').run(accountId);
  }

  async putPrincipal(p: PrincipalRecord): Promise<void> {
    this.bump('iam');
    this.sql(
      `INSERT INTO principals (arn, account_id, kind, name, principal_id, path, created_at, tags, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET kind = excluded.kind, name = excluded.name, path = coalesce(excluded.path, path),
         created_at = coalesce(created_at, excluded.created_at), tags = coalesce(excluded.tags, tags),
         description = coalesce(excluded.description, description)`,
    ).run(
      p.arn,
      p.accountId,
      p.kind,
      p.name,
      p.principalId,
      p.path ?? null,
      p.createdAt?.getTime() ?? null,
      p.tags ? JSON.stringify(p.tags) : null,
      p.description ?? null,
    );
  }

  async putAccessKey(a: AccessKeyRecord): Promise<void> {
    this.bump('iam');
    this.sql(
      `INSERT INTO access_keys (access_key_id, sealed_secret, principal_arn, session_token_sha256, expiration, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (access_key_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, principal_arn = excluded.principal_arn,
         session_token_sha256 = excluded.session_token_sha256, expiration = excluded.expiration, status = excluded.status`,
    ).run(
      a.accessKeyId,
      this.sealing.sealSecretAccessKey(a.accessKeyId, a.secretAccessKey),
      a.principalArn,
      a.sessionTokenHash ?? null,
      a.expiration?.getTime() ?? null,
      a.createdAt.getTime(),
      a.status ?? null,
    );
    if (a.sessionName !== undefined) this.iam.setSessionName(a.accessKeyId, a.sessionName);
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    this.bump('iam');
    this.sql('DELETE FROM access_keys WHERE access_key_id = ?').run(accessKeyId);
  }

  async putSetting(name: string, value: string): Promise<void> {
    this.settings.put(name, value);
  }

  async putKeyLastUsage(scope: Scope, keyId: string, usage: KeyLastUsage): Promise<void> {
    this.sql(
      `INSERT INTO key_last_usage (account_id, region, key_id, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, region, key_id) DO UPDATE SET doc = excluded.doc`,
    ).run(scope.accountId, scope.region, keyId, usageToDocument(usage));
  }

  async deleteKeyLastUsage(scope: Scope, keyId: string): Promise<void> {
    this.sql('DELETE FROM key_last_usage WHERE account_id = ? AND region = ? AND key_id = ?').run(scope.accountId, scope.region, keyId);
  }

  // ---- IAM and grants: the SQL is in sqlite-iam.ts and sqlite-grants.ts ----
  async putIdentityPolicy(policy: IdentityPolicyRecord) { this.bump('iam'); this.iam.putIdentityPolicy(policy); }
  async deleteIdentityPolicy(principalArn: string, policyName: string) { this.bump('iam'); this.iam.deleteIdentityPolicy(principalArn, policyName); }
  async putRoleSettings(settings: RoleSettingsRecord) { this.bump('iam'); this.iam.putRoleSettings(settings); }
  async deletePrincipal(arn: string) { this.bump('iam'); this.iam.deletePrincipal(arn); }
  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus) { this.bump('iam'); this.iam.setAccessKeyStatus(accessKeyId, status); }
  async putManagedPolicy(policy: ManagedPolicyRecord) { this.bump('iam'); this.iam.putManagedPolicy(policy); }
  async deleteManagedPolicy(arn: string) { this.bump('iam'); this.iam.deleteManagedPolicy(arn); }
  async attachPolicy(principalArn: string, policyArn: string) { this.bump('iam'); this.iam.attachPolicy(principalArn, policyArn); }
  async detachPolicy(principalArn: string, policyArn: string) { this.bump('iam'); this.iam.detachPolicy(principalArn, policyArn); }
  async putGrant(grant: GrantRecord) { this.grantSql.putGrant(grant); }
  async deleteGrant(keyArn: string, grantId: string) { this.grantSql.deleteGrant(keyArn, grantId); }
  async putGrantToken(tokenHash: string, keyArn: string, grantId: string) { this.grantSql.putGrantToken(tokenHash, keyArn, grantId); }
  async putCustomKeyStore(record: CustomKeyStoreRecord) { this.bump('custom-key-stores'); this.customKeyStoreSql.put(record); }
  async deleteCustomKeyStore(scope: Scope, id: string) { this.bump('custom-key-stores'); this.customKeyStoreSql.delete(scope, id); }

  // ---- audit trail: the SQL is in sqlite-audit-log.ts ----
  readonly auditLog = new SqliteAuditLog(this.db);

  async appendAuditEvents(rows: readonly AuditEventRow[]): Promise<void> {
    this.auditLog.append(rows);
  }
}

export class SqliteStore extends SqliteReader implements Store {
  readonly #writerDb: Db;
  readonly #writer: SqliteWriter;
  /** Write transactions run one at a time: the tail of the queue. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `path` is a file, or ':memory:' for the in-memory store of --dev (then one connection serves both roles). */
  constructor(path: string, sealer: Sealer) {
    const writerDb = openDatabase(path);
    migrate(writerDb);
    super(path === ':memory:' ? writerDb : openDatabase(path), sealer);
    this.#writerDb = writerDb;
    this.#writer = new SqliteWriter(writerDb, sealer);
  }

  readonly #keys = new VersionedCache<KmsKey>();
  readonly #identityPolicies = new VersionedCache<IdentityPolicyRecord[]>();
  readonly #attachedPolicies = new VersionedCache<AttachedPolicyRecord[]>();
  readonly #accessKeys = new VersionedCache<AccessKeyRecord>();
  readonly #principals = new VersionedCache<PrincipalRecord>();

  /** The change counters as last read; reused until the current event-loop turn ends or this process writes. */
  #counters: Record<string, number> | undefined;

  private counter(name: ChangeCounter): number {
    if (!this.#counters) {
      const rows = this.sql('SELECT name, value FROM change_counters').all() as { name: string; value: number }[];
      this.#counters = Object.fromEntries(rows.map((row) => [row.name, row.value]));
      // Another process's change is seen from the next turn on: requests of one turn share one read.
      setImmediate(() => (this.#counters = undefined));
    }
    return this.#counters[name]!;
  }

  /** Keys are read on every request: parsed keys are reused until any key changes (one counter read instead). */
  override async getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined> {
    const version = this.counter('keys');
    const cacheKey = `${scope.accountId}:${scope.region}:${keyId}`;
    const cached = this.#keys.get(version, cacheKey);
    if (cached) return cached;
    const key = await super.getKey(scope, keyId);
    return key ? this.#keys.set(version, cacheKey, key) : key;
  }

  readonly #customKeyStores = new VersionedCache<CustomKeyStoreRecord>();

  /** A key's custom key store is read on every cryptographic call on it: reused until any store changes. */
  override async getCustomKeyStore(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreRecord | undefined> {
    const version = this.counter('custom-key-stores');
    const cacheKey = `${scope.accountId}:${scope.region}:${customKeyStoreId}`;
    const cached = this.#customKeyStores.get(version, cacheKey);
    if (cached) return cached;
    const record = await super.getCustomKeyStore(scope, customKeyStoreId);
    return record ? this.#customKeyStores.set(version, cacheKey, record) : record;
  }

  /** The caller's identity policies, read on every authorization, reused until any IAM data changes. */
  /**
   * Every signed request looks up its access key and principal: reused until any IAM change commits, on any
   * process, so a deleted, disabled or re-keyed access key is refused from the next event-loop turn on.
   */
  override async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const version = this.counter('iam');
    const cached = this.#accessKeys.get(version, accessKeyId);
    if (cached) return cached;
    const record = await super.getAccessKey(accessKeyId);
    return record ? this.#accessKeys.set(version, accessKeyId, record) : record;
  }

  override async getPrincipal(arn: string): Promise<PrincipalRecord | undefined> {
    const version = this.counter('iam');
    const cached = this.#principals.get(version, arn);
    if (cached) return cached;
    const principal = await super.getPrincipal(arn);
    return principal ? this.#principals.set(version, arn, principal) : principal;
  }

  override async listIdentityPolicies(principalArn: string): Promise<IdentityPolicyRecord[]> {
    const version = this.counter('iam');
    const cached = this.#identityPolicies.get(version, principalArn);
    if (cached) return cached;
    return this.#identityPolicies.set(version, principalArn, await super.listIdentityPolicies(principalArn));
  }

  /** The caller's managed policies, read on every authorization beside the inline ones, cached the same way. */
  override async listAttachedPolicies(principalArn: string): Promise<AttachedPolicyRecord[]> {
    const version = this.counter('iam');
    const cached = this.#attachedPolicies.get(version, principalArn);
    if (cached) return cached;
    return this.#attachedPolicies.set(version, principalArn, await super.listAttachedPolicies(principalArn));
  }

  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.#writerDb.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.#writer);
        this.#writerDb.exec('COMMIT');
        this.#counters = undefined; // this process's own change is seen at once
        return result;
      } catch (error) {
        if (this.#writerDb.inTransaction) this.#writerDb.exec('ROLLBACK');
        throw error;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async dueJobs(now: Date, limit: number): Promise<JobRecord[]> {
    const rows = this.sql('SELECT * FROM jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT ?').all(now.getTime(), limit) as Row[];
    return rows.map(jobFromRow);
  }

  // ---- audit trail: the SQL is in sqlite-audit-log.ts ----
  readonly #auditReader = new SqliteAuditLog(this.db);

  async queryAuditEvents(query: AuditEventQuery): Promise<StoredAuditEvent[]> {
    return this.#auditReader.query(query);
  }

  /** The audit trail as export and verification read it (audit-verify.ts), through the reading connection. */
  auditLogReader(): AuditLogReader {
    return this.#auditReader;
  }

  /** The database's bytes as SQLite writes them to a file (its serialize), for scanning what the store holds. */
  serialize(): Buffer {
    return this.#writerDb.serialize();
  }

  pruneAuditEvents(before: Date, limit: number): Promise<number> {
    return this.write(async () => this.#writer.auditLog.prune(before.getTime(), limit));
  }

  async close(): Promise<void> {
    await this.#queue;
    if (this.db !== this.#writerDb) this.db.close();
    this.#writerDb.close();
  }
}

function page<T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  return pageOf(rows, limit, (row) => row.seq as number, map);
}


function principalFromRow(row: Row): PrincipalRecord {
  return {
    arn: row.arn as string,
    accountId: row.account_id as string,
    kind: row.kind as PrincipalRecord['kind'],
    name: row.name as string,
    principalId: row.principal_id as string,
    ...(typeof row.path === 'string' ? { path: row.path } : {}),
    ...(typeof row.created_at === 'number' ? { createdAt: new Date(row.created_at) } : {}),
    ...(typeof row.tags === 'string' ? { tags: JSON.parse(row.tags) as IamTag[] } : {}),
    ...(typeof row.description === 'string' ? { description: row.description } : {}),
  };
}
