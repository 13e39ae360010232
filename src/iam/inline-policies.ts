// Inline identity policies of users and roles: Put/Get/List/Delete User/RolePolicy. They take effect at once for
// KMS, STS and IAM calls: the authorizer reads them from the store on every call (authz/identity-policies.ts).

import { parsePolicyDocument } from '../policy/index.js';
import type { PrincipalRecord } from '../storage/repository.js';
import type { IamCallContext, IamOperation } from './iam-context.js';
import { limitExceeded, noSuchEntity } from './iam-error.js';
import type { IamInput } from './iam-input.js';
import { pageInput, RULES } from './iam-names.js';
import { policySize } from './entities.js';
import { pageOf } from './pagination.js';
import { authorizedRole } from './roles.js';
import { authorizedByName } from './users.js';

type Holder = 'user' | 'role';

/** IAM's quotas on the aggregate size of a user's and a role's inline policies (characters, white space not counted). */
const AGGREGATE_MAX: Record<Holder, number> = { user: 2048, role: 10240 };

async function holderOf(ctx: IamCallContext, input: IamInput, kind: Holder, action: string): Promise<PrincipalRecord> {
  if (kind === 'role') return authorizedRole(ctx, input, action);
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  input.check();
  return authorizedByName(ctx, userName, action);
}

const label = (kind: Holder) => (kind === 'user' ? 'User' : 'Role');

export function putPolicy(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const policyName = input.text('PolicyName', { ...RULES.policyName, required: true });
    const document = input.text('PolicyDocument', { ...RULES.policyDocument, required: true });
    const holder = await holderOf(ctx, input, kind, `iam:Put${label(kind)}Policy`);
    parsePolicyDocument(document, { kind: 'identity' });
    await ctx.commit(async (tx) => {
      const others = (await tx.listIdentityPolicies(holder.arn)).filter((p) => p.policyName !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(document));
      if (total > AGGREGATE_MAX[kind]) throw limitExceeded(`Maximum policy size of ${AGGREGATE_MAX[kind]} bytes exceeded for ${kind} ${holder.name}`);
      await tx.putIdentityPolicy({ principalArn: holder.arn, policyName, document });
    });
    return {};
  };
}

export function getPolicy(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const policyName = input.text('PolicyName', { ...RULES.policyName, required: true });
    const holder = await holderOf(ctx, input, kind, `iam:Get${label(kind)}Policy`);
    const policy = (await ctx.store.listIdentityPolicies(holder.arn)).find((p) => p.policyName === policyName);
    if (!policy) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
    // Documents go out URL-encoded, as IAM sends them.
    return { [`${label(kind)}Name`]: holder.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(policy.document) };
  };
}

export function listPolicies(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const { maxItems, marker } = pageInput(input);
    const holder = await holderOf(ctx, input, kind, `iam:List${label(kind)}Policies`);
    const names = (await ctx.store.listIdentityPolicies(holder.arn)).map((p) => p.policyName);
    const page = pageOf(names, (name) => name, maxItems, marker);
    return { PolicyNames: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
  };
}

export function deletePolicy(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const policyName = input.text('PolicyName', { ...RULES.policyName, required: true });
    const holder = await holderOf(ctx, input, kind, `iam:Delete${label(kind)}Policy`);
    await ctx.commit(async (tx) => {
      if (!(await tx.listIdentityPolicies(holder.arn)).some((p) => p.policyName === policyName)) {
        throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
      }
      await tx.deleteIdentityPolicy(holder.arn, policyName);
    });
    return {};
  };
}
