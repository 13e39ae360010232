// Managing principals on a store, for `openkms admin`: accounts, users, roles with trust policies, access keys and
// inline identity policies, through the IAM API's own code (iam/) run as the account's root user, so both follow the
// same names, quotas and checks. Secrets are sealed by the store like key material.

import { newAccessKeyId, newSecretAccessKey } from '../auth/access-key-generator.js';
import type { Caller } from '../domain/caller.js';
import type { IamResult, Transact } from '../iam/iam-context.js';
import { asIamError } from '../iam/iam-error.js';
import { IamService } from '../iam/iam-service.js';
import type { AccessKeySummary, PrincipalRecord, Store } from '../storage/repository.js';

export class PrincipalAdminError extends Error {
  override readonly name = 'PrincipalAdminError';
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export const userArn = (accountId: string, userName: string) => `arn:aws:iam::${accountId}:user/${userName}`;
export const roleArn = (accountId: string, roleName: string) => `arn:aws:iam::${accountId}:role/${roleName}`;
export const rootArn = (accountId: string) => `arn:aws:iam::${accountId}:root`;

function assertAccountId(accountId: string): void {
  if (!/^\d{12}$/.test(accountId)) throw new PrincipalAdminError(`an account id is 12 digits: ${accountId}`);
}

function assertName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new PrincipalAdminError(`${kind} name must be 1-64 letters, digits and +=,.@_-: ${name}`);
}

async function requireAccount(store: Store, accountId: string): Promise<void> {
  assertAccountId(accountId);
  if (!(await store.accountExists(accountId))) throw new PrincipalAdminError(`account ${accountId} does not exist (create-account first)`);
}

async function requirePrincipal(store: Store, arn: string, kinds: readonly PrincipalRecord['kind'][]): Promise<PrincipalRecord> {
  const principal = await store.getPrincipal(arn);
  if (!principal || !kinds.includes(principal.kind)) throw new PrincipalAdminError(`${arn} does not exist`);
  return principal;
}

export async function createAccount(store: Store, accountId: string): Promise<void> {
  assertAccountId(accountId);
  await store.write((tx) => tx.putAccount(accountId));
}

export async function createUser(store: Store, accountId: string, userName: string): Promise<PrincipalRecord> {
  assertName('user', userName);
  await requireAccount(store, accountId);
  await asAccountRoot(store, accountId, 'CreateUser', { UserName: userName });
  return requirePrincipal(store, userArn(accountId, userName), ['user']);
}

export async function createRole(
  store: Store,
  accountId: string,
  roleName: string,
  trustPolicy: string,
  maxSessionDurationSeconds = 3600,
): Promise<PrincipalRecord> {
  assertName('role', roleName);
  await requireAccount(store, accountId);
  if (!Number.isInteger(maxSessionDurationSeconds) || maxSessionDurationSeconds < 3600 || maxSessionDurationSeconds > 43200) {
    throw new PrincipalAdminError('the maximum session duration is 3600 to 43200 seconds');
  }
  await asAccountRoot(store, accountId, 'CreateRole', {
    RoleName: roleName,
    AssumeRolePolicyDocument: trustPolicy,
    MaxSessionDuration: String(maxSessionDurationSeconds),
  });
  return requirePrincipal(store, roleArn(accountId, roleName), ['role']);
}

export async function updateAssumeRolePolicy(store: Store, arn: string, trustPolicy: string): Promise<void> {
  const { accountId, name } = await entityOf(store, arn, ['role']);
  await asAccountRoot(store, accountId, 'UpdateAssumeRolePolicy', { RoleName: name, PolicyDocument: trustPolicy });
}

/** A new long-term access key for a user (IAM's CreateAccessKey), or for the account's root user (created on first use). */
export async function createAccessKey(store: Store, principalArn: string, now: Date): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const root = /^arn:aws:iam::(\d{12}):root$/.exec(principalArn);
  if (!root) {
    const { accountId, name } = await entityOf(store, principalArn, ['user']);
    const result = await asAccountRoot(store, accountId, 'CreateAccessKey', { UserName: name }, now);
    const key = result.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  }
  // The root user's keys are the operator's to manage here: IAM's per-user quota is not theirs.
  await requireAccount(store, root[1]!);
  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  await store.write(async (tx) => {
    if (!(await tx.getPrincipal(principalArn))) {
      await tx.putPrincipal({ accountId: root[1]!, arn: principalArn, kind: 'root', name: 'root', principalId: root[1]! });
    }
    await tx.putAccessKey({ accessKeyId, secretAccessKey, principalArn, createdAt: now });
  });
  return { accessKeyId, secretAccessKey };
}

