// Managed policies: customer managed ones (CreatePolicy, GetPolicy, GetPolicyVersion, ListPolicyVersions,
// ListPolicies, DeletePolicy; one version, v1) and the AWS managed ones policy/ knows; attaching them to users and
// roles (Attach/Detach/ListAttached User/RolePolicies). Attached policies count in every authorization at once.

import { createHash } from 'node:crypto';
import { newPrincipalId } from '../auth/access-key-generator.js';
import { accessDeniedMessage, AWS_MANAGED_POLICIES, parsePolicyDocument } from '../policy/index.js';
import type { ManagedPolicyRecord, PrincipalRecord } from '../storage/repository.js';
import type { IamCallContext, IamOperation, IamResult } from './iam-context.js';
import { deleteConflict, entityAlreadyExists, iamAccessDenied, invalidInput, limitExceeded, noSuchEntity } from './iam-error.js';
import type { IamInput } from './iam-input.js';
import { entityArn, pageInput, parsePolicyArn, RULES } from './iam-names.js';
import { policySize } from './entities.js';
import { pageOf } from './pagination.js';
import { authorizedRole } from './roles.js';
import { assertDistinctKeys } from './tags.js';
import { authorizedByName, compare } from './users.js';

/** IAM's default quotas: a managed policy's size (characters, white space not counted), policies per user or role. */
const POLICY_SIZE_MAX = 6144;
const ATTACHED_MAX = 10;
const POLICIES_PER_ACCOUNT = 1500;

type Holder = 'user' | 'role';
const label = (kind: Holder) => (kind === 'user' ? 'User' : 'Role');

/** A managed policy as IAM describes it, customer managed or AWS managed. */
export interface Described {
  record: ManagedPolicyRecord;
  awsManaged: boolean;
}

export function awsManaged(arn: string): Described | undefined {
  const known = AWS_MANAGED_POLICIES.get(arn);
  if (!known) return undefined;
  const policyId = `ANPA${createHash('sha256').update(arn).digest('hex').slice(0, 17).toUpperCase()}`;
  return {
    awsManaged: true,
    record: {
      arn,
      accountId: 'aws',
      policyName: known.name,
      policyId,
      path: '/',
      document: known.document,
      defaultVersionId: known.versionId,
      createdAt: known.createdAt,
      updatedAt: known.updatedAt,
    },
  };
}

const notAttachable = (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);

/** The policy of `arn` that the caller may see: its own account's or an AWS managed one; another account's is denied. */
async function readablePolicy(ctx: IamCallContext, arn: string, action: string): Promise<Described> {
  const parts = parsePolicyArn(arn);
  if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
  if (parts.accountId !== 'aws' && parts.accountId !== ctx.caller.accountId) {
    // Another account's policies are invisible: the answer does not depend on whether it exists.
    throw iamAccessDenied(accessDeniedMessage(ctx.caller.arn, action, arn, 'no-resource-policy'));
  }
  await ctx.authorize(action, arn);
  const found = parts.accountId === 'aws' ? awsManaged(arn) : await customer(ctx, arn);
  if (!found) throw notAttachable(arn);
  return found;
}

async function customer(ctx: IamCallContext, arn: string): Promise<Described | undefined> {
  const record = await ctx.store.getManagedPolicy(arn);
  return record ? { record, awsManaged: false } : undefined;
}

export async function policyShape(ctx: IamCallContext, { record }: Described, withTags: boolean): Promise<IamResult> {
  return {
    PolicyName: record.policyName,
    PolicyId: record.policyId,
    Arn: record.arn,
    Path: record.path,
    DefaultVersionId: record.defaultVersionId,
    AttachmentCount: (await ctx.store.listPolicyAttachments(record.arn)).filter((p) => p.split(':')[4] === ctx.caller.accountId).length,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: record.description || undefined,
    CreateDate: record.createdAt,
    UpdateDate: record.updatedAt,
    ...(withTags && record.tags && record.tags.length > 0 ? { Tags: record.tags } : {}),
  };
}

