// The authorization decision for one request: explicit deny wins; then the key policy (direct, or
// delegating to IAM for the account), identity policies and grants decide (docs/kms-behaviour.md 7.1).

import { buildConditionContext } from './condition-context.js';
import { granteeMatch, constraintsSatisfied, type Grant } from './grant-match.js';
import type { Caller, ConditionContext, ContextValue, Decision, DecisionReason, PolicyDocument } from './policy-types.js';
import { callerArns, principalMatch, statementApplies } from './statement-match.js';

export interface AuthorizationRequest {
  readonly caller: Caller;
  /** `kms:<Operation>`, with ReEncrypt split into `kms:ReEncryptFrom` / `kms:ReEncryptTo`. */
  readonly action: string;
  /** The key ARN, the alias ARN (CreateAlias's alias half), or `*` for operations on no resource. */
  readonly resource: string;
  /** The key's policy; absent for operations that are not on a key (CreateKey, ListKeys, ...). */
  readonly keyPolicy?: PolicyDocument | null;
  readonly identityPolicies?: readonly PolicyDocument[];
  /** The account that owns the key; defaults to the caller's (same-account request). */
  readonly keyOwnerAccount?: string;
  /** Grants on the key; those for other keys than `keyArn` are ignored. */
  readonly grants?: readonly Grant[];
  /** The key the grants must be on; defaults to `resource`. */
  readonly keyArn?: string;
  /** The request's encryption context, for grant constraints (6.3). */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** The request's condition keys (any case); the caller's own keys are added (condition-context.ts). */
  readonly context?: Readonly<Record<string, ContextValue | undefined>> | ConditionContext;
}

const decision = (reason: DecisionReason): Decision => ({ allowed: reason === 'allowed', reason });

function toContext(request: AuthorizationRequest): ConditionContext {
  const { context } = request;
  if (context instanceof Map) return context;
  return buildConditionContext(request.caller, context as Readonly<Record<string, ContextValue | undefined>> | undefined);
}

/** `kms:ReEncryptFrom` → `ReEncryptFrom`: grant operations are action names without the prefix. */
function grantOperation(action: string): string {
  return action.slice(action.indexOf(':') + 1);
}

interface KeyPolicyResult {
  deny: boolean;
  direct: boolean;
  account: boolean;
}

function evaluateKeyPolicy(policy: PolicyDocument, request: AuthorizationRequest, action: string, context: ConditionContext): KeyPolicyResult {
  const result: KeyPolicyResult = { deny: false, direct: false, account: false };
  const arns = callerArns(request.caller);
  for (const statement of policy.statements) {
    const match = principalMatch(statement, request.caller, arns);
    if (match === undefined) continue;
    if (statement.effect === 'Allow' && (match === 'direct' ? result.direct : result.direct || result.account)) continue;
    if (!statementApplies(statement, action, request.resource, context)) continue;
    // A Deny naming the account applies to every principal in it.
    if (statement.effect === 'Deny') {
      result.deny = true;
      return result;
    }
    if (match === 'direct') result.direct = true;
    else result.account = true;
  }
  return result;
}

/** Identity policies: `deny` on any matching Deny, `allow` on any matching Allow. */
function evaluateIdentityPolicies(policies: readonly PolicyDocument[], request: AuthorizationRequest, action: string, context: ConditionContext) {
  let allow = false;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (statement.effect === 'Allow' && allow) continue;
      if (!statementApplies(statement, action, request.resource, context)) continue;
      if (statement.effect === 'Deny') return { deny: true, allow };
      allow = true;
    }
  }
  return { deny: false, allow };
}

/** `direct` when a grant to the caller (or its role) allows the request, `account` when one to its account does. */
function evaluateGrants(request: AuthorizationRequest): 'direct' | 'account' | undefined {
  const { grants, caller } = request;
  if (!grants || grants.length === 0) return undefined;
  const keyArn = request.keyArn ?? request.resource;
  const operation = grantOperation(request.action);
  const who = { callerArn: caller.arn, roleArn: callerArns(caller)[1], callerAccountId: caller.accountId };
  let found: 'direct' | 'account' | undefined;
  for (const grant of grants) {
    if (grant.keyArn !== keyArn || !grant.operations.includes(operation)) continue;
    const match = granteeMatch(grant, who);
    if (match === undefined || !constraintsSatisfied(grant.constraints, operation, request.encryptionContext)) continue;
    if (match === 'direct') return 'direct';
    found = 'account';
  }
  return found;
}

/**
 * Decides a request. Non-key operations use identity policies only. On a key, the root user of an
 * account has every IAM permission in it, but still needs the key policy to allow its account.
 */
export function evaluate(request: AuthorizationRequest): Decision {
  const context = toContext(request);
  const action = request.action.toLowerCase();
  const { caller } = request;
  const identity = evaluateIdentityPolicies(request.identityPolicies ?? [], request, action, context);
  const keyPolicy = request.keyPolicy ?? undefined;
  const key = keyPolicy ? evaluateKeyPolicy(keyPolicy, request, action, context) : undefined;
  // An explicit deny anywhere beats every allow, grants included.
  if (key?.deny) return decision('explicit-deny-resource');
  if (identity.deny) return decision('explicit-deny-identity');
  const identityAllows = caller.kind === 'root' || identity.allow;
  if (key === undefined) return decision(identityAllows ? 'allowed' : 'no-identity-policy');

  const sameAccount = (request.keyOwnerAccount ?? caller.accountId) === caller.accountId;
  const grant = evaluateGrants(request);
  if (sameAccount) {
    // A key policy statement naming the caller, or a grant to it, is enough in the key's own account.
    if (key.direct || grant === 'direct') return decision('allowed');
    if ((key.account || grant === 'account') && identityAllows) return decision('allowed');
  } else if ((key.direct || key.account || grant !== undefined) && identityAllows) {
    // Cross-account: the key's side (key policy or grant) and the caller's IAM policy are both required.
    return decision('allowed');
  }
  const keySideDelegates = sameAccount ? key.account || grant === 'account' : key.direct || key.account || grant !== undefined;
  return decision(keySideDelegates ? 'no-identity-policy' : 'no-resource-policy');
}
