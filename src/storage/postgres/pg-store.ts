// The PostgreSQL implementation of the store, for one node or several on the same database. Reads go through a pool;
// each write transaction runs on a pooled client of its own and is committed (synchronous_commit: on the server's
// disk, and its standby's where one is configured) before the promise settles.
//
// Serializable by one lock (docs/adr/0013): every write transaction takes the same transaction-level advisory lock as
// its first statement, so the write transactions of every process and node run one at a time, each seeing every
// commit before it (READ COMMITTED reads, after the lock, see all of them). That is the contract of Store.write, as
// SQLite's BEGIN IMMEDIATE gives it, without the false conflicts and retries of SERIALIZABLE. Serialization failures and
// deadlocks (which other sessions on the database can still cause) are retried a bounded number of times.

import pg from 'pg';
import type { Scope } from '../../domain/identifiers.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { AuditEventQuery, StoredAuditEvent } from '../../audit/audit-log-port.js';
import type { AuditLogReader } from '../../audit/audit-log-reader.js';
import type { Sealer } from '../../crypto/sealer.js';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { AccessKeyRecord, AttachedPolicyRecord, IdentityPolicyRecord, PrincipalRecord } from '../iam-repository.js';
import type { JobKind, JobRecord } from '../job-repository.js';
import type { Store, StoreWriter } from '../repository.js';
import { VersionedCache, type ChangeCounter } from '../versioned-cache.js';
import { PgAuditLog } from './pg-audit-log.js';
import { advisoryLockKeys, isRetryable, openPool, query, withPooledClient, type PgConnectionSettings } from './pg-connection.js';
import { migrate } from './pg-migrate.js';
import { PgReader } from './pg-reader.js';
import { PgWriter } from './pg-writer.js';
import { jobFromRow } from '../row-mapping.js';

const MAX_ATTEMPTS = 5;

export interface PgStoreOptions extends PgConnectionSettings {
  /** Where the pool reports a connection that failed while idle. */
  logError?: (message: string, error: unknown) => void;
  /** Apply only the first `migrateUpTo` migrations (tests of upgrading from an earlier schema). */
  migrateUpTo?: number;
}

export class PgStore extends PgReader implements Store {
  readonly #pool: pg.Pool;
  readonly #sealer: Sealer;

  /** The advisory lock every write transaction takes (of this schema's installation). */
  readonly #writeLock: [number, number];

  private constructor(pool: pg.Pool, sealer: Sealer, schema: string | undefined) {
    super(pool, sealer);
    this.#pool = pool;
    this.#sealer = sealer;
    this.#writeLock = advisoryLockKeys('writes', schema);
  }

