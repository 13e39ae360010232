// The grants role of the store: grants on keys (by key ARN and grant id), and the grant tokens issued for them, kept
// only as their SHA-256 (docs/kms-behaviour.md 6.3).

import type { KmsGrant } from '../domain/grant.js';
import type { Page } from './page.js';

/** A grant on a KMS key: the domain's KmsGrant (src/domain/grant.ts). */
export type GrantRecord = KmsGrant;

export interface GrantFilter {
  grantId?: string;
  granteePrincipal?: string;
  granteeServicePrincipal?: string;
}

export interface GrantReader {
  getGrant(keyArn: string, grantId: string): Promise<GrantRecord | undefined>;
  /** In the order the grants were first stored. */
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

export interface GrantWriter {
  /** Stores a grant, or replaces the one with its grant id on its key. */
  putGrant(grant: GrantRecord): Promise<void>;
  deleteGrant(keyArn: string, grantId: string): Promise<void>;
  /** Records the token issued for a grant; a token hash already recorded keeps the grant it was first issued for. */
  putGrantToken(tokenHash: string, keyArn: string, grantId: string): Promise<void>;
}
