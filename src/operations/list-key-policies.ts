// ListKeyPolicies: always `["default"]`, never truncated (kms-behaviour.md 2.6).

import type { ListKeyPoliciesRequest, ListKeyPoliciesResponse } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function listKeyPolicies(ctx: OperationContext, input: ListKeyPoliciesRequest): Promise<ListKeyPoliciesResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  return { PolicyNames: ['default'], Truncated: false };
}
