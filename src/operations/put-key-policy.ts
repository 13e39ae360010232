// PutKeyPolicy: replaces the key policy after its size and syntax checks; allowed in every key state.

import type { PutKeyPolicyRequest } from '../api/model.generated.js';
import { assertKeyPolicyText } from '../domain/key-policy-text.js';
import type { OperationContext } from './context.js';
import { changeKey } from './change-key.js';
import { assertPolicyName } from './policy-name.js';
import { resolveKey } from './resolve-key.js';

export async function putKeyPolicy(ctx: OperationContext, input: PutKeyPolicyRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:PutKeyPolicy',
    resource: key.arn,
    key,
    conditions: { 'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck },
  });
  assertPolicyName(input.PolicyName);
  assertKeyPolicyText(input.Policy);
  await changeKey(ctx, key, (fresh) => {
    fresh.policy = input.Policy;
  });
}
