// The policy lockout safety check of CreateKey, PutKeyPolicy and ReplicateKey: could the caller still
// call kms:PutKeyPolicy under the new key policy? (docs/kms-behaviour.md 2.6)

import { MalformedPolicyDocumentException } from '../api/errors.js';
import { evaluate } from './evaluate.js';
import type { Caller, ContextValue, PolicyDocument } from './policy-types.js';

/** [O] docs/kms-behaviour.md Appendix A.1. */
export const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';

/**
 * True when the caller could not call PutKeyPolicy on the key under `policy`, together with its own
 * IAM policies when the policy delegates to the account. `context` holds the request's condition keys.
 */
export function wouldLockOut(
  policy: PolicyDocument,
  caller: Caller,
  identityPolicies: readonly PolicyDocument[],
  keyArn: string,
  ownerAccount: string,
  context?: Readonly<Record<string, ContextValue | undefined>>,
): boolean {
  const decision = evaluate({
    caller,
    action: 'kms:PutKeyPolicy',
    resource: keyArn,
    keyPolicy: policy,
    identityPolicies,
    keyOwnerAccount: ownerAccount,
    ...(context ? { context } : {}),
  });
  return !decision.allowed;
}

/** Throws MalformedPolicyDocumentException when `wouldLockOut`; skipped with BypassPolicyLockoutSafetyCheck. */
export function assertNoLockOut(...args: Parameters<typeof wouldLockOut>): void {
  if (wouldLockOut(...args)) throw new MalformedPolicyDocumentException(LOCKOUT_MESSAGE);
}
