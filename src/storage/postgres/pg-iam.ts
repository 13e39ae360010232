// The SQL of the IAM API's records on PostgreSQL, as on SQLite (sqlite/sqlite-iam.ts): customer managed policies (one
// JSON document per row) and their attachments to users and roles. The writer moves the `iam` counter around each write.

import type { AttachedPolicyRecord, ManagedPolicyRecord } from '../iam-repository.js';
import { query, queryOne, type Queryable } from './pg-connection.js';

export class PgIam {
  constructor(private readonly db: Queryable) {}

  async getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT doc FROM managed_policies WHERE arn = $1', [arn]);
    return row ? managedPolicyFromDoc(row.doc as string) : undefined;
  }

  async listManagedPolicies(accountId: string): Promise<ManagedPolicyRecord[]> {
    const rows = await query(this.db, 'SELECT doc FROM managed_policies WHERE account_id = $1 ORDER BY arn', [accountId]);
    return rows.map((row) => managedPolicyFromDoc(row.doc as string));
  }

  async listAttachedPolicies(principalArn: string): Promise<AttachedPolicyRecord[]> {
    const rows = await query(
      this.db,
      `SELECT a.policy_arn, p.doc FROM policy_attachments a LEFT JOIN managed_policies p ON p.arn = a.policy_arn
       WHERE a.principal_arn = $1 ORDER BY a.policy_arn`,
      [principalArn],
    );
    return rows.map((row) => {
      const attached: AttachedPolicyRecord = { principalArn, policyArn: row.policy_arn as string };
      if (row.doc !== null) attached.document = managedPolicyFromDoc(row.doc as string).document;
      return attached;
    });
  }

  async listPolicyAttachments(policyArn: string): Promise<string[]> {
    const rows = await query(this.db, 'SELECT principal_arn FROM policy_attachments WHERE policy_arn = $1 ORDER BY principal_arn', [policyArn]);
    return rows.map((row) => row.principal_arn as string);
  }

  async putManagedPolicy(policy: ManagedPolicyRecord): Promise<void> {
    await query(
      this.db,
      `INSERT INTO managed_policies (arn, account_id, doc) VALUES ($1, $2, $3)
       ON CONFLICT (arn) DO UPDATE SET account_id = excluded.account_id, doc = excluded.doc`,
      [policy.arn, policy.accountId, JSON.stringify(policy)],
    );
  }

  async deleteManagedPolicy(arn: string): Promise<void> {
    await query(this.db, 'DELETE FROM managed_policies WHERE arn = $1', [arn]);
  }

  async attachPolicy(principalArn: string, policyArn: string): Promise<void> {
    await query(this.db, 'INSERT INTO policy_attachments (principal_arn, policy_arn) VALUES ($1, $2) ON CONFLICT DO NOTHING', [principalArn, policyArn]);
  }

  async detachPolicy(principalArn: string, policyArn: string): Promise<void> {
    await query(this.db, 'DELETE FROM policy_attachments WHERE principal_arn = $1 AND policy_arn = $2', [principalArn, policyArn]);
  }
}

/** Managed policies are kept as their record in JSON, dates as ISO text. */
function managedPolicyFromDoc(doc: string): ManagedPolicyRecord {
  const parsed = JSON.parse(doc) as ManagedPolicyRecord & { createdAt: string; updatedAt: string };
  return { ...parsed, createdAt: new Date(parsed.createdAt), updatedAt: new Date(parsed.updatedAt) };
}
