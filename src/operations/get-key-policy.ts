// GetKeyPolicy: the key policy text as stored. The only policy name is `default` (kms-behaviour.md 2.6).

import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { assertPolicyName } from './steps/policy-name.js';
import { resolveKey } from './steps/resolve-key.js';

export async function getKeyPolicy(ctx: OperationContext, input: GetKeyPolicyRequest): Promise<GetKeyPolicyResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  assertPolicyName(input.PolicyName);
  return { Policy: key.policy, PolicyName: 'default' };
}
