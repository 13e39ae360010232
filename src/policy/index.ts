// The policy engine's public surface: parse and validate policies, decide requests, match grants.
// Pure: callers load documents, grants and context, and pass them in.

export { parsePolicyDocument, checkKeyPolicySize, KEY_POLICY_MAX_BYTES, POLICY_MESSAGES, type ParsePolicyOptions } from './parse-policy.js';
export { INVALID_PRINCIPALS } from './parse-principal.js';
export { evaluate, type AuthorizationRequest } from './evaluate.js';
export { accessDeniedMessage, accessDenied } from './access-denied-message.js';
export { buildConditionContext } from './condition-context.js';
export { grantAllows, granteeMatch, constraintsSatisfied, isGrantNarrower, type Grant, type GrantConstraints, type GrantRequest } from './grant-match.js';
export {
  validateGrantOperationsForKey,
  validateGrantConstraintsForKey,
  grantKeyKind,
  GRANT_OPERATIONS,
  GRANT_MESSAGES,
  type GrantKeyKind,
} from './grant-operations.js';
export { wouldLockOut, assertNoLockOut, LOCKOUT_MESSAGE } from './lockout-check.js';
export { cachedPolicy } from './policy-cache.js';
export type { Caller, ContextValue, ConditionContext, Decision, DecisionReason, PolicyDocument, PolicyKind, Statement } from './policy-types.js';
export { AWS_MANAGED_POLICIES, type AwsManagedPolicy } from './aws-managed-policies.js';
