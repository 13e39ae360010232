// The Authorizer that enforces key policies, identity policies and grants on every operation, as AWS KMS does
// (docs/kms-behaviour.md 7.1): it reads what a decision needs from the store and lets policy/evaluate decide.

import type { Caller } from '../domain/caller.js';
import { partitionOf } from '../domain/identifiers.js';
import { accountOfPrincipalArn, type KmsGrant } from '../domain/grant.js';
import type { KmsKey } from '../domain/kms-key.js';
import {
  accessDenied,
  buildConditionContext,
  cachedPolicy,
  evaluate,
  isGrantNarrower,
  type AuthorizationRequest as EngineRequest,
  type ConditionContext,
  type ContextValue,
  type Decision,
  type PolicyDocument,
} from '../policy/index.js';
import type { StoreReader } from '../storage/repository.js';
import type { AuthorizationRequest, Authorizer, KeyPolicyCheck, OperationContext } from '../operations/context.js';
import { assertGrantTokensIssued } from './grant-token.js';
import { identityPoliciesOf } from './identity-policies.js';
import { keyConditions } from './key-conditions.js';
import { principalExists, validateKeyPolicy } from './key-policy-check.js';

export interface PolicyAuthorizerOptions {
  /** --dev: callers that exist nowhere act as administrators, and key policies may name unknown principals. */
  dev: boolean;
}

/** A stored policy that no longer parses allows nothing (it was validated when stored; this is only a safeguard). */
const ALLOWS_NOTHING: PolicyDocument = { kind: 'key', statements: [] };
const RESOURCE_ALIASES = 'kms:resourcealiases';
/** ResourceAliases is ineffective on keys beyond the alias quota (7.3): reading one more than that tells us. */
const ALIAS_QUOTA = 50;
const mentionsCache = new WeakMap<PolicyDocument, Set<string>>();
/** The only operations AWS allows on another account's key, whatever its key policy says (7.1). */
const CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(
  [
    'CreateGrant', 'Decrypt', 'DeriveSharedSecret', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetKeyRotationStatus',
    'GetPublicKey', 'ListGrants', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant', 'RevokeGrant', 'Sign', 'Verify', 'VerifyMac',
  ].map((operation) => `kms:${operation.toLowerCase()}`),
);

export class PolicyAuthorizer implements Authorizer {
  constructor(
    private readonly store: StoreReader,
    private readonly options: PolicyAuthorizerOptions,
  ) {}

  async authorize(ctx: OperationContext, request: AuthorizationRequest): Promise<void> {
    await assertGrantTokensIssued(this.store, request.grantTokens);
    const caller = ctx.caller;
    const identityPolicies = await identityPoliciesOf(this.store, caller, this.options.dev);
    const key = request.key;
    if (key && key.accountId !== caller.accountId && !CROSS_ACCOUNT_ACTIONS.has(request.action.toLowerCase())) {
      throw accessDenied(caller.arn, request.action, request.resource, 'no-resource-policy');
    }
    const keyPolicy = key ? keyPolicyOf(key) : undefined;
    const context = await this.contextOf(caller, request, key, keyPolicy, identityPolicies);
    const engineRequest: EngineRequest = {
      caller,
      action: request.action,
      resource: request.resource,
      identityPolicies,
      context,
      ...(key && keyPolicy ? { keyPolicy, keyOwnerAccount: key.accountId, keyArn: key.arn } : {}),
      ...(request.encryptionContext ? { encryptionContext: request.encryptionContext } : {}),
    };
    if (request.retiringGrant) return this.authorizeRetire(caller, engineRequest, request.retiringGrant);

    let decision = evaluate(engineRequest);
    if (decision.allowed) return;
    // Grants only allow: they are read when the policies alone do not, and an explicit deny is final.
    if (key && keyPolicy && !isExplicitDeny(decision)) {
      let grants = await this.store.grantsForGrantees(key.arn, granteesOf(caller, ctx.region));
      if (request.newGrant) {
        const child = request.newGrant;
        grants = grants.filter((grant) => isGrantNarrower(grant, child));
      }
      if (grants.length > 0) decision = evaluate({ ...engineRequest, grants });
      if (decision.allowed) return;
    }
    throw accessDenied(caller.arn, request.action, request.resource, decision.reason);
  }

