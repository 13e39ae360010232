// IAM roles: CreateRole (with its trust policy), GetRole, ListRoles, UpdateRole, DeleteRole, UpdateAssumeRolePolicy
// and their tags. A role is assumed through STS AssumeRole (sts/assume-role.ts), which reads the trust policy stored here.

import { newPrincipalId } from '../auth/access-key-generator.js';
import type { PrincipalRecord, RoleSettingsRecord, StoreReader } from '../storage/repository.js';
import { validateTrustPolicy } from '../sts/trust-policy.js';
import type { IamCallContext, IamOperation, IamResult } from './iam-context.js';
import { deleteConflict, entityAlreadyExists, invalidInput, limitExceeded, malformedPolicyDocument } from './iam-error.js';
import type { IamInput } from './iam-input.js';
import { entityArn, pageInput, RULES } from './iam-names.js';
import { createdAtOf, findEntity, pathOf, policySize, requireRole } from './entities.js';
import { pageOf } from './pagination.js';
import { assertDistinctKeys, mergeTags, removeTags, tagKeysInput } from './tags.js';
import { unknownTrustPrincipal } from './trust-principals.js';
import { compare } from './users.js';

const ROLES_PER_ACCOUNT = 1000;
/** IAM's default quota on the length of a role trust policy. */
const TRUST_POLICY_MAX = 2048;
const DEFAULT_MAX_SESSION = 3600;

export async function roleShape(store: StoreReader, role: PrincipalRecord, detail: boolean): Promise<IamResult> {
  const settings = await store.getRoleSettings(role.arn);
  return {
    Path: pathOf(role),
    RoleName: role.name,
    RoleId: role.principalId,
    Arn: role.arn,
    CreateDate: createdAtOf(role),
    // IAM returns policy documents URL-encoded (RFC 3986); the aws CLI decodes them.
    AssumeRolePolicyDocument: settings ? encodeURIComponent(settings.trustPolicy) : undefined,
    Description: role.description || undefined,
    MaxSessionDuration: settings?.maxSessionDurationSeconds ?? DEFAULT_MAX_SESSION,
    ...(detail && role.tags && role.tags.length > 0 ? { Tags: role.tags } : {}),
    ...(detail ? { RoleLastUsed: {} } : {}),
  };
}

/** The trust policy's grammar (it must name principals), its size quota, and (but in --dev) that its principals exist. */
async function checkTrustPolicy(ctx: IamCallContext, document: string): Promise<void> {
  const policy = validateTrustPolicy(document);
  if (policySize(document) > TRUST_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
  if (ctx.dev) return;
  const unknown = await unknownTrustPrincipal(ctx.store, policy);
  if (unknown) throw malformedPolicyDocument(`Invalid principal in policy: "AWS":"${unknown.arn ?? unknown.account}"`);
}

export const createRole: IamOperation = async (ctx, input) => {
  const roleName = input.text('RoleName', { ...RULES.roleName, required: true });
  const path = input.text('Path', RULES.path) ?? '/';
  const trustPolicy = input.text('AssumeRolePolicyDocument', { ...RULES.policyDocument, required: true });
  const description = input.text('Description', RULES.roleDescription);
  const maxSession = input.integer('MaxSessionDuration', 3600, 43200) ?? DEFAULT_MAX_SESSION;
  const boundary = input.text('PermissionsBoundary', RULES.policyArn);
  const tags = input.tags();
  input.check();
  if (tags) assertDistinctKeys(tags);
  // Ignoring a permissions boundary would grant the role more than its creator meant: refused instead.
  if (boundary !== undefined) throw invalidInput('Permissions boundaries are not supported by openkms.');
  const accountId = ctx.caller.accountId;
  const arn = entityArn(accountId, 'role', path, roleName);
  await ctx.authorize('iam:CreateRole', arn);
  await checkTrustPolicy(ctx, trustPolicy);
  const role: PrincipalRecord = {
    accountId,
    arn,
    kind: 'role',
    name: roleName,
    principalId: newPrincipalId('AROA'),
    path,
    createdAt: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000),
    tags: tags ?? [],
    ...(description !== undefined ? { description } : {}),
  };
  ctx.responseElements = { role: { path, roleName, roleId: role.principalId, arn, createDate: role.createdAt!.toISOString() } };
  await ctx.commit(async (tx) => {
    if (await findEntity(tx, accountId, 'role', roleName)) throw entityAlreadyExists(`Role with name ${roleName} already exists.`);
    const count = (await tx.listPrincipals(accountId)).filter((p) => p.kind === 'role').length;
    if (count >= ROLES_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
    await tx.putAccount(accountId);
    await tx.putPrincipal(role);
    await tx.putRoleSettings({ roleArn: arn, trustPolicy, maxSessionDurationSeconds: maxSession });
  });
  const shape = await roleShape(ctx.store, role, false);
  return { Role: { ...shape, ...(tags && tags.length > 0 ? { Tags: tags } : {}) } };
};

export const getRole: IamOperation = async (ctx, input) => {
  const role = await authorizedRole(ctx, input, 'iam:GetRole');
  return { Role: await roleShape(ctx.store, role, true) };
};

export const listRoles: IamOperation = async (ctx, input) => {
  const pathPrefix = input.text('PathPrefix', RULES.pathPrefix) ?? '/';
  const { maxItems, marker } = pageInput(input);
  input.check();
  await ctx.authorize('iam:ListRoles', '*');
  const roles = (await ctx.store.listPrincipals(ctx.caller.accountId))
    .filter((p) => p.kind === 'role' && pathOf(p).startsWith(pathPrefix))
    .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()));
  const page = pageOf(roles, (r) => r.name.toLowerCase(), maxItems, marker);
  const items = [];
  for (const role of page.items) items.push(await roleShape(ctx.store, role, false));
  return { Roles: items, IsTruncated: page.isTruncated, Marker: page.marker };
};