const policyArnInput = (input: IamInput) => input.text('PolicyArn', { ...RULES.policyArn, required: true });

export const createPolicy: IamOperation = async (ctx, input) => {
  const policyName = input.text('PolicyName', { ...RULES.policyName, required: true });
  const path = input.text('Path', RULES.path) ?? '/';
  const document = input.text('PolicyDocument', { ...RULES.policyDocument, required: true });
  const description = input.text('Description', RULES.policyDescription);
  const tags = input.tags();
  input.check();
  if (tags) assertDistinctKeys(tags);
  const accountId = ctx.caller.accountId;
  const arn = entityArn(accountId, 'policy', path, policyName);
  await ctx.authorize('iam:CreatePolicy', arn);
  parsePolicyDocument(document, { kind: 'identity' });
  if (policySize(document) > POLICY_SIZE_MAX) throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_SIZE_MAX}`);
  const now = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
  const record: ManagedPolicyRecord = {
    arn,
    accountId,
    policyName,
    policyId: newPrincipalId('ANPA'),
    path,
    document,
    defaultVersionId: 'v1',
    createdAt: now,
    updatedAt: now,
    ...(description ? { description } : {}),
    ...(tags ? { tags } : {}),
  };
  ctx.responseElements = { policy: { policyName, policyId: record.policyId, arn, path, defaultVersionId: 'v1', createDate: now.toISOString() } };
  await ctx.commit(async (tx) => {
    const existing = await tx.listManagedPolicies(accountId);
    if (existing.some((p) => p.policyName.toLowerCase() === policyName.toLowerCase())) {
      throw entityAlreadyExists(`A policy called ${policyName} already exists. Duplicate names are not allowed.`);
    }
    if (existing.length >= POLICIES_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${POLICIES_PER_ACCOUNT}`);
    await tx.putAccount(accountId);
    await tx.putManagedPolicy(record);
  });
  return { Policy: await policyShape(ctx, { record, awsManaged: false }, true) };
};

export const getPolicy: IamOperation = async (ctx, input) => {
  const arn = policyArnInput(input);
  input.check();
  return { Policy: await policyShape(ctx, await readablePolicy(ctx, arn, 'iam:GetPolicy'), true) };
};

export const getPolicyVersion: IamOperation = async (ctx, input) => {
  const arn = policyArnInput(input);
  const versionId = input.text('VersionId', { ...RULES.versionId, required: true });
  input.check();
  const { record } = await readablePolicy(ctx, arn, 'iam:GetPolicyVersion');
  if (versionId !== record.defaultVersionId) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
  return { PolicyVersion: versionShape(record) };
};

export const listPolicyVersions: IamOperation = async (ctx, input) => {
  const arn = policyArnInput(input);
  pageInput(input);
  input.check();
  const { record } = await readablePolicy(ctx, arn, 'iam:ListPolicyVersions');
  const { Document: _document, ...version } = versionShape(record);
  return { Versions: [version], IsTruncated: false };
};

export function versionShape(record: ManagedPolicyRecord) {
  return { Document: encodeURIComponent(record.document), VersionId: record.defaultVersionId, IsDefaultVersion: true, CreateDate: record.updatedAt };
}

const SCOPES = ['All', 'AWS', 'Local'] as const;