  async authorizeIdentityAction(caller: Caller, action: string): Promise<void> {
    const identityPolicies = await identityPoliciesOf(this.store, caller, this.options.dev);
    const decision = evaluate({
      caller,
      action,
      resource: '*',
      identityPolicies,
      context: buildConditionContext(caller, {}),
    });
    if (!decision.allowed) throw accessDenied(caller.arn, action, '', decision.reason);
  }

  checkKeyPolicy(ctx: OperationContext, check: KeyPolicyCheck): Promise<void> {
    return validateKeyPolicy(this.store, ctx.caller, check, this.options.dev);
  }

  async principalExists(arn: string): Promise<boolean> {
    return this.options.dev || principalExists(this.store, arn);
  }

  /**
   * RetireGrant is authorized by the grant: its retiring principal, its grantee when it includes RetireGrant, and
   * the accounts they belong to (whose IAM principals need an identity policy). Explicit denies still win (6.3).
   */
  private authorizeRetire(caller: Caller, request: EngineRequest, grant: KmsGrant): void {
    const denied = evaluate(request);
    if (isExplicitDeny(denied)) throw accessDenied(caller.arn, request.action, request.resource, denied.reason);
    const names = caller.roleArn ? [caller.arn, caller.roleArn] : [caller.arn];
    if (grant.retiringPrincipal && names.includes(grant.retiringPrincipal)) return;
    const retiresItself = grant.operations.includes('RetireGrant');
    if (retiresItself && names.includes(grant.granteePrincipal)) return;
    const accounts = new Set([grant.issuingAccount]);
    if (grant.retiringPrincipal) accounts.add(accountOfPrincipalArn(grant.retiringPrincipal) ?? '');
    if (retiresItself && grant.granteePrincipal.endsWith(':root')) accounts.add(accountOfPrincipalArn(grant.granteePrincipal) ?? '');
    if (!accounts.has(caller.accountId)) throw accessDenied(caller.arn, request.action, request.resource, 'no-resource-policy');
    // Within those accounts, the root may retire; IAM principals need kms:RetireGrant in an identity policy.
    const { keyPolicy: _ignored, ...identityOnly } = request;
    const decision = evaluate(identityOnly);
    if (!decision.allowed) throw accessDenied(caller.arn, request.action, request.resource, decision.reason);
  }

  /** The request's condition keys over the key's own (7.3), with kms:ResourceAliases only when a policy reads it. */
  private async contextOf(
    caller: Caller,
    request: AuthorizationRequest,
    key: KmsKey | undefined,
    keyPolicy: PolicyDocument | undefined,
    identityPolicies: readonly PolicyDocument[],
  ): Promise<ConditionContext> {
    const values: Record<string, ContextValue | undefined> = key ? keyConditions(key) : {};
    if (key && (mentions(keyPolicy, RESOURCE_ALIASES) || identityPolicies.some((p) => mentions(p, RESOURCE_ALIASES)))) {
      const aliases = await this.store.listAliases(key, ALIAS_QUOTA + 1, undefined, key.keyId);
      if (aliases.items.length <= ALIAS_QUOTA) values['kms:ResourceAliases'] = aliases.items.map((alias) => alias.aliasName);
    }
    if (request.conditions) {
      for (const name in request.conditions) {
        const value = request.conditions[name];
        if (value !== undefined) values[name] = value;
      }
    }
    return buildConditionContext(caller, values);
  }
}

function isExplicitDeny(decision: Decision): boolean {
  return decision.reason === 'explicit-deny-resource' || decision.reason === 'explicit-deny-identity';
}

export function keyPolicyOf(key: Pick<KmsKey, 'policy'>): PolicyDocument {
  try {
    return cachedPolicy(key.policy, 'key');
  } catch {
    return ALLOWS_NOTHING;
  }
}

/** Grants can name the caller, its role, or its account's root (docs/kms-behaviour.md 6.3). */
function granteesOf(caller: Caller, region: string): string[] {
  const grantees = [caller.arn, `arn:${partitionOf(region)}:iam::${caller.accountId}:root`];
  if (caller.roleArn) grantees.push(caller.roleArn);
  return grantees;
}

/** Whether any condition of the policy reads `key` (lower case); remembered per parsed document. */
function mentions(policy: PolicyDocument | undefined, key: string): boolean {
  if (!policy) return false;
  let keys = mentionsCache.get(policy);
  if (!keys) {
    keys = new Set(policy.statements.flatMap((statement) => statement.conditions.map((clause) => clause.key)));
    mentionsCache.set(policy, keys);
  }
  return keys.has(key);
}
