// The writes of the store on PostgreSQL, on the client of one write transaction (pg-store.ts opens and serializes it).
// Every write of keys or of IAM data moves its change counter in the same transaction (docs/adr/0004), so every node's
// caches of that kind expire with the commit.

import type { AuditEventRow } from '../../audit/audit-log-port.js';
import type { Scope } from '../../domain/identifiers.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { AliasRecord } from '../alias-repository.js';
import type { GrantRecord } from '../grant-repository.js';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { KeyLastUsage } from '../../domain/key-usage.js';
import type { AccessKeyRecord, AccessKeyStatus, IdentityPolicyRecord, ManagedPolicyRecord, PrincipalRecord, RoleSettingsRecord } from '../iam-repository.js';
import type { JobKind, JobRecord } from '../job-repository.js';
import { keyToDocument, usageToDocument } from '../records.js';
import type { StoreWriter } from '../repository.js';
import { PgAuditLog } from './pg-audit-log.js';
import { query } from './pg-connection.js';
import { PgReader } from './pg-reader.js';
import type { ChangeCounter } from '../versioned-cache.js';

export class PgWriter extends PgReader implements StoreWriter {
  /** Moves a change counter inside the current transaction, so caches of that kind expire with its commit. */
  private async bump(counter: ChangeCounter): Promise<void> {
    await query(this.db, 'UPDATE change_counters SET value = value + 1 WHERE name = $1', [counter]);
  }

  async putKey(key: KmsKey): Promise<void> {
    await this.bump('keys');
    await query(
      this.db,
      `INSERT INTO keys (account_id, region, key_id, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, region, key_id) DO UPDATE SET doc = excluded.doc`,
      [key.accountId, key.region, key.keyId, keyToDocument(key)],
    );
  }

  async deleteKey(scope: Scope, keyId: string): Promise<void> {
    await this.bump('keys');
    await query(this.db, 'DELETE FROM keys WHERE account_id = $1 AND region = $2 AND key_id = $3', [scope.accountId, scope.region, keyId]);
  }

  async putKeyMaterial(scope: Scope, keyId: string, record: KeyMaterialRecord): Promise<void> {
    const { keyMaterialId, sealed, doc } = this.sealing.sealKeyMaterial(scope, keyId, record);
    await query(
      this.db,
      `INSERT INTO key_materials (account_id, region, key_id, key_material_id, sealed, doc) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id, region, key_id, key_material_id) DO UPDATE SET sealed = excluded.sealed, doc = excluded.doc`,
      [scope.accountId, scope.region, keyId, keyMaterialId, sealed, doc],
    );
  }

  async deleteKeyMaterials(scope: Scope, keyId: string): Promise<void> {
    await query(this.db, 'DELETE FROM key_materials WHERE account_id = $1 AND region = $2 AND key_id = $3', [scope.accountId, scope.region, keyId]);
  }

  async putAlias(alias: AliasRecord): Promise<void> {
    await query(
      this.db,
      `INSERT INTO aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id,
         last_updated_date = excluded.last_updated_date`,
      [alias.accountId, alias.region, alias.aliasName, alias.targetKeyId, alias.creationDate.getTime(), alias.lastUpdatedDate.getTime()],
    );
  }

  async deleteAlias(scope: Scope, aliasName: string): Promise<void> {
    await query(this.db, 'DELETE FROM aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3', [scope.accountId, scope.region, aliasName]);
  }

  async deleteAliasesOfKey(scope: Scope, keyId: string): Promise<void> {
    await query(this.db, 'DELETE FROM aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $3', [scope.accountId, scope.region, keyId]);
  }

  async putGrant(grant: GrantRecord): Promise<void> {
    await query(
      this.db,
      `INSERT INTO grants (key_arn, grant_id, account_id, region, key_id, name, grantee_principal, grantee_service_principal, retiring_principal, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (key_arn, grant_id) DO UPDATE SET doc = excluded.doc`,
      [
        grant.keyArn,
        grant.grantId,
        grant.accountId,
        grant.region,
        grant.keyId,
        grant.name ?? null,
        grant.granteePrincipal,
        grant.granteeServicePrincipal ?? null,
        grant.retiringPrincipal ?? null,
        JSON.stringify(grant),
      ],
    );
  }

  async deleteGrant(keyArn: string, grantId: string): Promise<void> {
    await query(this.db, 'DELETE FROM grants WHERE key_arn = $1 AND grant_id = $2', [keyArn, grantId]);
  }

  async putGrantToken(tokenHash: string, keyArn: string, grantId: string): Promise<void> {
    await query(this.db, 'INSERT INTO grant_tokens (token_hash, key_arn, grant_id) VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING', [
      tokenHash,
      keyArn,
      grantId,
    ]);
  }

