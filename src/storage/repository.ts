// The storage seam: what openkms keeps, by role (keys, aliases, grants, IAM, jobs, settings, custom key stores, key
// usage, the audit log), composed
// into what a transaction may read and write. SQLite implements it (sqlite/); a PostgreSQL backend can, and
// store-conformance.ts is the suite every backend passes. server/open-storage.ts picks the backend.
// Backends seal secrets (key material, secret access keys) under the root key before they store them (row-sealer.ts).

import type { AuditLogStore, AuditLogWriter } from '../audit/audit-log-port.js';
import type { AliasReader, AliasWriter } from './alias-repository.js';
import type { CustomKeyStoreReader, CustomKeyStoreWriter } from './custom-key-store-repository.js';
import type { GrantReader, GrantWriter } from './grant-repository.js';
import type { IamReader, IamWriter } from './iam-repository.js';
import type { JobQueue, JobWriter } from './job-repository.js';
import type { KeyReader, KeyWriter } from './key-repository.js';
import type { SettingReader, SettingWriter } from './setting-repository.js';
import type { KeyUsageReader, KeyUsageWriter } from './usage-repository.js';

export type { AliasReader, AliasRecord, AliasWriter } from './alias-repository.js';
export type { CustomKeyStoreKey, CustomKeyStoreReader, CustomKeyStoreWriter } from './custom-key-store-repository.js';
export type { AuditAttribute, AuditEventQuery, AuditEventRow, AuditLogStore, AuditLogWriter, StoredAuditEvent } from '../audit/audit-log-port.js';
export type { GrantFilter, GrantReader, GrantRecord, GrantWriter } from './grant-repository.js';
export type {
  AccessKeyRecord,
  AccessKeyStatus,
  AccessKeySummary,
  AttachedPolicyRecord,
  IamReader,
  IamWriter,
  IamTag,
  IdentityPolicyRecord,
  ManagedPolicyRecord,
  PrincipalKind,
  PrincipalRecord,
  RoleSettingsRecord,
} from './iam-repository.js';
export type { JobKind, JobQueue, JobRecord, JobWriter } from './job-repository.js';
export type { KeyMaterialSummary, KeyReader, KeyWriter } from './key-repository.js';
export type { Page } from './page.js';
export type { SettingReader, SettingWriter } from './setting-repository.js';
export type { KeyUsageReader, KeyUsageWriter } from './usage-repository.js';

/** Reads that any transaction (and the store outside one) can make. */
export interface StoreReader extends KeyReader, AliasReader, GrantReader, IamReader, SettingReader, CustomKeyStoreReader, KeyUsageReader {}

/** Writes, only inside `Store.write`: all of them commit together or none does. */
export interface StoreWriter
  extends StoreReader,
    KeyWriter,
    AliasWriter,
    GrantWriter,
    IamWriter,
    JobWriter,
    SettingWriter,
    CustomKeyStoreWriter,
    KeyUsageWriter,
    AuditLogWriter {}

export interface Store extends StoreReader, JobQueue, AuditLogStore {
  /**
   * Runs `work` in one durable transaction: committed to disk before the promise settles, rolled back whole if `work`
   * throws (none of its rows is visible, and no chain head or change counter has moved).
   *
   * Transactions are serializable, and a backend must make them so: the result is as if they ran one at a time, in
   * every process and node on the same data. `work` reads, then writes what it decided from what it read (the next
   * chain index, "is the alias free", "is the job still there"), so two transactions that interleave must not both
   * act on the same read. SQLite gives this by running writes one at a time (BEGIN IMMEDIATE across processes, a queue
   * in each). A PostgreSQL backend at its default READ COMMITTED would race: two CreateAlias calls could both find
   * the name free, two appenders take the same chain index, two job runners both claim a job. It needs SERIALIZABLE
   * (retrying on serialization failures) or explicit row locks (SELECT … FOR UPDATE) on everything `work` decides by.
   */
  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
