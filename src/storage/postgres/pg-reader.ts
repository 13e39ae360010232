// The reads of the store on PostgreSQL, on whatever runs statements: the pool (the store outside a transaction) or the
// transaction's own client (pg-writer.ts extends this, so a transaction reads its own writes).

import type { Scope } from '../../domain/identifiers.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { Sealer } from '../../crypto/sealer.js';
import type { AliasRecord } from '../alias-repository.js';
import type { GrantFilter, GrantRecord } from '../grant-repository.js';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { KeyLastUsage } from '../../domain/key-usage.js';
import type { CustomKeyStoreKey } from '../custom-key-store-repository.js';
import type {
  AccessKeyRecord,
  AccessKeyStatus,
  AccessKeySummary,
  AttachedPolicyRecord,
  IamTag,
  IdentityPolicyRecord,
  ManagedPolicyRecord,
  PrincipalRecord,
  RoleSettingsRecord,
} from '../iam-repository.js';
import type { KeyMaterialSummary } from '../key-repository.js';
import { pageOf, type Page } from '../page.js';
import { decodeMarker, keyFromDocument, materialFromDocument, usageFromDocument } from '../records.js';
import type { StoreReader } from '../repository.js';
import { RowSealer } from '../row-sealer.js';
import { query, queryOne, type Queryable, type Row } from './pg-connection.js';
import { PgCustomKeyStores } from './pg-custom-key-stores.js';
import { PgIam } from './pg-iam.js';
import { accessKeyFromRow, aliasFromRow } from '../row-mapping.js';

/** Grants of keys that still exist: a deleted key's grants are gone with it, as in AWS. */
const KEY_EXISTS = 'EXISTS (SELECT 1 FROM keys k WHERE k.account_id = g.account_id AND k.region = g.region AND k.key_id = g.key_id)';

export class PgReader implements StoreReader {
  protected readonly sealing: RowSealer;
  protected readonly customKeyStores: PgCustomKeyStores;
  protected readonly iam: PgIam;

  constructor(
    protected readonly db: Queryable,
    sealer: Sealer,
  ) {
    this.sealing = new RowSealer(sealer);
    this.customKeyStores = new PgCustomKeyStores(db, this.sealing);
    this.iam = new PgIam(db);
  }

  async getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined> {
    const row = await queryOne(this.db, 'SELECT doc FROM keys WHERE account_id = $1 AND region = $2 AND key_id = $3', [scope.accountId, scope.region, keyId]);
    return row ? keyFromDocument(row.doc as string) : undefined;
  }

