// ListResourceTags: a key's tags in the order they were added, Limit 1-50 (default 50) with an opaque Marker.

import type { ListResourceTagsRequest, ListResourceTagsResponse } from '../api/model.generated.js';
import { decodeMarker, encodeMarker } from '../storage/records.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function listResourceTags(ctx: OperationContext, input: ListResourceTagsRequest): Promise<ListResourceTagsResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  const start = input.Marker === undefined ? 0 : decodeMarker(input.Marker);
  const limit = input.Limit ?? 50;
  const tags = key.tags.slice(start, start + limit);
  const truncated = start + limit < key.tags.length;
  const response: ListResourceTagsResponse = { Tags: tags, Truncated: truncated };
  if (truncated) response.NextMarker = encodeMarker(start + limit);
  return response;
}
