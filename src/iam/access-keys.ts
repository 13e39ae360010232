// IAM access keys of users (and of the account's root user, when it calls without a UserName): CreateAccessKey returns
// the secret once; the store seals it (row-sealer.ts) and nothing shows it again. An Inactive key does not authenticate.

import { newAccessKeyId, newSecretAccessKey } from '../auth/access-key-generator.js';
import type { AccessKeyStatus, AccessKeySummary, PrincipalRecord } from '../storage/repository.js';
import type { IamCallContext, IamOperation, IamResult } from './iam-context.js';
import { iamValidationError, limitExceeded, noSuchEntity } from './iam-error.js';
import type { IamInput } from './iam-input.js';
import { pageInput, RULES } from './iam-names.js';
import { pageOf } from './pagination.js';
import { authorizedByName } from './users.js';

const ACCESS_KEYS_PER_USER = 2;
const STATUSES: readonly AccessKeyStatus[] = ['Active', 'Inactive'];

interface KeyOwner {
  arn: string;
  /** Absent for the root user. */
  userName?: string;
}

/** The user named by UserName, or the caller itself (a user, or the account root) when it is absent. */
async function ownerOf(ctx: IamCallContext, input: IamInput, action: string): Promise<KeyOwner> {
  const userName = input.text('UserName', RULES.userName);
  input.check();
  if (userName !== undefined) {
    const user: PrincipalRecord = await authorizedByName(ctx, userName, action);
    return { arn: user.arn, userName: user.name };
  }
  const { caller } = ctx;
  if (caller.kind === 'role-session') throw iamValidationError('Must specify userName when calling with non-User credentials');
  await ctx.authorize(action, caller.arn);
  return caller.kind === 'root' ? { arn: caller.arn } : { arn: caller.arn, ...(caller.userName ? { userName: caller.userName } : {}) };
}

function metadata(owner: KeyOwner, key: AccessKeySummary): IamResult {
  return { UserName: owner.userName, AccessKeyId: key.accessKeyId, Status: key.status ?? 'Active', CreateDate: key.createdAt };
}

export const createAccessKey: IamOperation = async (ctx, input) => {
  const owner = await ownerOf(ctx, input, 'iam:CreateAccessKey');
  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  const createdAt = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
  // The trail shows the new key's id, never its secret.
  ctx.responseElements = {
    accessKey: { ...(owner.userName ? { userName: owner.userName } : {}), accessKeyId, status: 'Active', createDate: createdAt.toISOString() },
  };
  await ctx.commit(async (tx) => {
    const existing = (await tx.listAccessKeys(owner.arn)).filter((k) => k.expiration === undefined);
    if (existing.length >= ACCESS_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    if (!owner.userName && !(await tx.getPrincipal(owner.arn))) {
      await tx.putPrincipal({ accountId: ctx.caller.accountId, arn: owner.arn, kind: 'root', name: 'root', principalId: ctx.caller.accountId });
    }
    await tx.putAccessKey({ accessKeyId, secretAccessKey, principalArn: owner.arn, createdAt, status: 'Active' });
  });
  return { AccessKey: { UserName: owner.userName, AccessKeyId: accessKeyId, Status: 'Active', SecretAccessKey: secretAccessKey, CreateDate: createdAt } };
};

export const listAccessKeys: IamOperation = async (ctx, input) => {
  const { maxItems, marker } = pageInput(input);
  const owner = await ownerOf(ctx, input, 'iam:ListAccessKeys');
  const keys = (await ctx.store.listAccessKeys(owner.arn)).filter((k) => k.expiration === undefined);
  const page = pageOf(keys, (k) => `${k.createdAt.toISOString()} ${k.accessKeyId}`, maxItems, marker);
  return { AccessKeyMetadata: page.items.map((k) => metadata(owner, k)), IsTruncated: page.isTruncated, Marker: page.marker };
};

export const updateAccessKey: IamOperation = async (ctx, input) => {
  const accessKeyId = input.text('AccessKeyId', { ...RULES.accessKeyId, required: true });
  const status = input.oneOf('Status', STATUSES, true);
  const owner = await ownerOf(ctx, input, 'iam:UpdateAccessKey');
  await ctx.commit(async (tx) => {
    await requireKeyOf(tx, owner, accessKeyId);
    await tx.setAccessKeyStatus(accessKeyId, status!);
  });
  return {};
};

export const deleteAccessKey: IamOperation = async (ctx, input) => {
  const accessKeyId = input.text('AccessKeyId', { ...RULES.accessKeyId, required: true });
  const owner = await ownerOf(ctx, input, 'iam:DeleteAccessKey');
  await ctx.commit(async (tx) => {
    await requireKeyOf(tx, owner, accessKeyId);
    await tx.deleteAccessKey(accessKeyId);
  });
  return {};
};

/** Another user's key (or a role session's) is not found, as IAM answers: a key id reveals nothing of its owner. */
async function requireKeyOf(tx: Pick<IamCallContext['store'], 'listAccessKeys'>, owner: KeyOwner, accessKeyId: string): Promise<void> {
  const keys = await tx.listAccessKeys(owner.arn);
  if (!keys.some((k) => k.accessKeyId === accessKeyId && k.expiration === undefined)) {
    throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  }
}