export const updateRole: IamOperation = async (ctx, input) => {
  const description = input.text('Description', RULES.roleDescription);
  const maxSession = input.integer('MaxSessionDuration', 3600, 43200);
  const role = await authorizedRole(ctx, input, 'iam:UpdateRole');
  await ctx.commit(async (tx) => {
    const current = (await tx.getPrincipal(role.arn)) ?? role;
    if (description !== undefined) await tx.putPrincipal({ ...current, description });
    if (maxSession !== undefined) {
      const settings = await tx.getRoleSettings(role.arn);
      if (settings) await tx.putRoleSettings({ ...settings, maxSessionDurationSeconds: maxSession });
    }
  });
  return {};
};

export const updateAssumeRolePolicy: IamOperation = async (ctx, input) => {
  const document = input.text('PolicyDocument', { ...RULES.policyDocument, required: true });
  const role = await authorizedRole(ctx, input, 'iam:UpdateAssumeRolePolicy');
  await checkTrustPolicy(ctx, document);
  await ctx.commit(async (tx) => {
    const settings: RoleSettingsRecord = (await tx.getRoleSettings(role.arn)) ?? {
      roleArn: role.arn,
      trustPolicy: document,
      maxSessionDurationSeconds: DEFAULT_MAX_SESSION,
    };
    await tx.putRoleSettings({ ...settings, trustPolicy: document });
  });
  return {};
};

export const deleteRole: IamOperation = async (ctx, input) => {
  const role = await authorizedRole(ctx, input, 'iam:DeleteRole');
  await ctx.commit(async (tx) => {
    if ((await tx.listIdentityPolicies(role.arn)).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await tx.listAttachedPolicies(role.arn)).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    // The role's temporary credentials go with it: sessions of a role that no longer exists authenticate as nobody.
    for (const session of await tx.listAccessKeys(role.arn)) await tx.deleteAccessKey(session.accessKeyId);
    await tx.deletePrincipal(role.arn);
  });
  return {};
};

export const tagRole: IamOperation = async (ctx, input) => {
  const tags = input.tags() ?? [];
  if (tags.length === 0) input.text('Tags', { min: 1, max: 50, required: true });
  const role = await authorizedRole(ctx, input, 'iam:TagRole');
  await ctx.commit(async (tx) => {
    const current = (await tx.getPrincipal(role.arn)) ?? role;
    await tx.putPrincipal({ ...current, tags: mergeTags(current.tags ?? [], tags, 'Role') });
  });
  return {};
};

export const untagRole: IamOperation = async (ctx, input) => {
  const keys = tagKeysInput(input);
  const role = await authorizedRole(ctx, input, 'iam:UntagRole');
  await ctx.commit(async (tx) => {
    const current = (await tx.getPrincipal(role.arn)) ?? role;
    await tx.putPrincipal({ ...current, tags: removeTags(current.tags ?? [], keys) });
  });
  return {};
};

/** openkms has no instance profiles; Terraform asks before it deletes a role. */
export const listInstanceProfilesForRole: IamOperation = async (ctx, input) => {
  pageInput(input);
  await authorizedRole(ctx, input, 'iam:ListInstanceProfilesForRole');
  return { InstanceProfiles: [], IsTruncated: false };
};

export const listRoleTags: IamOperation = async (ctx, input) => {
  const { maxItems, marker } = pageInput(input);
  const role = await authorizedRole(ctx, input, 'iam:ListRoleTags');
  const page = pageOf(role.tags ?? [], (t) => t.Key, maxItems, marker);
  return { Tags: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
};

/** The role named by `RoleName` (after the other members were read), once the caller may perform `action` on it. */
export async function authorizedRole(ctx: IamCallContext, input: IamInput, action: string): Promise<PrincipalRecord> {
  const roleName = input.text('RoleName', { ...RULES.roleName, required: true });
  input.check();
  const accountId = ctx.caller.accountId;
  const found = await findEntity(ctx.store, accountId, 'role', roleName);
  await ctx.authorize(action, found?.arn ?? entityArn(accountId, 'role', '/', roleName));
  return found ?? requireRole(ctx.store, accountId, roleName);
}
