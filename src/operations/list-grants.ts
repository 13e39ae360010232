// ListGrants: the grants of one key (key id or key ARN, also of another account), optionally only one GrantId or one
// grantee; Limit 1-100 (default 50) with Marker pagination (docs/kms-behaviour.md 6.3).

import type { ListGrantsRequest, ListGrantsResponse } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import { assertGrantId, grantListEntry } from '../domain/grant.js';
import { partitionOf } from '../domain/identifiers.js';
import type { GrantFilter } from '../storage/repository.js';
import type { OperationContext } from './context.js';
import { resolveKey } from './steps/resolve-key.js';

export async function listGrants(ctx: OperationContext, input: ListGrantsRequest): Promise<ListGrantsResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:ListGrants',
    resource: key.arn,
    key,
    conditions: { 'kms:GrantIsForAWSResource': false },
  });
  if (input.GranteePrincipal !== undefined && input.GranteeServicePrincipal !== undefined) {
    throw new ValidationException('You can specify either GranteePrincipal or GranteeServicePrincipal, but not both.');
  }
  const filter: GrantFilter = {};
  if (input.GrantId !== undefined) {
    assertGrantId(input.GrantId);
    filter.grantId = input.GrantId;
  }
  if (input.GranteePrincipal !== undefined) filter.granteePrincipal = input.GranteePrincipal;
  if (input.GranteeServicePrincipal !== undefined) filter.granteeServicePrincipal = input.GranteeServicePrincipal;
  const page = await ctx.store.listGrants(key.arn, input.Limit ?? 50, input.Marker, filter);
  const response: ListGrantsResponse = {
    Grants: page.items.map((grant) => grantListEntry(grant, partitionOf(key.region))),
    Truncated: page.nextMarker !== undefined,
  };
  if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
  return response;
}
