// The authorizer's check of a key policy before CreateKey or PutKeyPolicy stores it: the 32 KB limit, the grammar,
// principals that exist, and the policy lockout safety check (docs/kms-behaviour.md 2.6).

import { MalformedPolicyDocumentException } from '../api/errors.js';
import type { Caller } from '../domain/caller.js';
import {
  assertNoLockOut,
  checkKeyPolicySize,
  INVALID_PRINCIPALS,
  parsePolicyDocument,
  type PolicyDocument,
} from '../policy/index.js';
import type { PrincipalSet } from '../policy/policy-types.js';
import type { StoreReader } from '../storage/repository.js';
import type { KeyPolicyCheck } from '../operations/context.js';
import { identityPoliciesOf } from './identity-policies.js';
import { keyConditions } from './key-conditions.js';

export async function validateKeyPolicy(store: StoreReader, caller: Caller, check: KeyPolicyCheck, dev: boolean): Promise<void> {
  // Size first: a policy over 32 KB is LimitExceededException whatever it contains.
  checkKeyPolicySize(check.policy);
  const policy = parsePolicyDocument(check.policy, { kind: 'key' });
  if (!dev) await assertPrincipalsExist(store, policy);
  if (check.bypassLockoutSafetyCheck) return;
  const identityPolicies = await identityPoliciesOf(store, caller, dev);
  assertNoLockOut(policy, caller, identityPolicies, check.key.arn, check.key.accountId, {
    ...keyConditions(check.key),
    'kms:BypassPolicyLockoutSafetyCheck': false,
  });
}

/**
 * Every account and IAM principal a Principal or NotPrincipal names must exist in openkms; otherwise AWS's
 * `Policy contains a statement with one or more invalid principals.` (2.6, A.1).
 */
async function assertPrincipalsExist(store: StoreReader, policy: PolicyDocument): Promise<void> {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const collect = (set: PrincipalSet | undefined) => {
    if (!set) return;
    for (const account of set.accounts) accounts.add(account);
    for (const arn of set.arns) arns.add(arn);
  };
  for (const statement of policy.statements) {
    collect(statement.principal);
    collect(statement.notPrincipal);
  }
  for (const account of accounts) if (!(await store.accountExists(account))) throw invalidPrincipals();
  for (const arn of arns) if (!(await principalExists(store, arn))) throw invalidPrincipals();
}

const invalidPrincipals = () => new MalformedPolicyDocumentException(INVALID_PRINCIPALS);

const SESSION = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;
const FEDERATED = /^arn:[^:]+:sts::(\d{12}):federated-user\//;

const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;

/** Users and roles by their ARN; an account root, a federated user by the account; a session by its role (any path). */
export async function principalExists(store: StoreReader, arn: string): Promise<boolean> {
  const root = ROOT.exec(arn);
  if (root) return store.accountExists(root[1]!);
  const session = SESSION.exec(arn);
  if (session) {
    const [, accountId, roleName] = session as unknown as [string, string, string];
    return (await store.listPrincipals(accountId)).some((p) => p.kind === 'role' && p.name === roleName);
  }
  const federated = FEDERATED.exec(arn);
  if (federated) return store.accountExists(federated[1]!);
  // Principals are stored under the `aws` partition; a policy may name them in the Region's partition.
  const principal = await store.getPrincipal(arn.replace(/^arn:aws-(?:cn|us-gov):/, 'arn:aws:'));
  return principal !== undefined && principal.kind !== 'root';
}
