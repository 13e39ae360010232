// PutKeyPolicy: replaces the key policy after its size, grammar, principal and lockout checks (docs/kms-behaviour.md
// 2.6); allowed in every key state.

import type { PutKeyPolicyRequest } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { changeKey } from './steps/change-key.js';
import { checkKeyPolicy } from './steps/check-key-policy.js';
import { assertPolicyName } from './steps/policy-name.js';
import { resolveKey } from './steps/resolve-key.js';

export async function putKeyPolicy(ctx: OperationContext, input: PutKeyPolicyRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:PutKeyPolicy',
    resource: key.arn,
    key,
    conditions: { 'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck },
  });
  assertPolicyName(input.PolicyName);
  await checkKeyPolicy(ctx, input.Policy, key, input.BypassPolicyLockoutSafetyCheck);
  await changeKey(ctx, key, (fresh) => {
    fresh.policy = input.Policy;
  });
}
