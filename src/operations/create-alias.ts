// CreateAlias: a new alias name for a customer managed key of this account and Region (docs/kms-behaviour.md 6.1).
// Authorized twice, as AWS does: on the alias (identity policy) and on the key (key policy).

import type { CreateAliasRequest } from '../api/model.generated.js';
import { AlreadyExistsException, LimitExceededException } from '../api/errors.js';
import { assertCustomerAliasName } from '../domain/alias-name.js';
import { aliasArn } from '../domain/identifiers.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import type { OperationContext } from './context.js';
import { resolveAliasTarget } from './steps/alias-target.js';

export const MAX_ALIASES_PER_KEY = 50;

export async function createAlias(ctx: OperationContext, input: CreateAliasRequest): Promise<void> {
  assertCustomerAliasName(input.AliasName);
  const key = await resolveAliasTarget(ctx, input.TargetKeyId);
  const arn = aliasArn(ctx, input.AliasName);
  await ctx.authorizer.authorize(ctx, { action: 'kms:CreateAlias', resource: arn });
  await ctx.authorizer.authorize(ctx, { action: 'kms:CreateAlias', resource: key.arn, key });
  await ctx.commit(async (tx) => {
    const fresh = await tx.getKey(key, key.keyId);
    assertKeyStateAllows('CreateAlias', fresh ?? key);
    if (await tx.getAlias(ctx, input.AliasName)) throw new AlreadyExistsException(`An alias with the name ${arn} already exists`);
    if ((await tx.countAliases(ctx, key.keyId)) >= MAX_ALIASES_PER_KEY) {
      throw new LimitExceededException(`A KMS key can have at most ${MAX_ALIASES_PER_KEY} aliases: ${key.arn}`);
    }
    await tx.putAlias({
      accountId: ctx.accountId,
      region: ctx.region,
      aliasName: input.AliasName,
      targetKeyId: key.keyId,
      creationDate: ctx.now,
      lastUpdatedDate: ctx.now,
    });
  });
  ctx.audit.responseElements = { keyId: key.arn };
}
