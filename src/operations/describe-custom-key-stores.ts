// DescribeCustomKeyStores: the caller's custom key stores in this Region, one by id or by name, or all in pages
// (Limit 1-1000, default 1000). Never the proxy secret.

import type { DescribeCustomKeyStoresRequest, DescribeCustomKeyStoresResponse } from '../api/model.generated.js';
import { CustomKeyStoreNotFoundException, InvalidMarkerException, ValidationException } from '../api/errors.js';
import { customKeyStoreEntry } from '../domain/custom-key-store.js';
import type { OperationContext } from './context.js';
import { authorizeCustomKeyStoreAction, customKeyStoreNotFound } from './steps/custom-key-store.js';

const MARKER_PREFIX = 'openkms-cks:';

export async function describeCustomKeyStores(ctx: OperationContext, input: DescribeCustomKeyStoresRequest): Promise<DescribeCustomKeyStoresResponse> {
  if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
    throw new ValidationException('You cannot specify both CustomKeyStoreId and CustomKeyStoreName in the same request.');
  }
  await authorizeCustomKeyStoreAction(ctx);
  let stores = await ctx.store.listCustomKeyStores(ctx);
  if (input.CustomKeyStoreId !== undefined) {
    stores = stores.filter((store) => store.customKeyStoreId === input.CustomKeyStoreId);
    if (stores.length === 0) throw customKeyStoreNotFound(input.CustomKeyStoreId);
  }
  if (input.CustomKeyStoreName !== undefined) {
    stores = stores.filter((store) => store.name === input.CustomKeyStoreName);
    if (stores.length === 0) throw new CustomKeyStoreNotFoundException(`Custom key store with name '${input.CustomKeyStoreName}' does not exist.`);
  }
  const start = input.Marker === undefined ? 0 : startAfter(input.Marker, stores.map((store) => store.customKeyStoreId));
  const limit = input.Limit ?? 1000;
  const page = stores.slice(start, start + limit);
  const response: DescribeCustomKeyStoresResponse = { CustomKeyStores: page.map(customKeyStoreEntry), Truncated: start + limit < stores.length };
  if (response.Truncated) response.NextMarker = Buffer.from(`${MARKER_PREFIX}${page[page.length - 1]!.customKeyStoreId}`, 'utf8').toString('base64url');
  return response;
}

/** A marker names the last store of the previous page. */
function startAfter(marker: string, ids: string[]): number {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const index = text.startsWith(MARKER_PREFIX) ? ids.indexOf(text.slice(MARKER_PREFIX.length)) : -1;
  if (index < 0) throw new InvalidMarkerException('The request was rejected because the marker that specifies where pagination should next begin is not valid.');
  return index + 1;
}
