// How CreateKey and PutKeyPolicy have a key policy checked before they store it: by the authorizer when it checks
// key policies (authz/key-policy-check.ts), otherwise by the text checks alone (docs/kms-behaviour.md 2.6).

import { assertKeyPolicyText } from '../../domain/key-policy-text.js';
import type { KeyPolicyCheck, OperationContext } from '../context.js';

/** What CreateKey and PutKeyPolicy call: the authorizer's full check, or the text checks when it has none. */
export async function checkKeyPolicy(
  ctx: OperationContext,
  policy: string,
  key: KeyPolicyCheck['key'],
  bypassLockoutSafetyCheck: boolean | undefined,
): Promise<void> {
  if (ctx.authorizer.checkKeyPolicy) {
    await ctx.authorizer.checkKeyPolicy(ctx, { policy, key, bypassLockoutSafetyCheck: bypassLockoutSafetyCheck === true });
  } else {
    assertKeyPolicyText(policy);
  }
}
