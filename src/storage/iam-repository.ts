// The IAM role of the store: accounts, principals (users, roles), access keys with their sealed secrets, inline
// identity policies and role settings. Secret access keys are sealed under the root key (row-sealer.ts).

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

/** An access key without its secret, for listings. */
export type AccessKeySummary = Omit<AccessKeyRecord, 'secretAccessKey' | 'sessionTokenHash'>;

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

export interface IamReader {
  getAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  getPrincipal(arn: string): Promise<PrincipalRecord | undefined>;
  /** By account, then ARN. */
  listPrincipals(accountId?: string): Promise<PrincipalRecord[]>;
  accountExists(accountId: string): Promise<boolean>;
  /** By policy name. */
  listIdentityPolicies(principalArn: string): Promise<IdentityPolicyRecord[]>;
  getRoleSettings(roleArn: string): Promise<RoleSettingsRecord | undefined>;
  /** Oldest first, without secrets. */
  listAccessKeys(principalArn: string): Promise<AccessKeySummary[]>;
  /** Sorted. */
  listAccounts(): Promise<string[]>;
}

export interface IamWriter {
  /** Idempotent. */
  putAccount(accountId: string): Promise<void>;
  /** Stores a principal, or updates the kind and name of the one with its ARN (its principalId stays). */
  putPrincipal(principal: PrincipalRecord): Promise<void>;
  putAccessKey(accessKey: AccessKeyRecord): Promise<void>;
  deleteAccessKey(accessKeyId: string): Promise<void>;
  putIdentityPolicy(policy: IdentityPolicyRecord): Promise<void>;
  deleteIdentityPolicy(principalArn: string, policyName: string): Promise<void>;
  putRoleSettings(settings: RoleSettingsRecord): Promise<void>;
}