  async addJob(job: JobRecord): Promise<void> {
    await query(this.db, 'INSERT INTO jobs (kind, account_id, region, key_id, due_at, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      job.kind,
      job.accountId,
      job.region,
      job.keyId,
      job.dueAt.getTime(),
      job.detail ? JSON.stringify(job.detail) : null,
    ]);
  }

  async deleteJobs(scope: Scope, keyId: string, kind: JobKind): Promise<void> {
    await query(this.db, 'DELETE FROM jobs WHERE account_id = $1 AND region = $2 AND key_id = $3 AND kind = $4', [scope.accountId, scope.region, keyId, kind]);
  }

  async deleteJob(id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return (await query(this.db, 'DELETE FROM jobs WHERE id = $1 RETURNING id', [id])).length === 1;
  }

  async putAccount(accountId: string): Promise<void> {
    await this.bump('iam');
    await query(this.db, 'INSERT INTO accounts (account_id) VALUES ($1) ON CONFLICT DO NOTHING', [accountId]);
  }

  async putPrincipal(p: PrincipalRecord): Promise<void> {
    await this.bump('iam');
    await query(
      this.db,
      `INSERT INTO principals (arn, account_id, kind, name, principal_id, path, created_at, tags, description) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (arn) DO UPDATE SET kind = excluded.kind, name = excluded.name, path = coalesce(excluded.path, principals.path),
         created_at = coalesce(principals.created_at, excluded.created_at), tags = coalesce(excluded.tags, principals.tags),
         description = coalesce(excluded.description, principals.description)`,
      [p.arn, p.accountId, p.kind, p.name, p.principalId, p.path ?? null, p.createdAt?.getTime() ?? null, p.tags ? JSON.stringify(p.tags) : null, p.description ?? null],
    );
  }

  async putAccessKey(a: AccessKeyRecord): Promise<void> {
    await this.bump('iam');
    await query(
      this.db,
      `INSERT INTO access_keys (access_key_id, sealed_secret, principal_arn, session_token_sha256, session_name, expiration, created_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (access_key_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, principal_arn = excluded.principal_arn,
         session_token_sha256 = excluded.session_token_sha256, session_name = excluded.session_name, expiration = excluded.expiration,
         status = excluded.status`,
      [
        a.accessKeyId,
        this.sealing.sealSecretAccessKey(a.accessKeyId, a.secretAccessKey),
        a.principalArn,
        a.sessionTokenHash ?? null,
        a.sessionName ?? null,
        a.expiration?.getTime() ?? null,
        a.createdAt.getTime(),
        a.status ?? null,
      ],
    );
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    await this.bump('iam');
    await query(this.db, 'DELETE FROM access_keys WHERE access_key_id = $1', [accessKeyId]);
  }

  async putIdentityPolicy(policy: IdentityPolicyRecord): Promise<void> {
    await this.bump('iam');
    await query(
      this.db,
      `INSERT INTO identity_policies (principal_arn, policy_name, document) VALUES ($1, $2, $3)
       ON CONFLICT (principal_arn, policy_name) DO UPDATE SET document = excluded.document`,
      [policy.principalArn, policy.policyName, policy.document],
    );
  }

  async deleteIdentityPolicy(principalArn: string, policyName: string): Promise<void> {
    await this.bump('iam');
    await query(this.db, 'DELETE FROM identity_policies WHERE principal_arn = $1 AND policy_name = $2', [principalArn, policyName]);
  }

  async putRoleSettings(settings: RoleSettingsRecord): Promise<void> {
    await this.bump('iam');
    await query(
      this.db,
      `INSERT INTO role_settings (role_arn, trust_policy, max_session_duration) VALUES ($1, $2, $3)
       ON CONFLICT (role_arn) DO UPDATE SET trust_policy = excluded.trust_policy, max_session_duration = excluded.max_session_duration`,
      [settings.roleArn, settings.trustPolicy, settings.maxSessionDurationSeconds],
    );
  }

  async putSetting(name: string, value: string): Promise<void> {
    await query(this.db, 'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  }

  async deletePrincipal(arn: string): Promise<void> {
    await this.bump('iam');
    await query(this.db, 'DELETE FROM role_settings WHERE role_arn = $1', [arn]);
    await query(this.db, 'DELETE FROM principals WHERE arn = $1', [arn]);
  }

  async setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    await this.bump('iam');
    await query(this.db, 'UPDATE access_keys SET status = $1 WHERE access_key_id = $2', [status, accessKeyId]);
  }

  async putManagedPolicy(policy: ManagedPolicyRecord): Promise<void> {
    await this.bump('iam');
    await this.iam.putManagedPolicy(policy);
  }

  async deleteManagedPolicy(arn: string): Promise<void> {
    await this.bump('iam');
    await this.iam.deleteManagedPolicy(arn);
  }

  async attachPolicy(principalArn: string, policyArn: string): Promise<void> {
    await this.bump('iam');
    await this.iam.attachPolicy(principalArn, policyArn);
  }

  async detachPolicy(principalArn: string, policyArn: string): Promise<void> {
    await this.bump('iam');
    await this.iam.detachPolicy(principalArn, policyArn);
  }

  async putCustomKeyStore(record: CustomKeyStoreRecord): Promise<void> {
    await this.bump('custom-key-stores');
    await this.customKeyStores.put(record);
  }

  async deleteCustomKeyStore(scope: Scope, id: string): Promise<void> {
    await this.bump('custom-key-stores');
    await this.customKeyStores.delete(scope, id);
  }

  async putKeyLastUsage(scope: Scope, keyId: string, usage: KeyLastUsage): Promise<void> {
    await query(
      this.db,
      `INSERT INTO key_last_usage (account_id, region, key_id, doc) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, region, key_id) DO UPDATE SET doc = excluded.doc`,
      [scope.accountId, scope.region, keyId, usageToDocument(usage)],
    );
  }

  async deleteKeyLastUsage(scope: Scope, keyId: string): Promise<void> {
    await query(this.db, 'DELETE FROM key_last_usage WHERE account_id = $1 AND region = $2 AND key_id = $3', [scope.accountId, scope.region, keyId]);
  }

  readonly auditLog = new PgAuditLog(this.db);

  async appendAuditEvents(rows: readonly AuditEventRow[]): Promise<void> {
    await this.auditLog.append(rows);
  }
}
