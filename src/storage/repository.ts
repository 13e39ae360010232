// The storage seam: what openkms keeps and the transactions it needs. SQLite implements it (sqlite/); PostgreSQL can.
// Implementations seal secrets (key material, secret access keys) under the root key before they touch disk.

import type {
  ExpirationModelType,
  ImportState,
  KeyMaterialState,
  RotationType,
} from '../api/model.generated.js';
import type { Scope } from '../domain/identifiers.js';
import type { KmsKey } from '../domain/kms-key.js';

export interface KeyMaterialRecord {
  keyMaterialId: string;
  /** Plaintext material in memory; absent while the material is deleted (imported material pending import). */
  material?: Buffer;
  state: KeyMaterialState;
  importState?: ImportState;
  expirationModel?: ExpirationModelType;
  validTo?: Date;
  rotationDate?: Date;
  rotationType?: RotationType;
  description?: string;
  createdAt: Date;
}

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
  sessionToken?: string;
  expiration?: Date;
  createdAt: Date;
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
  getKeyMaterial(scope: Scope, keyId: string, keyMaterialId: string): Promise<KeyMaterialRecord | undefined>;
  getAlias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined>;
  listAliases(scope: Scope, limit: number, marker?: string, targetKeyId?: string): Promise<Page<AliasRecord>>;
  countAliases(scope: Scope, targetKeyId: string): Promise<number>;
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  getPrincipal(arn: string): Promise<PrincipalRecord | undefined>;
  listPrincipals(accountId?: string): Promise<PrincipalRecord[]>;
  accountExists(accountId: string): Promise<boolean>;
  getSetting(name: string): Promise<string | undefined>;
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
}

export interface Store extends StoreReader {
  /** Runs `work` in one durable transaction (committed to disk before the promise settles); rolls back if it throws. */
  write<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** Jobs whose deadline has passed, oldest first. */
  dueJobs(now: Date, limit: number): Promise<JobRecord[]>;
  close(): Promise<void>;
}
