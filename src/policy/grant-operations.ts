// Which grant operations (and grant constraints) a KMS key of a given KeySpec and KeyUsage accepts
// at CreateGrant (docs/kms-behaviour.md 6.3).

import { ValidationException } from '../api/errors.js';

/** The kinds of KMS key that differ in the grant operations they accept. */
export type GrantKeyKind = 'SYMMETRIC_ENCRYPTION' | 'ASYMMETRIC_ENCRYPTION' | 'SIGNING' | 'KEY_AGREEMENT' | 'HMAC';

/** Every value allowed in a grant's Operations (6.3). */
export const GRANT_OPERATIONS = [
  'Decrypt',
  'DeriveSharedSecret',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'VerifyMac',
  'CreateGrant',
  'DescribeKey',
  'GetPublicKey',
  'RetireGrant',
] as const;

const COMMON = ['CreateGrant', 'DescribeKey', 'RetireGrant'];
const ALLOWED: Record<GrantKeyKind, ReadonlySet<string>> = {
  SYMMETRIC_ENCRYPTION: new Set([
    ...COMMON,
    'Decrypt',
    'Encrypt',
    'GenerateDataKey',
    'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext',
    'ReEncryptFrom',
    'ReEncryptTo',
  ]),
  ASYMMETRIC_ENCRYPTION: new Set([...COMMON, 'Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey']),
  SIGNING: new Set([...COMMON, 'Sign', 'Verify', 'GetPublicKey']),
  KEY_AGREEMENT: new Set([...COMMON, 'DeriveSharedSecret', 'GetPublicKey']),
  HMAC: new Set([...COMMON, 'GenerateMac', 'VerifyMac']),
};

/** Message texts: the first is real AWS output; the others are ours [?]. */
export const GRANT_MESSAGES = {
  onlyCreateGrant: 'Grants must not contain only the CreateGrant operation.',
  operationsNotValid: (operations: readonly string[]) =>
    `Grant operations ${operations.join(', ')} are not valid for this KMS key.`,
  constraintsNotValid: 'Encryption context grant constraints are only valid for symmetric encryption KMS keys.',
} as const;

/** The grant key kind of a KMS key from its KeySpec and KeyUsage. */
export function grantKeyKind(keySpec: string, keyUsage: string): GrantKeyKind {
  if (keyUsage === 'GENERATE_VERIFY_MAC') return 'HMAC';
  if (keyUsage === 'SIGN_VERIFY') return 'SIGNING';
  if (keyUsage === 'KEY_AGREEMENT') return 'KEY_AGREEMENT';
  return keySpec === 'SYMMETRIC_DEFAULT' ? 'SYMMETRIC_ENCRYPTION' : 'ASYMMETRIC_ENCRYPTION';
}

/**
 * Operations must suit the key (no Sign on a symmetric key, no GenerateDataKey* on asymmetric keys,
 * no GenerateMac on non-HMAC keys) → ValidationException (6.3).
 */
export function validateGrantOperationsForKey(operations: readonly string[], keyKind: GrantKeyKind): void {
  // A grant of CreateGrant alone could never be used for anything.
  if (operations.length > 0 && operations.every((o) => o === 'CreateGrant')) {
    throw new ValidationException(GRANT_MESSAGES.onlyCreateGrant);
  }
  const invalid = operations.filter((o) => !ALLOWED[keyKind].has(o));
  if (invalid.length > 0) throw new ValidationException(GRANT_MESSAGES.operationsNotValid([...new Set(invalid)]));
}

/** Encryption-context constraints are only for symmetric encryption keys (6.3). */
export function validateGrantConstraintsForKey(
  constraints: { encryptionContextEquals?: unknown; encryptionContextSubset?: unknown } | undefined,
  keyKind: GrantKeyKind,
): void {
  const hasEc = constraints?.encryptionContextEquals !== undefined || constraints?.encryptionContextSubset !== undefined;
  if (hasEc && keyKind !== 'SYMMETRIC_ENCRYPTION') throw new ValidationException(GRANT_MESSAGES.constraintsNotValid);
}
