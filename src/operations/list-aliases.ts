// ListAliases: the aliases of the caller's account and Region, or of one key (KeyId: key id or key ARN);
// Limit 1-100 (default 50) with Marker pagination. TargetKeyId is the key id, not the ARN (docs/kms-behaviour.md 6.1).

import type { ListAliasesRequest, ListAliasesResponse } from '../api/model.generated.js';
import { aliasArn, keyNotFound } from '../domain/identifiers.js';
import type { OperationContext } from './context.js';
import { resolveKey } from './steps/resolve-key.js';

export async function listAliases(ctx: OperationContext, input: ListAliasesRequest): Promise<ListAliasesResponse> {
  const key = input.KeyId === undefined ? undefined : (await resolveKey(ctx, input.KeyId, { allowAlias: false })).key;
  // Not a cross-account operation (kms-behaviour.md 7.1): another account's key is not one the caller can list.
  if (key && key.accountId !== ctx.accountId) throw keyNotFound(key, key.keyId);
  await ctx.authorizer.authorize(ctx, { action: 'kms:ListAliases', resource: '*' });
  const scope = key ?? ctx;
  const page = await ctx.store.listAliases(scope, input.Limit ?? 50, input.Marker, key?.keyId);
  const response: ListAliasesResponse = {
    Aliases: page.items.map((alias) => ({
      AliasName: alias.aliasName,
      AliasArn: aliasArn(alias, alias.aliasName),
      TargetKeyId: alias.targetKeyId,
      CreationDate: alias.creationDate,
      LastUpdatedDate: alias.lastUpdatedDate,
    })),
    Truncated: page.nextMarker !== undefined,
  };
  if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
  return response;
}
