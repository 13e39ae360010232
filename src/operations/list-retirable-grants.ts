// ListRetirableGrants: grants whose retiring principal is the given principal of the caller's own account, on keys of
// any account; authorized by identity policies only, on the principal as resource (docs/kms-behaviour.md 6.3).

import type { ListGrantsResponse, ListRetirableGrantsRequest } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import { accountOfPrincipalArn, grantListEntry, invalidPrincipal } from '../domain/grant.js';
import { partitionOf } from '../domain/identifiers.js';
import { accessDenied } from '../policy/index.js';
import type { OperationContext } from './context.js';

export async function listRetirableGrants(ctx: OperationContext, input: ListRetirableGrantsRequest): Promise<ListGrantsResponse> {
  if ((input.RetiringPrincipal === undefined) === (input.RetiringServicePrincipal === undefined)) {
    throw new ValidationException('You must specify either RetiringPrincipal or RetiringServicePrincipal, but not both.');
  }
  const principal = input.RetiringPrincipal ?? input.RetiringServicePrincipal!;
  await ctx.authorizer.authorize(ctx, { action: 'kms:ListRetirableGrants', resource: principal });
  // The RetiringServicePrincipal filter is only for callers in a service principal, which openkms never has.
  if (input.RetiringPrincipal === undefined) return { Grants: [], Truncated: false };
  const account = accountOfPrincipalArn(principal);
  if (account === undefined) throw invalidPrincipal(principal);
  // Only principals of the caller's own account: another account's grants are not the caller's to see.
  if (account !== ctx.caller.accountId) throw accessDenied(ctx.caller.arn, 'kms:ListRetirableGrants', principal, 'no-identity-policy');
  const page = await ctx.store.listRetirableGrants(principal, input.Limit ?? 50, input.Marker);
  const response: ListGrantsResponse = {
    Grants: page.items.map((grant) => grantListEntry(grant, partitionOf(grant.region))),
    Truncated: page.nextMarker !== undefined,
  };
  if (page.nextMarker !== undefined) response.NextMarker = page.nextMarker;
  return response;
}
