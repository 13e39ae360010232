// The rules of grants that need no I/O: grant IDs, grantee and retiring principal ARNs, constraint limits, and the
// GrantListEntry that ListGrants and ListRetirableGrants return (docs/kms-behaviour.md 6.3).

import type { GrantListEntry, GrantOperation } from '../api/model.generated.js';
import { InvalidArnException, InvalidGrantIdException, ValidationException } from '../api/errors.js';
import type { Scope } from './identifiers.js';

/** A grant on a KMS key (docs/kms-behaviour.md 6.3). */
export interface KmsGrant extends Scope {
  /** The key's id; `Scope` is the key's account and Region. */
  keyId: string;
  keyArn: string;
  grantId: string;
  name?: string;
  creationDate: Date;
  /** Empty when the grantee is a service principal (`granteeServicePrincipal`). */
  granteePrincipal: string;
  granteeServicePrincipal?: string;
  retiringPrincipal?: string;
  retiringServicePrincipal?: string;
  /** The account id the grant was created in. */
  issuingAccount: string;
  operations: string[];
  constraints?: { encryptionContextEquals?: Record<string, string>; encryptionContextSubset?: Record<string, string>; sourceArn?: string };
}

/** 50,000 grants per KMS key (docs/kms-behaviour.md 2.7). */
export const MAX_GRANTS_PER_KEY = 50_000;
/** An encryption-context constraint has at most 8 pairs, each value at most 384 characters (6.3). */
export const MAX_CONSTRAINT_PAIRS = 8;
export const MAX_CONSTRAINT_VALUE_CHARS = 384;

/** AWS's grant IDs are 64 hexadecimal characters (the model's example). */
const GRANT_ID = /^[0-9a-f]{64}$/;
const NAME = '[\\w+=,.@-]+';
/** IAM principals a grant may name: account root, user, role, assumed-role session, federated user (6.3). */
const PRINCIPAL_ARN = new RegExp(
  `^arn:aws(?:-cn|-us-gov)?:(?:iam::(\\d{12}):(?:root|(?:user|role)/(?:[\\x21-\\x7e]*/)?${NAME})|sts::(\\d{12}):(?:assumed-role/${NAME}/${NAME}|federated-user/${NAME}))$`,
);

export function isGrantId(value: string): boolean {
  return GRANT_ID.test(value);
}

/** [?] No AWS text is known for a malformed grant ID (docs/kms-behaviour.md A.3). */
export function assertGrantId(grantId: string): void {
  if (!isGrantId(grantId)) throw new InvalidGrantIdException(`Invalid grant ID: ${grantId}`);
}

/** The account of a principal ARN a grant may name, or undefined when the ARN is not one. */
export function accountOfPrincipalArn(arn: string): string | undefined {
  const match = PRINCIPAL_ARN.exec(arn);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** `InvalidArnException: ARN does not refer to a valid principal: <arn>` (real AWS text for CreateGrant). */
export function invalidPrincipal(arn: string): InvalidArnException {
  return new InvalidArnException(`ARN does not refer to a valid principal: ${arn}`);
}

/** Encryption-context constraints: at most 8 pairs, values of at most 384 characters (6.3). [?] texts. */
export function assertConstraintLimits(name: string, context: Record<string, string> | undefined): void {
  if (context === undefined) return;
  const pairs = Object.entries(context);
  if (pairs.length > MAX_CONSTRAINT_PAIRS) {
    throw new ValidationException(`${name} can contain at most ${MAX_CONSTRAINT_PAIRS} encryption context pairs.`);
  }
  if (pairs.some(([, value]) => value.length > MAX_CONSTRAINT_VALUE_CHARS)) {
    throw new ValidationException(`Each value in ${name} can have at most ${MAX_CONSTRAINT_VALUE_CHARS} characters.`);
  }
}

/** Two grants with the same Name are the same grant when every parameter matches (CreateGrant idempotency, 6.3). */
export function sameGrantParameters(a: KmsGrant, b: Omit<KmsGrant, 'grantId' | 'creationDate'>): boolean {
  return (
    a.granteePrincipal === b.granteePrincipal &&
    a.granteeServicePrincipal === b.granteeServicePrincipal &&
    a.retiringPrincipal === b.retiringPrincipal &&
    a.retiringServicePrincipal === b.retiringServicePrincipal &&
    sameSet(a.operations, b.operations) &&
    JSON.stringify(sortedConstraints(a.constraints)) === JSON.stringify(sortedConstraints(b.constraints))
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

function sortedConstraints(constraints: KmsGrant['constraints']): unknown {
  if (!constraints) return null;
  const sorted = (context?: Record<string, string>) => (context ? Object.fromEntries(Object.entries(context).sort()) : null);
  return [sorted(constraints.encryptionContextEquals), sorted(constraints.encryptionContextSubset), constraints.sourceArn ?? null];
}

/** A GrantListEntry as AWS returns it: KeyId is the key ARN, IssuingAccount the account's root ARN (6.3). */
export function grantListEntry(grant: KmsGrant, partition = 'aws'): GrantListEntry {
  const entry: GrantListEntry = {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    Name: grant.name ?? '',
    CreationDate: grant.creationDate,
    IssuingAccount: `arn:${partition}:iam::${grant.issuingAccount}:root`,
    Operations: grant.operations as GrantOperation[],
  };
  if (grant.granteePrincipal) entry.GranteePrincipal = grant.granteePrincipal;
  if (grant.granteeServicePrincipal) entry.GranteeServicePrincipal = grant.granteeServicePrincipal;
  if (grant.retiringPrincipal) entry.RetiringPrincipal = grant.retiringPrincipal;
  if (grant.retiringServicePrincipal) entry.RetiringServicePrincipal = grant.retiringServicePrincipal;
  const c = grant.constraints;
  if (c) {
    entry.Constraints = {};
    if (c.encryptionContextEquals) entry.Constraints.EncryptionContextEquals = c.encryptionContextEquals;
    if (c.encryptionContextSubset) entry.Constraints.EncryptionContextSubset = c.encryptionContextSubset;
    if (c.sourceArn) entry.Constraints.SourceArn = c.sourceArn;
  }
  return entry;
}
