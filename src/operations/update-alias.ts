// UpdateAlias: points an existing alias at another key of the same type and key usage (docs/kms-behaviour.md 6.1).
// The new target may not be pending deletion; the current one may.

import type { UpdateAliasRequest } from '../api/model.generated.js';
import { KMSInvalidStateException, ValidationException } from '../api/errors.js';
import { aliasArn, aliasNotFound } from '../domain/identifiers.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import { keyFamily } from '../domain/key-spec.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { OperationContext } from './context.js';
import { assertExistingAliasName } from './existing-alias-name.js';
import { resolveAliasTarget } from './alias-target.js';

export async function updateAlias(ctx: OperationContext, input: UpdateAliasRequest): Promise<void> {
  assertExistingAliasName(input.AliasName);
  const alias = await ctx.store.getAlias(ctx, input.AliasName);
  if (!alias) throw aliasNotFound(ctx, input.AliasName);
  const newKey = await resolveAliasTarget(ctx, input.TargetKeyId);
  const currentKey = await ctx.store.getKey(ctx, alias.targetKeyId);
  await ctx.authorizer.authorize(ctx, { action: 'kms:UpdateAlias', resource: aliasArn(ctx, input.AliasName) });
  if (currentKey) await ctx.authorizer.authorize(ctx, { action: 'kms:UpdateAlias', resource: currentKey.arn, key: currentKey });
  await ctx.authorizer.authorize(ctx, { action: 'kms:UpdateAlias', resource: newKey.arn, key: newKey });
  if (newKey.keyState === 'PendingDeletion' || newKey.keyState === 'PendingReplicaDeletion') {
    throw new KMSInvalidStateException(`${newKey.arn} is pending deletion.`);
  }
  assertKeyStateAllows('UpdateAlias', newKey);
  if (currentKey) assertSameKind(input.AliasName, currentKey, newKey);
  await ctx.commit(async (tx) => {
    const fresh = await tx.getAlias(ctx, input.AliasName);
    if (!fresh) throw aliasNotFound(ctx, input.AliasName);
    await tx.putAlias({ ...fresh, targetKeyId: newKey.keyId, lastUpdatedDate: ctx.now });
  });
  ctx.audit.responseElements = { keyId: newKey.arn };
}

/** Old and new target must be the same key type (symmetric, asymmetric, HMAC) with the same KeyUsage. */
function assertSameKind(aliasName: string, current: KmsKey, next: KmsKey): void {
  const kind = (key: KmsKey) => {
    const family = keyFamily(key.keySpec);
    return family === 'symmetric' || family === 'hmac' ? family : 'asymmetric';
  };
  if (current.keyUsage !== next.keyUsage || kind(current) !== kind(next)) {
    throw new ValidationException(
      `Alias ${aliasName} cannot be changed from a CMK with key usage ${current.keyUsage} to a CMK with key usage ${next.keyUsage}. ` +
        'The key usage of the current CMK and the new CMK must be the same.',
    );
  }
}
