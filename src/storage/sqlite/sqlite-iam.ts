// The SQL of IAM principals' extras: inline identity policies, role settings (trust policy, session duration),
// access key listings without secrets, the account list, managed policies and their attachments. SqliteStore delegates to it on each connection.

import { PreparedStatements } from './prepared-statements.js';
import type {
  AccessKeyStatus,
  AccessKeySummary,
  AttachedPolicyRecord,
  IdentityPolicyRecord,
  ManagedPolicyRecord,
  RoleSettingsRecord,
} from '../iam-repository.js';

type Row = Record<string, unknown>;

export class SqliteIam extends PreparedStatements {

  listIdentityPolicies(principalArn: string): IdentityPolicyRecord[] {
    const rows = this.sql('SELECT policy_name, document FROM identity_policies WHERE principal_arn = ? ORDER BY policy_name').all(
      principalArn,
    ) as Row[];
    return rows.map((row) => ({ principalArn, policyName: row.policy_name as string, document: row.document as string }));
  }

  getRoleSettings(roleArn: string): RoleSettingsRecord | undefined {
    const row = this.sql('SELECT trust_policy, max_session_duration FROM role_settings WHERE role_arn = ?').get(roleArn) as Row | undefined;
    if (!row) return undefined;
    return { roleArn, trustPolicy: row.trust_policy as string, maxSessionDurationSeconds: row.max_session_duration as number };
  }

  listAccessKeys(principalArn: string): AccessKeySummary[] {
    const rows = this.sql(
      'SELECT access_key_id, principal_arn, expiration, created_at, session_name, status FROM access_keys WHERE principal_arn = ? ORDER BY created_at, access_key_id',
    ).all(principalArn) as Row[];
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

  listAccounts(): string[] {
    return (this.sql('SELECT account_id FROM accounts ORDER BY account_id').all() as Row[]).map((row) => row.account_id as string);
  }

  putIdentityPolicy(policy: IdentityPolicyRecord): void {
    this.sql(
      `INSERT INTO identity_policies (principal_arn, policy_name, document) VALUES (?, ?, ?)
       ON CONFLICT (principal_arn, policy_name) DO UPDATE SET document = excluded.document`,
    ).run(policy.principalArn, policy.policyName, policy.document);
  }

  deleteIdentityPolicy(principalArn: string, policyName: string): void {
    this.sql('DELETE FROM identity_policies WHERE principal_arn = ? AND policy_name = ?').run(principalArn, policyName);
  }

  putRoleSettings(settings: RoleSettingsRecord): void {
    this.sql(
      `INSERT INTO role_settings (role_arn, trust_policy, max_session_duration) VALUES (?, ?, ?)
       ON CONFLICT (role_arn) DO UPDATE SET trust_policy = excluded.trust_policy, max_session_duration = excluded.max_session_duration`,
    ).run(settings.roleArn, settings.trustPolicy, settings.maxSessionDurationSeconds);
  }

  /** Written after the access key row itself: the column came with the authorization migration. */
  setSessionName(accessKeyId: string, sessionName: string | undefined): void {
    this.sql('UPDATE access_keys SET session_name = ? WHERE access_key_id = ?').run(sessionName ?? null, accessKeyId);
  }

  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    this.sql('UPDATE access_keys SET status = ? WHERE access_key_id = ?').run(status, accessKeyId);
  }

  deletePrincipal(arn: string): void {
    this.sql('DELETE FROM role_settings WHERE role_arn = ?').run(arn);
    this.sql('DELETE FROM principals WHERE arn = ?').run(arn);
  }

  getManagedPolicy(arn: string): ManagedPolicyRecord | undefined {
    const row = this.sql('SELECT doc FROM managed_policies WHERE arn = ?').get(arn) as Row | undefined;
    return row ? managedPolicyFromDoc(row.doc as string) : undefined;
  }

  listManagedPolicies(accountId: string): ManagedPolicyRecord[] {
    const rows = this.sql('SELECT doc FROM managed_policies WHERE account_id = ? ORDER BY arn').all(accountId) as Row[];
    return rows.map((row) => managedPolicyFromDoc(row.doc as string));
  }

  putManagedPolicy(policy: ManagedPolicyRecord): void {
    this.sql(
      `INSERT INTO managed_policies (arn, account_id, doc) VALUES (?, ?, ?)
       ON CONFLICT (arn) DO UPDATE SET account_id = excluded.account_id, doc = excluded.doc`,
    ).run(policy.arn, policy.accountId, JSON.stringify(policy));
  }

  deleteManagedPolicy(arn: string): void {
    this.sql('DELETE FROM managed_policies WHERE arn = ?').run(arn);
  }

  listAttachedPolicies(principalArn: string): AttachedPolicyRecord[] {
    const rows = this.sql(
      `SELECT a.policy_arn, p.doc FROM policy_attachments a LEFT JOIN managed_policies p ON p.arn = a.policy_arn
       WHERE a.principal_arn = ? ORDER BY a.policy_arn`,
    ).all(principalArn) as Row[];
    return rows.map((row) => {
      const attached: AttachedPolicyRecord = { principalArn, policyArn: row.policy_arn as string };
      if (row.doc !== null) attached.document = managedPolicyFromDoc(row.doc as string).document;
      return attached;
    });
  }

  listPolicyAttachments(policyArn: string): string[] {
    const rows = this.sql('SELECT principal_arn FROM policy_attachments WHERE policy_arn = ? ORDER BY principal_arn').all(policyArn) as Row[];
    return rows.map((row) => row.principal_arn as string);
  }

  attachPolicy(principalArn: string, policyArn: string): void {
    this.sql('INSERT OR IGNORE INTO policy_attachments (principal_arn, policy_arn) VALUES (?, ?)').run(principalArn, policyArn);
  }

  detachPolicy(principalArn: string, policyArn: string): void {
    this.sql('DELETE FROM policy_attachments WHERE principal_arn = ? AND policy_arn = ?').run(principalArn, policyArn);
  }
}

/** Managed policies are kept as their record in JSON, dates as ISO text. */
function managedPolicyFromDoc(doc: string): ManagedPolicyRecord {
  const parsed = JSON.parse(doc) as ManagedPolicyRecord & { createdAt: string; updatedAt: string };
  return { ...parsed, createdAt: new Date(parsed.createdAt), updatedAt: new Date(parsed.updatedAt) };
}
