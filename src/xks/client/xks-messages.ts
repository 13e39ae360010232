// The request and response bodies of the XKS Proxy API v1 as openkms's client sends and reads them
// (docs/external-key-stores.md). Binary fields travel as standard base64; these are the decoded forms.

/** `requestMetadata` of every call; the health check sends only the operation and the request id. */
export interface XksRequestMetadata {
  kmsOperation: string;
  kmsRequestId: string;
  awsPrincipalArn?: string;
  kmsKeyArn?: string;
}

export interface XksHealth {
  /** Every key manager instance reports UNAVAILABLE: the proxy cannot serve (AWS counts it as unreachable). */
  allUnavailable: boolean;
}

export interface XksKeyMetadata {
  keySpec: string;
  keyUsage: string[];
  keyStatus: string;
}

export interface XksEncryptResult {
  ciphertext: Buffer;
  initializationVector: Buffer;
  authenticationTag: Buffer;
  ciphertextMetadata?: Buffer;
}

export interface XksDecryptInput extends XksEncryptResult {
  additionalAuthenticatedData: Buffer;
}

/** The twelve error names a proxy may answer with (spec, section "Errors"); anything else is an invalid response. */
export const XKS_ERROR_NAMES = [
  'ValidationException',
  'InvalidStateException',
  'InvalidCiphertextException',
  'InvalidKeyUsageException',
  'AuthenticationFailedException',
  'AccessDeniedException',
  'KeyNotFoundException',
  'InvalidUriPathException',
  'ThrottlingException',
  'UnsupportedOperationException',
  'DependencyTimeoutException',
  'InternalException',
] as const;
export type XksErrorName = (typeof XKS_ERROR_NAMES)[number];
