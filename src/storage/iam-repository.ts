// The IAM role of the store: accounts, principals (users, roles), access keys with their sealed secrets, inline
// identity policies, role settings, customer managed policies and their attachments. Secret access keys are sealed
// under the root key (row-sealer.ts).

export type PrincipalKind = 'root' | 'user' | 'role' | 'role-session';

export interface PrincipalRecord {
  accountId: string;
  arn: string;
  kind: PrincipalKind;
  name: string;
  /** AWS's unique id (AIDA… for users, AROA… for roles). */
  principalId: string;
  /** IAM's path (`/` unless given); part of the ARN, before the name. Absent on principals made before the IAM API. */
  path?: string;
  createdAt?: Date;
  /** IAM tags, in the order they were added. */
  tags?: IamTag[];
  /** A role's description. */
  description?: string;
}

export interface IamTag {
  Key: string;
  Value: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

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
  /** IAM's UpdateAccessKey: an Inactive key does not authenticate. Absent means Active. */
  status?: AccessKeyStatus;
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

/** A customer managed policy (IAM's CreatePolicy), with its one version. */
export interface ManagedPolicyRecord {
  arn: string;
  accountId: string;
  policyName: string;
  /** ANPA… */
  policyId: string;
  path: string;
  /** The default version's document (JSON text), validated when it was stored. */
  document: string;
  defaultVersionId: string;
  description?: string;
  createdAt: Date;
  updatedAt: Date;
  tags?: IamTag[];
}

/** A managed policy attached to a user or role; `document` is absent when the policy is not stored (AWS managed). */
export interface AttachedPolicyRecord {
  principalArn: string;
  policyArn: string;
  document?: string;
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
  getManagedPolicy(arn: string): Promise<ManagedPolicyRecord | undefined>;
  /** The account's customer managed policies, by ARN. */
  listManagedPolicies(accountId: string): Promise<ManagedPolicyRecord[]>;
  /** The managed policies attached to a user or role, by policy ARN, with the documents of those that are stored. */
  listAttachedPolicies(principalArn: string): Promise<AttachedPolicyRecord[]>;
  /** The users and roles a managed policy is attached to, sorted. */
  listPolicyAttachments(policyArn: string): Promise<string[]>;
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
  /** Removes a principal and its role settings (its access keys, policies and attachments are the caller's to remove). */
  deletePrincipal(arn: string): Promise<void>;
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): Promise<void>;
  /** Stores a managed policy, or replaces the one with its ARN. */
  putManagedPolicy(policy: ManagedPolicyRecord): Promise<void>;
  deleteManagedPolicy(arn: string): Promise<void>;
  /** Idempotent. */
  attachPolicy(principalArn: string, policyArn: string): Promise<void>;
  detachPolicy(principalArn: string, policyArn: string): Promise<void>;
}
