// Whether a grant allows a request (grantee, operation, encryption-context constraints) and whether a
// grant created through a grant is no wider than its parent (docs/kms-behaviour.md 6.3).

export interface GrantConstraints {
  readonly encryptionContextEquals?: Readonly<Record<string, string>>;
  readonly encryptionContextSubset?: Readonly<Record<string, string>>;
}

export interface Grant {
  readonly grantId: string;
  readonly keyArn: string;
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  /** Grant operations: `Encrypt`, `ReEncryptFrom`, `DescribeKey`, ... */
  readonly operations: readonly string[];
  readonly constraints?: GrantConstraints;
  readonly name?: string;
  readonly issuingAccount: string;
}

export interface GrantRequest {
  /** The caller's ARN; for a role session also pass `roleArn` (a grant to the role covers its sessions). */
  readonly callerArn: string;
  readonly roleArn?: string;
  /** The caller's account: a grant whose grantee is that account's root covers it (with IAM's help, see evaluate). */
  readonly callerAccountId?: string;
  /** The grant operation the request needs, e.g. `Encrypt` or `ReEncryptFrom`. */
  readonly operation: string;
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

/** Operations whose requests carry an encryption context. */
const WITH_ENCRYPTION_CONTEXT = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);
/** EC constraints are ignored for these (6.3). CreateGrant's are enforced by isGrantNarrower instead. */
const CONSTRAINTS_IGNORED = new Set(['DescribeKey', 'RetireGrant', 'CreateGrant']);

const ROOT_ARN = /^arn:[a-z][a-z0-9-]*:iam::(\d{12}):root$/;

/** `direct` when the grantee is the caller (or its role), `account` when it is the caller's account root. */
export function granteeMatch(grant: Grant, request: Pick<GrantRequest, 'callerArn' | 'roleArn' | 'callerAccountId'>): 'direct' | 'account' | undefined {
  if (grant.granteePrincipal === request.callerArn || grant.granteePrincipal === request.roleArn) return 'direct';
  const root = ROOT_ARN.exec(grant.granteePrincipal);
  if (root && request.callerAccountId === root[1]) return 'account';
  return undefined;
}

function equalContexts(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

/** Every pair of `subset` is in `context` (same key, same value, case-sensitive). */
function containsPairs(context: Readonly<Record<string, string>>, subset: Readonly<Record<string, string>>): boolean {
  for (const k in subset) if (!Object.hasOwn(context, k) || context[k] !== subset[k]) return false;
  return true;
}

/** Equals: the request EC is exactly the constraint; Subset: it contains the constraint's pairs (6.3). */
export function constraintsSatisfied(constraints: GrantConstraints | undefined, operation: string, encryptionContext?: Readonly<Record<string, string>>): boolean {
  const equals = constraints?.encryptionContextEquals;
  const subset = constraints?.encryptionContextSubset;
  if (equals === undefined && subset === undefined) return true;
  if (CONSTRAINTS_IGNORED.has(operation)) return true;
  // An operation without an encryption context (Sign, GenerateMac, ...) never satisfies an EC constraint.
  if (!WITH_ENCRYPTION_CONTEXT.has(operation)) return false;
  const context = encryptionContext ?? {};
  if (equals !== undefined && !equalContexts(equals, context)) return false;
  if (subset !== undefined && !containsPairs(context, subset)) return false;
  return true;
}

/** The grant names the caller, includes the operation, and its constraints hold. A grant never denies. */
export function grantAllows(grant: Grant, request: GrantRequest): boolean {
  if (granteeMatch(grant, request) === undefined) return false;
  if (!grant.operations.includes(request.operation)) return false;
  return constraintsSatisfied(grant.constraints, request.operation, request.encryptionContext);
}

/**
 * Whether every request the child grant allows, the parent allows too: operations a subset, and
 * constraints at least as strict (Subset may gain pairs or become Equals, never the reverse).
 * Applies when the caller holds CreateGrant only through `parent` (6.3).
 */
export function isGrantNarrower(parent: Pick<Grant, 'operations' | 'constraints'>, child: Pick<Grant, 'operations' | 'constraints'>): boolean {
  if (!child.operations.every((o) => parent.operations.includes(o))) return false;
  const parentEquals = parent.constraints?.encryptionContextEquals;
  const parentSubset = parent.constraints?.encryptionContextSubset;
  if (parentEquals === undefined && parentSubset === undefined) return true;
  const childEquals = child.constraints?.encryptionContextEquals;
  const childSubset = child.constraints?.encryptionContextSubset;
  if (childEquals !== undefined) {
    // The child allows exactly one context (if its own Subset fits in it): the parent must accept that one.
    if (childSubset !== undefined && !containsPairs(childEquals, childSubset)) return true;
    if (parentEquals !== undefined && !equalContexts(parentEquals, childEquals)) return false;
    return parentSubset === undefined || containsPairs(childEquals, parentSubset);
  }
  // The child allows every context containing its Subset pairs: only a Subset parent can cover that.
  if (parentEquals !== undefined || childSubset === undefined) return false;
  return containsPairs(childSubset, parentSubset ?? {});
}