  /** Connects, applies the migrations this database lacks (pg-migrate.ts), and returns the store. */
  static async open(options: PgStoreOptions, sealer: Sealer): Promise<PgStore> {
    const logError = options.logError ?? ((message, error) => process.stderr.write(`openkms: ${message}: ${String(error)}\n`));
    const pool = openPool(options, logError);
    try {
      await withPooledClient(pool, (client) => migrate(client, options.schema, options.migrateUpTo));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgStore(pool, sealer, options.schema);
  }

  readonly #keys = new VersionedCache<KmsKey>();
  readonly #identityPolicies = new VersionedCache<IdentityPolicyRecord[]>();
  readonly #attachedPolicies = new VersionedCache<AttachedPolicyRecord[]>();
  readonly #accessKeys = new VersionedCache<AccessKeyRecord>();
  readonly #principals = new VersionedCache<PrincipalRecord>();
  readonly #customKeyStores = new VersionedCache<CustomKeyStoreRecord>();

  /** The change counters as last read: one read shared by the requests of one event-loop turn, or until this node writes. */
  #counters: Promise<Record<string, number>> | undefined;

  private async counter(name: ChangeCounter): Promise<number> {
    if (!this.#counters) {
      const read = query(this.#pool, 'SELECT name, value FROM change_counters').then((rows) => Object.fromEntries(rows.map((row) => [row.name, row.value as number])));
      this.#counters = read;
      const forget = () => {
        if (this.#counters === read) this.#counters = undefined;
      };
      // Another node's change is seen from the next turn on (the counters are read anew), a failed read at once.
      read.then(() => setImmediate(forget), forget);
    }
    return (await this.#counters)[name]!;
  }

  /** Keys are read on every request: parsed keys are reused until any key changes, on any node. */
  override async getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined> {
    const version = await this.counter('keys');
    const cacheKey = `${scope.accountId}:${scope.region}:${keyId}`;
    const cached = this.#keys.get(version, cacheKey);
    if (cached) return cached;
    const key = await super.getKey(scope, keyId);
    return key ? this.#keys.set(version, cacheKey, key) : key;
  }

  /**
   * Every signed request looks up its access key and principal: reused until any IAM change commits, on any
   * process, so a deleted, disabled or re-keyed access key is refused from the next event-loop turn on.
   */
  override async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const version = await this.counter('iam');
    const cached = this.#accessKeys.get(version, accessKeyId);
    if (cached) return cached;
    const record = await super.getAccessKey(accessKeyId);
    return record ? this.#accessKeys.set(version, accessKeyId, record) : record;
  }

  override async getPrincipal(arn: string): Promise<PrincipalRecord | undefined> {
    const version = await this.counter('iam');
    const cached = this.#principals.get(version, arn);
    if (cached) return cached;
    const principal = await super.getPrincipal(arn);
    return principal ? this.#principals.set(version, arn, principal) : principal;
  }

  override async listIdentityPolicies(principalArn: string): Promise<IdentityPolicyRecord[]> {
    const version = await this.counter('iam');
    const cached = this.#identityPolicies.get(version, principalArn);
    if (cached) return cached;
    return this.#identityPolicies.set(version, principalArn, await super.listIdentityPolicies(principalArn));
  }

  /** The caller's managed policies, read on every authorization beside the inline ones, cached the same way. */
  override async listAttachedPolicies(principalArn: string): Promise<AttachedPolicyRecord[]> {
    const version = await this.counter('iam');
    const cached = this.#attachedPolicies.get(version, principalArn);
    if (cached) return cached;
    return this.#attachedPolicies.set(version, principalArn, await super.listAttachedPolicies(principalArn));
  }

  /** A key's custom key store is read on every cryptographic call on it: reused until any store changes, on any node. */
  override async getCustomKeyStore(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreRecord | undefined> {
    const version = await this.counter('custom-key-stores');
    const cacheKey = `${scope.accountId}:${scope.region}:${customKeyStoreId}`;
    const cached = this.#customKeyStores.get(version, cacheKey);
    if (cached) return cached;
    const record = await super.getCustomKeyStore(scope, customKeyStoreId);
    return record ? this.#customKeyStores.set(version, cacheKey, record) : record;
  }

  async write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withPooledClient(this.#pool, async (client) => {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock($1, $2)', this.#writeLock);
          const result = await work(new PgWriter(client, this.#sealer));
          await client.query('COMMIT');
          this.#counters = undefined; // this node's own change is seen at once
          return result;
        });
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  async dueJobs(now: Date, limit: number): Promise<JobRecord[]> {
    const rows = await query(this.#pool, 'SELECT * FROM jobs WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2', [now.getTime(), limit]);
    return rows.map(jobFromRow);
  }

  async queryAuditEvents(request: AuditEventQuery): Promise<StoredAuditEvent[]> {
    return new PgAuditLog(this.#pool).query(request);
  }

  pruneAuditEvents(before: Date, limit: number): Promise<number> {
    return this.write((tx) => (tx as PgWriter).auditLog.prune(before.getTime(), limit));
  }

  /** Every node's audit records as export and verification read them, one consistent snapshot (pg-audit-log.ts). */
  async auditLogReader(): Promise<AuditLogReader> {
    return withPooledClient(this.#pool, (client) => PgAuditLog.snapshot(client));
  }

  /** For what must run on the database outside the store's roles (the root key check, tests). */
  get pool(): pg.Pool {
    return this.#pool;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
