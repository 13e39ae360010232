// The identity policies that apply to a caller: a user's own (inline, and the managed policies attached to it), a role
// session's role's, none for an account root (who holds every IAM permission of its account). Dev-mode callers that
// exist nowhere act as administrators.

import type { Caller } from '../domain/caller.js';
import { AWS_MANAGED_POLICIES, cachedPolicy, parsePolicyDocument, type PolicyDocument } from '../policy/index.js';
import type { StoreReader } from '../storage/repository.js';

/** The identity policy of the bootstrap administrator, and of --dev callers that are not in the store. */
export const ADMINISTRATOR_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
});

const administrator: readonly PolicyDocument[] = [parsePolicyDocument(ADMINISTRATOR_POLICY, { kind: 'identity' })];

/** The IAM identity that policies are attached to: the user, or the role behind a session. */
export function policyHolderArn(caller: Pick<Caller, 'kind' | 'arn' | 'roleArn'>): string | undefined {
  if (caller.kind === 'user') return caller.arn;
  if (caller.kind === 'role-session') return caller.roleArn;
  return undefined;
}

export async function identityPoliciesOf(store: StoreReader, caller: Caller, dev: boolean): Promise<readonly PolicyDocument[]> {
  const holder = policyHolderArn(caller);
  if (holder === undefined) return [];
  const inline = await store.listIdentityPolicies(holder);
  const attached = await store.listAttachedPolicies(holder);
  if (inline.length === 0 && attached.length === 0) {
    // --dev: an access key id nobody created names a made-up user (auth/authenticator.ts); it may do anything IAM allows.
    if (dev && !(await store.getPrincipal(holder))) return administrator;
    return [];
  }
  const documents = [
    ...inline.map((record) => record.document),
    // A managed policy not in the store is an AWS managed one (policy/aws-managed-policies.ts).
    ...attached.map((record) => record.document ?? AWS_MANAGED_POLICIES.get(record.policyArn)?.document),
  ];
  const policies: PolicyDocument[] = [];
  for (const document of documents) {
    if (document === undefined) continue;
    // Stored policies were validated when written; one that no longer parses grants nothing rather than failing calls.
    try {
      policies.push(cachedPolicy(document, 'identity'));
    } catch {
      continue;
    }
  }
  return policies;
}
