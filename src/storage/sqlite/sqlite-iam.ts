// The SQL of IAM principals' extras: inline identity policies, role settings (trust policy, session duration),
// access key listings without secrets, and the account list. SqliteStore delegates to it on each connection.

import { PreparedStatements } from './prepared-statements.js';
import type { AccessKeySummary, IdentityPolicyRecord, RoleSettingsRecord } from '../iam-repository.js';

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
      'SELECT access_key_id, principal_arn, expiration, created_at, session_name FROM access_keys WHERE principal_arn = ? ORDER BY created_at, access_key_id',
    ).all(principalArn) as Row[];
    return rows.map((row) => {
      const summary: AccessKeySummary = {
        accessKeyId: row.access_key_id as string,
        principalArn: row.principal_arn as string,
        createdAt: new Date(row.created_at as number),
      };
      if (row.expiration !== null) summary.expiration = new Date(row.expiration as number);
      if (row.session_name !== null) summary.sessionName = row.session_name as string;
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
}
