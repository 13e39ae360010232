// The target of CreateAlias/UpdateAlias: a key id or key ARN of a key in the caller's own account and Region; an alias
// is not a valid target (docs/kms-behaviour.md 6.1, A.3).

import { ValidationException } from '../../api/errors.js';
import { keyNotFound, parseKeyReference } from '../../domain/identifiers.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { OperationContext } from '../context.js';

export async function resolveAliasTarget(ctx: OperationContext, targetKeyId: string): Promise<KmsKey> {
  if (targetKeyId.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:\d*:alias\//.test(targetKeyId)) {
    throw new ValidationException('Aliases must refer to keys. Not aliases');
  }
  const reference = parseKeyReference(targetKeyId, ctx, { allowAlias: false });
  if (reference.kind !== 'key') throw new ValidationException('Aliases must refer to keys. Not aliases');
  // Only keys of the caller's own account: an ARN of another account names no key the alias may point to.
  const key = reference.scope.accountId === ctx.accountId ? await ctx.store.getKey(ctx, reference.keyId) : undefined;
  if (!key) throw keyNotFound(reference.scope, reference.keyId);
  ctx.audit.resources.push(key);
  return key;
}