export async function deleteAccessKey(store: Store, accessKeyId: string): Promise<void> {
  if (!(await store.getAccessKey(accessKeyId))) throw new PrincipalAdminError(`access key ${accessKeyId} does not exist`);
  await store.write((tx) => tx.deleteAccessKey(accessKeyId));
}

/** IAM's PutUserPolicy / PutRolePolicy: the document must be valid identity-policy grammar (no Principal). */
export async function putIdentityPolicy(store: Store, principalArn: string, policyName: string, document: string): Promise<void> {
  if (!POLICY_NAME.test(policyName)) throw new PrincipalAdminError(`policy name must be 1-128 letters, digits and +=,.@_-: ${policyName}`);
  const { accountId, kind, name } = await entityOf(store, principalArn, ['user', 'role']);
  const params: Record<string, string> = kind === 'user' ? { UserName: name } : { RoleName: name };
  await asAccountRoot(store, accountId, kind === 'user' ? 'PutUserPolicy' : 'PutRolePolicy', { ...params, PolicyName: policyName, PolicyDocument: document });
}

export async function deleteIdentityPolicy(store: Store, principalArn: string, policyName: string): Promise<void> {
  const { accountId, kind, name } = await entityOf(store, principalArn, ['user', 'role']);
  if (!(await store.listIdentityPolicies(principalArn)).some((p) => p.policyName === policyName)) {
    throw new PrincipalAdminError(`${principalArn} has no policy named ${policyName}`);
  }
  const params: Record<string, string> = kind === 'user' ? { UserName: name } : { RoleName: name };
  await asAccountRoot(store, accountId, kind === 'user' ? 'DeleteUserPolicy' : 'DeleteRolePolicy', { ...params, PolicyName: policyName });
}

/** The user or role of an ARN, which must exist. */
async function entityOf(store: Store, arn: string, kinds: readonly ('user' | 'role')[]): Promise<PrincipalRecord & { kind: 'user' | 'role' }> {
  const principal = await requirePrincipal(store, arn, kinds);
  return principal as PrincipalRecord & { kind: 'user' | 'role' };
}

/**
 * Runs an IAM API action as the account's root user, who may do anything in its account: `openkms admin` makes and
 * changes principals with the IAM API's own rules (names, quotas, policy checks). IAM's errors become this module's.
 */
async function asAccountRoot(store: Store, accountId: string, action: string, params: Record<string, string>, now = new Date()): Promise<IamResult> {
  const caller: Caller = { accountId, arn: rootArn(accountId), kind: 'root', principalId: accountId, accessKeyId: '' };
  try {
    // `openkms admin` works offline on the data directory and records nothing, as before the IAM API.
    const transact: Transact = (work) => store.write(work);
    return await new IamService(store, false).call({ action, params: new URLSearchParams(params), caller, now, transact });
  } catch (thrown) {
    const error = asIamError(thrown);
    if (error) throw new PrincipalAdminError(`${error.code}: ${error.message}`);
    throw thrown;
  }
}

export interface PrincipalListing {
  arn: string;
  kind: PrincipalRecord['kind'];
  principalId: string;
  accessKeys: AccessKeySummary[];
  policies: string[];
  trustPolicy?: unknown;
}

/** Every account with its principals, their access key ids (never secrets) and policy names. */
export async function listPrincipals(store: Store, now: Date, accountId?: string): Promise<{ accountId: string; principals: PrincipalListing[] }[]> {
  const accounts = accountId === undefined ? await store.listAccounts() : [accountId];
  const out = [];
  for (const account of accounts) {
    const principals: PrincipalListing[] = [];
    for (const principal of await store.listPrincipals(account)) {
      const listing: PrincipalListing = {
        arn: principal.arn,
        kind: principal.kind,
        principalId: principal.principalId,
        // Temporary credentials of role sessions are listed with their role; expired ones are left out.
        accessKeys: (await store.listAccessKeys(principal.arn)).filter((k) => k.expiration === undefined || k.expiration > now),
        policies: (await store.listIdentityPolicies(principal.arn)).map((p) => p.policyName),
      };
      if (principal.kind === 'role') {
        const settings = await store.getRoleSettings(principal.arn);
        if (settings) listing.trustPolicy = JSON.parse(settings.trustPolicy);
      }
      principals.push(listing);
    }
    out.push({ accountId: account, principals });
  }
  return out;
}