  async listKeys(scope: Scope, limit: number, marker?: string): Promise<Page<KmsKey>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows = await query(this.db, 'SELECT seq, doc FROM keys WHERE account_id = $1 AND region = $2 AND seq > $3 ORDER BY seq LIMIT $4', [
      scope.accountId,
      scope.region,
      after,
      limit + 1,
    ]);
    return page(rows, limit, (row) => keyFromDocument(row.doc as string));
  }

  async getKeyMaterials(scope: Scope, keyId: string): Promise<KeyMaterialRecord[]> {
    const rows = await query(
      this.db,
      'SELECT key_material_id, sealed, doc FROM key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3 ORDER BY seq',
      [scope.accountId, scope.region, keyId],
    );
    return rows.map((row) => this.materialFromRow(scope, keyId, row));
  }

  async getKeyMaterialSummaries(scope: Scope, keyId: string): Promise<KeyMaterialSummary[]> {
    const rows = await query(
      this.db,
      'SELECT doc, sealed IS NOT NULL AS has_material FROM key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3 ORDER BY seq',
      [scope.accountId, scope.region, keyId],
    );
    return rows.map((row) => ({ ...materialFromDocument(row.doc as string, undefined), hasMaterial: row.has_material === true }));
  }

  async getKeyMaterial(scope: Scope, keyId: string, keyMaterialId: string): Promise<KeyMaterialRecord | undefined> {
    const row = await queryOne(
      this.db,
      'SELECT key_material_id, sealed, doc FROM key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3 AND key_material_id = $4',
      [scope.accountId, scope.region, keyId, keyMaterialId],
    );
    return row ? this.materialFromRow(scope, keyId, row) : undefined;
  }

  private materialFromRow(scope: Scope, keyId: string, row: Row): KeyMaterialRecord {
    return this.sealing.openKeyMaterial(scope, keyId, { keyMaterialId: row.key_material_id as string, sealed: row.sealed as Buffer | null, doc: row.doc as string });
  }

  async getAlias(scope: Scope, aliasName: string): Promise<AliasRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3', [scope.accountId, scope.region, aliasName]);
    return row ? aliasFromRow(row) : undefined;
  }

  async listAliases(scope: Scope, limit: number, marker?: string, targetKeyId?: string): Promise<Page<AliasRecord>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows =
      targetKeyId === undefined
        ? await query(this.db, 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND seq > $3 ORDER BY seq LIMIT $4', [
            scope.accountId,
            scope.region,
            after,
            limit + 1,
          ])
        : await query(this.db, 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $3 AND seq > $4 ORDER BY seq LIMIT $5', [
            scope.accountId,
            scope.region,
            targetKeyId,
            after,
            limit + 1,
          ]);
    return page(rows, limit, aliasFromRow);
  }

  async countAliases(scope: Scope, targetKeyId: string): Promise<number> {
    const row = await queryOne(this.db, 'SELECT count(*) AS n FROM aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $3', [
      scope.accountId,
      scope.region,
      targetKeyId,
    ]);
    return row!.n as number;
  }

  async getGrant(keyArn: string, grantId: string): Promise<GrantRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT seq, doc FROM grants WHERE key_arn = $1 AND grant_id = $2', [keyArn, grantId]);
    return row ? grantFromRow(row) : undefined;
  }

  async listGrants(keyArn: string, limit: number, marker?: string, filter: GrantFilter = {}): Promise<Page<GrantRecord>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const values: unknown[] = [keyArn, after];
    const where = ['key_arn = $1', 'seq > $2'];
    const param = (value: unknown) => `$${values.push(value)}`;
    if (filter.grantId !== undefined) where.push(`grant_id = ${param(filter.grantId)}`);
    if (filter.granteePrincipal !== undefined) where.push(`grantee_principal = ${param(filter.granteePrincipal)}`);
    if (filter.granteeServicePrincipal !== undefined) where.push(`grantee_service_principal = ${param(filter.granteeServicePrincipal)}`);
    const rows = await query(this.db, `SELECT seq, doc FROM grants WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${param(limit + 1)}`, values);
    return pageOf(rows, limit, (row) => row.seq as number, grantFromRow);
  }

  async grantsForGrantees(keyArn: string, granteePrincipals: readonly string[]): Promise<GrantRecord[]> {
    if (granteePrincipals.length === 0) return [];
    const rows = await query(this.db, 'SELECT seq, doc FROM grants WHERE key_arn = $1 AND grantee_principal = ANY($2) ORDER BY seq', [keyArn, granteePrincipals]);
    return rows.map(grantFromRow);
  }

  async grantsNamed(keyArn: string, name: string): Promise<GrantRecord[]> {
    return (await query(this.db, 'SELECT seq, doc FROM grants WHERE key_arn = $1 AND name = $2 ORDER BY seq', [keyArn, name])).map(grantFromRow);
  }

  async countGrants(keyArn: string): Promise<number> {
    return (await queryOne(this.db, 'SELECT count(*) AS n FROM grants WHERE key_arn = $1', [keyArn]))!.n as number;
  }

  async listRetirableGrants(retiringPrincipal: string, limit: number, marker?: string): Promise<Page<GrantRecord>> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows = await query(
      this.db,
      `SELECT g.seq AS seq, g.doc AS doc FROM grants g WHERE g.retiring_principal = $1 AND g.seq > $2 AND ${KEY_EXISTS} ORDER BY g.seq LIMIT $3`,
      [retiringPrincipal, after, limit + 1],
    );
    return pageOf(rows, limit, (row) => row.seq as number, grantFromRow);
  }

  async grantOfToken(tokenHash: string): Promise<{ keyArn: string; grantId: string } | undefined> {
    const row = await queryOne(this.db, 'SELECT key_arn, grant_id FROM grant_tokens WHERE token_hash = $1', [tokenHash]);
    return row ? { keyArn: row.key_arn as string, grantId: row.grant_id as string } : undefined;
  }

  async getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT * FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
    if (!row) return undefined;
    return accessKeyFromRow(row, this.sealing.openSecretAccessKey(accessKeyId, row.sealed_secret as Buffer));
  }

  async getPrincipal(arn: string): Promise<PrincipalRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT * FROM principals WHERE arn = $1', [arn]);
    return row ? principalFromRow(row) : undefined;
  }

  async listPrincipals(accountId?: string): Promise<PrincipalRecord[]> {
    const rows =
      accountId === undefined
        ? await query(this.db, 'SELECT * FROM principals ORDER BY account_id, arn')
        : await query(this.db, 'SELECT * FROM principals WHERE account_id = $1 ORDER BY arn', [accountId]);
    return rows.map(principalFromRow);
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await queryOne(this.db, 'SELECT 1 FROM accounts WHERE account_id = $1', [accountId])) !== undefined;
  }

  async listIdentityPolicies(principalArn: string): Promise<IdentityPolicyRecord[]> {
    const rows = await query(this.db, 'SELECT policy_name, document FROM identity_policies WHERE principal_arn = $1 ORDER BY policy_name', [principalArn]);
    return rows.map((row) => ({ principalArn, policyName: row.policy_name as string, document: row.document as string }));
  }

  async getRoleSettings(roleArn: string): Promise<RoleSettingsRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT trust_policy, max_session_duration FROM role_settings WHERE role_arn = $1', [roleArn]);
    if (!row) return undefined;
    return { roleArn, trustPolicy: row.trust_policy as string, maxSessionDurationSeconds: row.max_session_duration as number };
  }

  async listAccessKeys(principalArn: string): Promise<AccessKeySummary[]> {
    const rows = await query(
      this.db,
      'SELECT access_key_id, principal_arn, expiration, created_at, session_name, status FROM access_keys WHERE principal_arn = $1 ORDER BY created_at, access_key_id',
      [principalArn],
    );
    return rows.map((row) => {
      const summary: AccessKeySummary = {
        accessKeyId: row.access_key_id as string,
        principalArn: row.principal_arn as string,
        createdAt: new Date(row.created_at as number),
      };
      if (row.expiration !== null) summary.expiration = new Date(row.expiration as number);
      if (row.session_name !== null) summary.sessionName = row.session_name as string;
      if (row.status !== null) summary.status = row.status as AccessKeyStatus;
      return summary;
    });
  }

  async listAccounts(): Promise<string[]> {
    return (await query(this.db, 'SELECT account_id FROM accounts ORDER BY account_id')).map((row) => row.account_id as string);
  }

  async getSetting(name: string): Promise<string | undefined> {
    const row = await queryOne(this.db, 'SELECT value FROM settings WHERE name = $1', [name]);
    return row ? (row.value as string) : undefined;
  }

  async getKeyLastUsage(scope: Scope, keyId: string): Promise<KeyLastUsage | undefined> {
    const row = await queryOne(this.db, 'SELECT doc FROM key_last_usage WHERE account_id = $1 AND region = $2 AND key_id = $3', [scope.accountId, scope.region, keyId]);
    return row ? usageFromDocument(row.doc as string) : undefined;
  }

  // ---- managed policies and custom key stores: the SQL is in pg-iam.ts and pg-custom-key-stores.ts ----
  async getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined> { return this.iam.getManagedPolicy(arn); }
  async listManagedPolicies(accountId: string): Promise<ManagedPolicyRecord[]> { return this.iam.listManagedPolicies(accountId); }
  async listAttachedPolicies(principalArn: string): Promise<AttachedPolicyRecord[]> { return this.iam.listAttachedPolicies(principalArn); }
  async listPolicyAttachments(policyArn: string): Promise<string[]> { return this.iam.listPolicyAttachments(policyArn); }
  async getCustomKeyStore(scope: Scope, id: string): Promise<CustomKeyStoreRecord | undefined> { return this.customKeyStores.get(scope, id); }
  async listCustomKeyStores(scope: Scope): Promise<CustomKeyStoreRecord[]> { return this.customKeyStores.list(scope); }
  async customKeyStoresInState(state: CustomKeyStoreRecord['connectionState']): Promise<CustomKeyStoreRecord[]> { return this.customKeyStores.inState(state); }
  async keysInCustomKeyStore(scope: Scope, id: string): Promise<CustomKeyStoreKey[]> { return this.customKeyStores.keys(scope, id); }
}

function page<T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  return pageOf(rows, limit, (row) => row.seq as number, map);
}

function grantFromRow(row: Row): GrantRecord {
  const grant = JSON.parse(row.doc as string) as GrantRecord & { creationDate: string | Date };
  grant.creationDate = new Date(grant.creationDate);
  return grant;
}


function principalFromRow(row: Row): PrincipalRecord {
  return {
    arn: row.arn as string,
    accountId: row.account_id as string,
    kind: row.kind as PrincipalRecord['kind'],
    name: row.name as string,
    principalId: row.principal_id as string,
    ...(row.path !== null ? { path: row.path as string } : {}),
    ...(row.created_at !== null ? { createdAt: new Date(row.created_at as number) } : {}),
    ...(row.tags !== null ? { tags: JSON.parse(row.tags as string) as IamTag[] } : {}),
    ...(row.description !== null ? { description: row.description as string } : {}),
  };
}
