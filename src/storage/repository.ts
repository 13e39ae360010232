// The storage seam: what openkms keeps and the transactions it needs. SQLite implements it (sqlite/); PostgreSQL can.
// Implementations seal secrets (key material, secret access keys) under the root key before they touch disk.

import type { Scope } from '../domain/identifiers.js';
import type { KmsGrant } from '../domain/grant.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';

/** A key material's record without the material itself: what listing a key's materials needs. */
export type KeyMaterialSummary = Omit<KeyMaterialRecord, 'material'> & {
  /** Whether material is stored (false while imported material is pending import). */
  hasMaterial: boolean;
};

export interface AliasRecord extends Scope {
  aliasName: string;
  targetKeyId: string;
  creationDate: Date;
  lastUpdatedDate: Date;
}

export type JobKind = 'DeleteKey' | 'DeleteExpiredKeyMaterial' | 'RotateKey';

export interface JobRecord extends Scope {
  id?: number;
  kind: JobKind;
  keyId: string;
  dueAt: Date;
  /** Job-specific facts, e.g. the key material id that expires. */
  detail?: Record<string, string>;
}

export type PrincipalKind = 'root' | 'user' | 'role' | 'role-session';

export interface PrincipalRecord {
  accountId: string;
  arn: string;
  kind: PrincipalKind;
  name: string;
  /** AWS's unique id (AIDA… for users, AROA… for roles). */
  principalId: string;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  /** Plaintext in memory only; sealed at rest. */
  secretAccessKey: string;
  principalArn: string;
  /** Temporary credentials: hex SHA-256 of the session token (auth/session-token-hash.ts); the token is never stored. */
  sessionTokenHash?: string;
  expiration?: Date;
  createdAt: Date;
  /** Temporary credentials from AssumeRole: the RoleSessionName (principalArn is then the role). */
  sessionName?: string;
}

// ---- IAM and grants (src/storage/sqlite/sqlite-iam.ts, sqlite-grants.ts): identity policies, roles, grants. ----

/** An inline identity policy attached to a user or role (IAM's PutUserPolicy / PutRolePolicy). */
export interface IdentityPolicyRecord {
  principalArn: string;
  policyName: string;
  /** The policy document (JSON text), validated when it was stored. */
  document: string;
}

/** What a role has beyond its principal record: who may assume it, and for how long. */
export interface RoleSettingsRecord {
  roleArn: string;
  /** The trust policy (AssumeRolePolicyDocument), JSON text. */
  trustPolicy: string;
  maxSessionDurationSeconds: number;
}

/** An access key without its secret, for listings. */
export type AccessKeySummary = Omit<AccessKeyRecord, 'secretAccessKey' | 'sessionTokenHash'>;

/** A grant on a KMS key: the domain's KmsGrant (src/domain/grant.ts). */
export type GrantRecord = KmsGrant;

export interface GrantFilter {
  grantId?: string;
  granteePrincipal?: string;
  granteeServicePrincipal?: string;
}

export interface Page<T> {
  items: T[];
  /** The marker of the next page, when there is one. */
  nextMarker?: string;
}

/** Reads that any transaction (and the store outside one) can make. */
export interface StoreReader {
  getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined>;
  listKeys(scope: Scope, limit: number, marker?: string): Promise<Page<KmsKey>>;
  getKeyMaterials(scope: Scope, keyId: string): Promise<KeyMaterialRecord[]>;
  /** The key's materials, oldest first, without unsealing any of them. */
  getKeyMaterialSummaries(scope: Scope, keyId: string): Promise<KeyMaterialSummary[]>;
  getKeyMaterial(scope: Scope, keyId: string, keyMaterialId: string): Promise<KeyMaterialRecord | undefined>;
  getAlias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined>;
  listAliases(scope: Scope, limit: number, marker?: string, targetKeyId?: string): Promise<Page<AliasRecord>>;
  countAliases(scope: Scope, targetKeyId: string): Promise<number>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  getPrincipal(arn: string): Promise<PrincipalRecord | undefined>;
  listPrincipals(accountId?: string): Promise<PrincipalRecord[]>;
  accountExists(accountId: string): Promise<boolean>;
  getSetting(name: string): Promise<string | undefined>;
  // IAM: identity policies, roles, access key listings (sqlite-iam.ts).
  listIdentityPolicies(principalArn: string): Promise<IdentityPolicyRecord[]>;
  getRoleSettings(roleArn: string): Promise<RoleSettingsRecord | undefined>;
  listAccessKeys(principalArn: string): Promise<AccessKeySummary[]>;
  listAccounts(): Promise<string[]>;
  // Grants (sqlite-grants.ts).
  getGrant(keyArn: string, grantId: string): Promise<GrantRecord | undefined>;
  listGrants(keyArn: string, limit: number, marker?: string, filter?: GrantFilter): Promise<Page<GrantRecord>>;
  /** The grants on a key whose grantee is one of `granteePrincipals` (authorization reads only these). */
  grantsForGrantees(keyArn: string, granteePrincipals: readonly string[]): Promise<GrantRecord[]>;
  grantsNamed(keyArn: string, name: string): Promise<GrantRecord[]>;
  countGrants(keyArn: string): Promise<number>;
  /** Grants of existing keys in any account whose retiring principal is `retiringPrincipal`. */
  listRetirableGrants(retiringPrincipal: string, limit: number, marker?: string): Promise<Page<GrantRecord>>;
  /** The grant a grant token was issued for (by the token's SHA-256), even when the grant is gone since. */
  grantOfToken(tokenHash: string): Promise<{ keyArn: string; grantId: string } | undefined>;
}

