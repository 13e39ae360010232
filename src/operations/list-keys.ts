// ListKeys: the keys of the caller's account in this Region, with Limit (1-1000, default 100) and Marker pagination.

import type { ListKeysRequest, ListKeysResponse } from '../api/model.generated.js';
import type { OperationContext } from './context.js';

export async function listKeys(ctx: OperationContext, input: ListKeysRequest): Promise<ListKeysResponse> {
  await ctx.authorizer.authorize(ctx, { action: 'kms:ListKeys', resource: '*' });
  const page = await ctx.store.listKeys(ctx, input.Limit ?? 100, input.Marker);
  const response: ListKeysResponse = {
    Keys: page.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
    Truncated: page.nextMarker !== undefined,
  };
  if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
  return response;
}
