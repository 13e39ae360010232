// RevokeGrant: deletes a grant of a key; authorized by kms:RevokeGrant on the key, typically for key administrators.
// A grant token cannot revoke (docs/kms-behaviour.md 6.3). Allowed in every key state.

import type { RevokeGrantRequest } from '../api/model.generated.js';
import { assertGrantId } from '../domain/grant.js';
import type { OperationContext } from './context.js';
import { stopIfDryRun } from './steps/crypto-key.js';
import { grantNotFound } from './retire-grant.js';
import { resolveKey } from './steps/resolve-key.js';

export async function revokeGrant(ctx: OperationContext, input: RevokeGrantRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:RevokeGrant',
    resource: key.arn,
    key,
    conditions: { 'kms:GrantIsForAWSResource': false },
  });
  assertGrantId(input.GrantId);
  if (!(await ctx.store.getGrant(key.arn, input.GrantId))) throw grantNotFound(input.GrantId);
  stopIfDryRun(input.DryRun);
  await ctx.commit(async (tx) => {
    if (!(await tx.getGrant(key.arn, input.GrantId))) throw grantNotFound(input.GrantId);
    await tx.deleteGrant(key.arn, input.GrantId);
  });
}