/** Writes, only inside `Store.write`: all of them commit together or none does. */
export interface StoreWriter extends StoreReader {
  putKey(key: KmsKey): Promise<void>;
  deleteKey(scope: Scope, keyId: string): Promise<void>;
  putKeyMaterial(scope: Scope, keyId: string, material: KeyMaterialRecord): Promise<void>;
  deleteKeyMaterials(scope: Scope, keyId: string): Promise<void>;
  putAlias(alias: AliasRecord): Promise<void>;
  deleteAlias(scope: Scope, aliasName: string): Promise<void>;
  deleteAliasesOfKey(scope: Scope, keyId: string): Promise<void>;
  addJob(job: JobRecord): Promise<void>;
  deleteJobs(scope: Scope, keyId: string, kind: JobKind): Promise<void>;
  deleteJob(id: number): Promise<void>;
  putAccount(accountId: string): Promise<void>;
  putPrincipal(principal: PrincipalRecord): Promise<void>;
  putAccessKey(accessKey: AccessKeyRecord): Promise<void>;
  deleteAccessKey(accessKeyId: string): Promise<void>;
  putSetting(name: string, value: string): Promise<void>;
  putIdentityPolicy(policy: IdentityPolicyRecord): Promise<void>;
  deleteIdentityPolicy(principalArn: string, policyName: string): Promise<void>;
  putRoleSettings(settings: RoleSettingsRecord): Promise<void>;
  putGrant(grant: GrantRecord): Promise<void>;
  deleteGrant(keyArn: string, grantId: string): Promise<void>;
  putGrantToken(tokenHash: string, keyArn: string, grantId: string): Promise<void>;
  /** Audit trail: appends records to their accounts' hash chains inside this transaction (src/audit). */
  appendAuditEvents(rows: readonly AuditEventRow[]): Promise<void>;
}

export interface Store extends StoreReader {
  /** Runs `work` in one durable transaction (committed to disk before the promise settles); rolls back if it throws. */
  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** Jobs whose deadline has passed, oldest first. */
  dueJobs(now: Date, limit: number): Promise<JobRecord[]>;
  /** Audit trail: one account's records, newest first (LookupEvents). */
  queryAuditEvents(query: AuditEventQuery): Promise<StoredAuditEvent[]>;
  /** Audit trail: removes up to `limit` of the oldest records older than `before`, keeping each chain verifiable. */
  pruneAuditEvents(before: Date, limit: number): Promise<number>;
  close(): Promise<void>;
}

// ---- Audit trail (src/audit): CloudTrail records, chained per account. ----

/** One CloudTrail record as stored: the record's JSON text plus the columns LookupEvents filters on. */
export interface AuditEventRow {
  /** The account that receives the record (its recipientAccountId): each account has its own hash chain. */
  accountId: string;
  region: string;
  /** Epoch milliseconds. */
  eventTime: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  /** Resource ARNs and types, space-separated ('' when none). */
  resourceNames: string;
  resourceTypes: string;
  /** The record itself, exactly as hashed into the chain. */
  record: string;
}

/** A stored record with its place in its account's chain. */
export interface StoredAuditEvent extends AuditEventRow {
  seq: number;
  chainIndex: number;
  prevHash: string;
  hash: string;
}

export type AuditAttribute =
  | 'eventId'
  | 'eventName'
  | 'eventSource'
  | 'readOnly'
  | 'username'
  | 'accessKeyId'
  | 'resourceName'
  | 'resourceType';

export interface AuditEventQuery {
  accountId: string;
  region: string;
  /** Inclusive bounds, epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  attribute?: { name: AuditAttribute; value: string };
  limit: number;
  /** Continue after this record (the last one of the previous page). */
  after?: { eventTime: number; seq: number };
}
