// Which calls CloudTrail marks readOnly, and which are cryptographic operations whose response is never recorded
// (docs/kms-behaviour.md 9.1, 9.2).

/** The cryptographic operations: read-only, and `responseElements: null` whatever they return. */
export const CRYPTOGRAPHIC_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
  'Sign',
  'Verify',
  'GenerateMac',
  'VerifyMac',
  'DeriveSharedSecret',
]);

const readOnlyCache = new Map<string, boolean>();

/** true for the cryptographic operations and Describe*, Get*, List* (GetParametersForImport included); false otherwise. */
export function isReadOnly(eventName: string): boolean {
  let readOnly = readOnlyCache.get(eventName);
  if (readOnly === undefined) {
    readOnly = CRYPTOGRAPHIC_OPERATIONS.has(eventName) || /^(Describe|Get|List|Lookup)[A-Z]/.test(eventName);
    if (readOnlyCache.size < 256) readOnlyCache.set(eventName, readOnly);
  }
  return readOnly;
}
