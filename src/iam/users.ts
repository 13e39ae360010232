// IAM users: CreateUser, GetUser, ListUsers, DeleteUser and their tags (TagUser, UntagUser, ListUserTags).

import { newPrincipalId } from '../auth/access-key-generator.js';
import type { PrincipalRecord } from '../storage/repository.js';
import type { IamCallContext, IamOperation, IamResult } from './iam-context.js';
import { deleteConflict, entityAlreadyExists, iamValidationError, limitExceeded } from './iam-error.js';
import type { IamInput } from './iam-input.js';
import { entityArn, pageInput, RULES } from './iam-names.js';
import { createdAtOf, findEntity, pathOf, requireUser } from './entities.js';
import { pageOf } from './pagination.js';
import { assertDistinctKeys, mergeTags, removeTags, tagKeysInput } from './tags.js';

const USERS_PER_ACCOUNT = 5000;

export function userShape(user: PrincipalRecord, withTags: boolean): IamResult {
  return {
    Path: pathOf(user),
    UserName: user.name,
    UserId: user.principalId,
    Arn: user.arn,
    CreateDate: createdAtOf(user),
    ...(withTags && user.tags && user.tags.length > 0 ? { Tags: user.tags } : {}),
  };
}

export const createUser: IamOperation = async (ctx, input) => {
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  const path = input.text('Path', RULES.path) ?? '/';
  const tags = input.tags();
  input.check();
  if (tags) assertDistinctKeys(tags);
  const accountId = ctx.caller.accountId;
  const arn = entityArn(accountId, 'user', path, userName);
  await ctx.authorize('iam:CreateUser', arn);
  const user: PrincipalRecord = {
    accountId,
    arn,
    kind: 'user',
    name: userName,
    principalId: newPrincipalId('AIDA'),
    path,
    createdAt: new Date(Math.floor(ctx.now.getTime() / 1000) * 1000),
    tags: tags ?? [],
  };
  ctx.responseElements = { user: auditShape(user) };
  await ctx.commit(async (tx) => {
    // Checked in the transaction: two CreateUser calls for one name cannot both succeed.
    if (await findEntity(tx, accountId, 'user', userName)) throw entityAlreadyExists(`User with name ${userName} already exists.`);
    const count = (await tx.listPrincipals(accountId)).filter((p) => p.kind === 'user').length;
    if (count >= USERS_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${USERS_PER_ACCOUNT}`);
    await tx.putAccount(accountId);
    await tx.putPrincipal(user);
  });
  return { User: userShape(user, true) };
};

export const getUser: IamOperation = async (ctx, input) => {
  const userName = input.text('UserName', RULES.userName);
  input.check();
  const accountId = ctx.caller.accountId;
  if (userName === undefined) {
    // Without a name, GetUser describes the caller: a user, or the account's root user.
    if (ctx.caller.kind === 'role-session') throw iamValidationError('Must specify userName when calling with non-User credentials');
    await ctx.authorize('iam:GetUser', ctx.caller.arn);
    if (ctx.caller.kind === 'root') return { User: { UserId: accountId, Arn: ctx.caller.arn, CreateDate: new Date(0) } };
    return { User: userShape(await requireUser(ctx.store, accountId, ctx.caller.userName ?? ''), true) };
  }
  const found = await findEntity(ctx.store, accountId, 'user', userName);
  await ctx.authorize('iam:GetUser', found?.arn ?? entityArn(accountId, 'user', '/', userName));
  return { User: userShape(await requireUser(ctx.store, accountId, userName), true) };
};

export const listUsers: IamOperation = async (ctx, input) => {
  const pathPrefix = input.text('PathPrefix', RULES.pathPrefix) ?? '/';
  const { maxItems, marker } = pageInput(input);
  input.check();
  await ctx.authorize('iam:ListUsers', '*');
  const users = (await ctx.store.listPrincipals(ctx.caller.accountId))
    .filter((p) => p.kind === 'user' && pathOf(p).startsWith(pathPrefix))
    .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()));
  const page = pageOf(users, (u) => u.name.toLowerCase(), maxItems, marker);
  return { Users: page.items.map((u) => userShape(u, false)), IsTruncated: page.isTruncated, Marker: page.marker };
};

export const deleteUser: IamOperation = async (ctx, input) => {
  const user = await authorizedUser(ctx, input, 'iam:DeleteUser');
  await ctx.commit(async (tx) => {
    if ((await tx.listAccessKeys(user.arn)).length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if ((await tx.listIdentityPolicies(user.arn)).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if ((await tx.listAttachedPolicies(user.arn)).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    await tx.deletePrincipal(user.arn);
  });
  return {};
};

export const tagUser: IamOperation = async (ctx, input) => {
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  const tags = input.tags() ?? [];
  if (tags.length === 0) input.text('Tags', { min: 1, max: 50, required: true });
  input.check();
  const user = await authorizedByName(ctx, userName, 'iam:TagUser');
  await ctx.commit(async (tx) => {
    const current = (await tx.getPrincipal(user.arn)) ?? user;
    await tx.putPrincipal({ ...current, tags: mergeTags(current.tags ?? [], tags, 'User') });
  });
  return {};
};

export const untagUser: IamOperation = async (ctx, input) => {
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  const keys = tagKeysInput(input);
  input.check();
  const user = await authorizedByName(ctx, userName, 'iam:UntagUser');
  await ctx.commit(async (tx) => {
    const current = (await tx.getPrincipal(user.arn)) ?? user;
    await tx.putPrincipal({ ...current, tags: removeTags(current.tags ?? [], keys) });
  });
  return {};
};

export const listUserTags: IamOperation = async (ctx, input) => {
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  const { maxItems, marker } = pageInput(input);
  input.check();
  const user = await authorizedByName(ctx, userName, 'iam:ListUserTags');
  const page = pageOf(user.tags ?? [], (t) => t.Key, maxItems, marker);
  return { Tags: page.items, IsTruncated: page.isTruncated, Marker: page.marker };
};

/** The user named by `UserName`, once the caller may perform `action` on it (authorized before it is looked up). */
async function authorizedUser(ctx: IamCallContext, input: IamInput, action: string): Promise<PrincipalRecord> {
  const userName = input.text('UserName', { ...RULES.userName, required: true });
  input.check();
  return authorizedByName(ctx, userName, action);
}

export async function authorizedByName(ctx: IamCallContext, userName: string, action: string): Promise<PrincipalRecord> {
  const accountId = ctx.caller.accountId;
  const found = await findEntity(ctx.store, accountId, 'user', userName);
  await ctx.authorize(action, found?.arn ?? entityArn(accountId, 'user', '/', userName));
  return found ?? requireUser(ctx.store, accountId, userName);
}

function auditShape(user: PrincipalRecord): Record<string, unknown> {
  return { path: pathOf(user), userName: user.name, userId: user.principalId, arn: user.arn, createDate: createdAtOf(user).toISOString() };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
