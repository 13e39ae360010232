// The aliases role of the store: alias names, unique in an account and Region, each naming one key.

import type { Scope } from '../domain/identifiers.js';
import type { Page } from './page.js';

export interface AliasRecord extends Scope {
  aliasName: string;
  targetKeyId: string;
  creationDate: Date;
  lastUpdatedDate: Date;
}

export interface AliasReader {
  getAlias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined>;
  /** In the order the aliases were first stored; only those of `targetKeyId` when it is given. */
  listAliases(scope: Scope, limit: number, marker?: string, targetKeyId?: string): Promise<Page<AliasRecord>>;
  countAliases(scope: Scope, targetKeyId: string): Promise<number>;
}

export interface AliasWriter {
  /** Stores an alias, or points the existing one of that name at `targetKeyId` (its creationDate stays). */
  putAlias(alias: AliasRecord): Promise<void>;
  deleteAlias(scope: Scope, aliasName: string): Promise<void>;
  deleteAliasesOfKey(scope: Scope, keyId: string): Promise<void>;
}