export const listPolicies: IamOperation = async (ctx, input) => {
  const scope = input.oneOf('Scope', SCOPES, false) ?? 'All';
  const onlyAttached = input.oneOf('OnlyAttached', ['true', 'false'], false) === 'true';
  const pathPrefix = input.text('PathPrefix', RULES.pathPrefix) ?? '/';
  input.oneOf('PolicyUsageFilter', ['PermissionsPolicy', 'PermissionsBoundary'], false);
  const { maxItems, marker } = pageInput(input);
  input.check();
  await ctx.authorize('iam:ListPolicies', '*');
  const described: Described[] = [];
  if (scope !== 'AWS') for (const record of await ctx.store.listManagedPolicies(ctx.caller.accountId)) described.push({ record, awsManaged: false });
  if (scope !== 'Local') for (const arn of AWS_MANAGED_POLICIES.keys()) described.push(awsManaged(arn)!);
  const shapes: IamResult[] = [];
  for (const policy of described.filter((d) => d.record.path.startsWith(pathPrefix))) {
    const shape = await policyShape(ctx, policy, false);
    if (!onlyAttached || (shape.AttachmentCount as number) > 0) shapes.push(shape);
  }
  shapes.sort((a, b) => compare(a.Arn as string, b.Arn as string));
  const page = pageOf(shapes, (s) => s.Arn as string, maxItems, marker);
  return { Policies: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
};

export const deletePolicy: IamOperation = async (ctx, input) => {
  const arn = policyArnInput(input);
  input.check();
  const policy = await readablePolicy(ctx, arn, 'iam:DeletePolicy');
  if (policy.awsManaged) throw iamAccessDenied(accessDeniedMessage(ctx.caller.arn, 'iam:DeletePolicy', arn, 'no-resource-policy'));
  await ctx.commit(async (tx) => {
    if ((await tx.listPolicyAttachments(arn)).length > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
    await tx.deleteManagedPolicy(arn);
  });
  return {};
};

async function holderOf(ctx: IamCallContext, input: IamInput, kind: Holder, action: string, policyArn?: string): Promise<PrincipalRecord> {
  const context = policyArn !== undefined ? { 'iam:PolicyARN': policyArn } : undefined;
  const scoped: IamCallContext = context ? { ...ctx, authorize: (a, r) => ctx.authorize(a, r, context) } : ctx;
  if (kind === 'role') return authorizedRole(scoped, input, action);
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  input.check();
  return authorizedByName(scoped, userName, action);
}

export function attachPolicy(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const arn = policyArnInput(input);
    const holder = await holderOf(ctx, input, kind, `iam:Attach${label(kind)}Policy`, arn);
    const parts = parsePolicyArn(arn);
    if (!parts) throw invalidInput(`ARN ${arn} is not valid.`);
    await ctx.commit(async (tx) => {
      const exists = parts.accountId === 'aws' ? AWS_MANAGED_POLICIES.has(arn) : parts.accountId === ctx.caller.accountId && (await tx.getManagedPolicy(arn)) !== undefined;
      if (!exists) throw notAttachable(arn);
      const attached = await tx.listAttachedPolicies(holder.arn);
      if (attached.some((a) => a.policyArn === arn)) return;
      if (attached.length >= ATTACHED_MAX) throw limitExceeded(`Cannot exceed quota for PoliciesPer${label(kind)}: ${ATTACHED_MAX}`);
      await tx.attachPolicy(holder.arn, arn);
    });
    return {};
  };
}

export function detachPolicy(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const arn = policyArnInput(input);
    const holder = await holderOf(ctx, input, kind, `iam:Detach${label(kind)}Policy`, arn);
    await ctx.commit(async (tx) => {
      if (!(await tx.listAttachedPolicies(holder.arn)).some((a) => a.policyArn === arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
      await tx.detachPolicy(holder.arn, arn);
    });
    return {};
  };
}

export function listAttachedPolicies(kind: Holder): IamOperation {
  return async (ctx, input) => {
    const pathPrefix = input.text('PathPrefix', RULES.pathPrefix) ?? '/';
    const { maxItems, marker } = pageInput(input);
    const holder = await holderOf(ctx, input, kind, `iam:ListAttached${label(kind)}Policies`);
    const attached = [];
    for (const { policyArn } of await ctx.store.listAttachedPolicies(holder.arn)) {
      const parts = parsePolicyArn(policyArn);
      if (parts && parts.path.startsWith(pathPrefix)) attached.push({ PolicyName: parts.name, PolicyArn: policyArn });
    }
    const page = pageOf(attached, (a) => a.PolicyArn, maxItems, marker);
    return { AttachedPolicies: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
  };
}
