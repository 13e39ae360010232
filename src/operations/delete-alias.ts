// DeleteAlias: removes an alias; the key it points to is untouched. Allowed whatever the key's state.

import type { DeleteAliasRequest } from '../api/model.generated.js';
import { aliasArn, aliasNotFound } from '../domain/identifiers.js';
import type { OperationContext } from './context.js';
import { assertExistingAliasName } from './existing-alias-name.js';

export async function deleteAlias(ctx: OperationContext, input: DeleteAliasRequest): Promise<void> {
  assertExistingAliasName(input.AliasName);
  const alias = await ctx.store.getAlias(ctx, input.AliasName);
  if (!alias) throw aliasNotFound(ctx, input.AliasName);
  const key = await ctx.store.getKey(ctx, alias.targetKeyId);
  await ctx.authorizer.authorize(ctx, { action: 'kms:DeleteAlias', resource: aliasArn(ctx, input.AliasName) });
  if (key) {
    ctx.audit.resources.push(key);
    await ctx.authorizer.authorize(ctx, { action: 'kms:DeleteAlias', resource: key.arn, key });
  }
  await ctx.commit(async (tx) => {
    if (!(await tx.getAlias(ctx, input.AliasName))) throw aliasNotFound(ctx, input.AliasName);
    await tx.deleteAlias(ctx, input.AliasName);
  });
  if (key) ctx.audit.responseElements = { keyId: key.arn };
}
