// GetAccountAuthorizationDetails: every user and role of the caller's account with its inline and attached policies,
// and the managed policies (the account's own, and the AWS managed ones attached to something), paged as one listing.

import type { PrincipalRecord } from '../storage/repository.js';
import type { IamCallContext, IamOperation, IamResult } from './iam-context.js';
import { awsManaged, policyShape, versionShape, type Described } from './managed-policies.js';
import { pageInput, parsePolicyArn } from './iam-names.js';
import { pageOf } from './pagination.js';
import { roleShape } from './roles.js';
import { userShape } from './users.js';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Filter = (typeof FILTERS)[number];

interface Entry {
  /** Sorts users, then roles, then policies, each by name: the paging key. */
  key: string;
  list: 'UserDetailList' | 'RoleDetailList' | 'Policies';
  detail: () => Promise<IamResult>;
}

export const getAccountAuthorizationDetails: IamOperation = async (ctx, input) => {
  const filters = new Set<Filter>();
  for (const name of new Set(input.params.keys())) {
    if (!/^Filter\.member\.\d+$/.test(name)) continue;
    const filter = input.oneOf(name, FILTERS, true);
    if (filter) filters.add(filter);
  }
  const { maxItems, marker } = pageInput(input);
  input.check();
  await ctx.authorize('iam:GetAccountAuthorizationDetails', '*');
  const wants = (filter: Filter) => filters.size === 0 || filters.has(filter);
  const principals = await ctx.store.listPrincipals(ctx.caller.accountId);
  const entries: Entry[] = [];
  const attachedAws = new Set<string>();
  for (const principal of principals) {
    if (principal.kind !== 'user' && principal.kind !== 'role') continue;
    for (const { policyArn } of await ctx.store.listAttachedPolicies(principal.arn)) if (policyArn.includes(':aws:policy/')) attachedAws.add(policyArn);
    if (principal.kind === 'user' && wants('User')) {
      entries.push({ key: `1 ${principal.name.toLowerCase()}`, list: 'UserDetailList', detail: () => userDetail(ctx, principal) });
    }
    if (principal.kind === 'role' && wants('Role')) {
      entries.push({ key: `2 ${principal.name.toLowerCase()}`, list: 'RoleDetailList', detail: () => roleDetail(ctx, principal) });
    }
  }
  const policies: Described[] = [];
  if (wants('LocalManagedPolicy')) for (const record of await ctx.store.listManagedPolicies(ctx.caller.accountId)) policies.push({ record, awsManaged: false });
  if (wants('AWSManagedPolicy')) for (const arn of attachedAws) policies.push(awsManaged(arn)!);
  for (const policy of policies) {
    entries.push({ key: `3 ${policy.record.arn}`, list: 'Policies', detail: async () => policyDetail(ctx, policy) });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = pageOf(entries, (e) => e.key, maxItems, marker);
  const lists: Record<Entry['list'], IamResult[]> = { UserDetailList: [], RoleDetailList: [], Policies: [] };
  for (const entry of page.items) lists[entry.list].push(await entry.detail());
  return { UserDetailList: lists.UserDetailList, GroupDetailList: [], RoleDetailList: lists.RoleDetailList, Policies: lists.Policies, IsTruncated: page.isTruncated, Marker: page.marker };
};

async function inlineAndAttached(ctx: IamCallContext, principal: PrincipalRecord) {
  const inline = (await ctx.store.listIdentityPolicies(principal.arn)).map((p) => ({ PolicyName: p.policyName, PolicyDocument: encodeURIComponent(p.document) }));
  const attached = (await ctx.store.listAttachedPolicies(principal.arn)).map(({ policyArn }) => ({ PolicyName: parsePolicyArn(policyArn)?.name, PolicyArn: policyArn }));
  return { inline, attached };
}

async function userDetail(ctx: IamCallContext, user: PrincipalRecord): Promise<IamResult> {
  const { inline, attached } = await inlineAndAttached(ctx, user);
  const { Tags, ...shape } = userShape(user, true);
  return { ...shape, UserPolicyList: inline, GroupList: [], AttachedManagedPolicies: attached, Tags };
}

async function roleDetail(ctx: IamCallContext, role: PrincipalRecord): Promise<IamResult> {
  const { inline, attached } = await inlineAndAttached(ctx, role);
  const { Tags, RoleLastUsed, Description: _description, MaxSessionDuration: _max, ...shape } = await roleShape(ctx.store, role, true);
  return { ...shape, InstanceProfileList: [], RolePolicyList: inline, AttachedManagedPolicies: attached, Tags, RoleLastUsed };
}

async function policyDetail(ctx: IamCallContext, policy: Described): Promise<IamResult> {
  const { Tags: _tags, ...shape } = await policyShape(ctx, policy, false);
  return { ...shape, PolicyVersionList: [versionShape(policy.record)] };
}
