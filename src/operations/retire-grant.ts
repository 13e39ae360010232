// RetireGrant: deletes a grant named by its grant token, or by key ARN and grant ID. The grant itself authorizes it: its
// retiring principal, its grantee (with the RetireGrant operation), its account (docs/kms-behaviour.md 6.3).

import type { RetireGrantRequest } from '../api/model.generated.js';
import { InvalidGrantTokenException, NotFoundException, ValidationException } from '../api/errors.js';
import { grantTokenHash, INVALID_GRANT_TOKEN } from '../authz/grant-token.js';
import { assertGrantId } from '../domain/grant.js';
import { keyNotFound, parseKeyReference } from '../domain/identifiers.js';
import type { OperationContext } from './context.js';
import { encryptionContextConditions, stopIfDryRun } from './steps/crypto-key.js';

/** [?] No AWS text is known for an unknown grant ID (docs/kms-behaviour.md A.3). */
export function grantNotFound(grantId: string): NotFoundException {
  return new NotFoundException(`Grant ID ${grantId} not found`);
}

export async function retireGrant(ctx: OperationContext, input: RetireGrantRequest): Promise<void> {
  const { keyArn, grantId } = await grantNamed(ctx, input);
  const reference = parseKeyReference(keyArn, ctx, { allowAlias: false });
  if (reference.kind !== 'key') throw new NotFoundException(`Invalid keyId '${keyArn}'`);
  const key = await ctx.store.getKey(reference.scope, reference.keyId);
  if (!key) throw keyNotFound(reference.scope, reference.keyId);
  ctx.audit.resources.push(key);
  const grant = await ctx.store.getGrant(key.arn, grantId);
  if (!grant) throw grantNotFound(grantId);
  const constraintTypes = Object.keys(grant.constraints ?? {})
    .filter((name) => name !== 'sourceArn')
    .map((name) => name.charAt(0).toUpperCase() + name.slice(1));
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:RetireGrant',
    resource: key.arn,
    key,
    retiringGrant: grant,
    conditions: {
      'kms:GrantConstraintType': constraintTypes.length > 0 ? constraintTypes : undefined,
      ...encryptionContextConditions({ ...grant.constraints?.encryptionContextSubset, ...grant.constraints?.encryptionContextEquals }),
    },
  });
  stopIfDryRun(input.DryRun);
  await ctx.commit(async (tx) => {
    if (!(await tx.getGrant(key.arn, grantId))) throw grantNotFound(grantId);
    await tx.deleteGrant(key.arn, grantId);
  });
}

/** The grant a token names (a token can retire a grant at once, 6.3), or the one a KeyId and GrantId name. */
async function grantNamed(ctx: OperationContext, input: RetireGrantRequest): Promise<{ keyArn: string; grantId: string }> {
  if (input.GrantToken !== undefined) {
    const issued = await ctx.store.grantOfToken(grantTokenHash(input.GrantToken));
    if (!issued) throw new InvalidGrantTokenException(INVALID_GRANT_TOKEN);
    return issued;
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    throw new ValidationException('You must specify either a GrantToken, or both a KeyId and a GrantId.');
  }
  assertGrantId(input.GrantId);
  // The KeyId is the key ARN; a bare key id names a key of the caller's account.
  const reference = parseKeyReference(input.KeyId, ctx, { allowAlias: false });
  if (reference.kind !== 'key') throw new NotFoundException(`Invalid keyId '${input.KeyId}'`);
  const key = await ctx.store.getKey(reference.scope, reference.keyId);
  if (!key) throw keyNotFound(reference.scope, reference.keyId);
  return { keyArn: key.arn, grantId: input.GrantId };
}
