// The wire of the XKS Proxy API v1 that AWS KMS speaks to an external key store proxy: the URI layout, the JSON
// shapes of the four APIs, the error names with their HTTP statuses, and the SigV4 service name. Shared by both ends
// of XKS in openkms: xks/client/ (KMS calling a proxy) and xks/proxy/ (openkms being one). docs/xks-proxy.md describes
// the protocol in our words; https://docs.aws.amazon.com/kms/latest/developerguide/keystore-external.html is AWS's guide.

/** The SigV4 service name in the credential scope of every proxy request. */
export const XKS_SIGNING_SERVICE = 'kms-xks-proxy';

/** What every XksProxyUriPath ends with (after an optional prefix). */
export const XKS_API_PATH = '/kms/xks/v1';

/** The four APIs, by the last segments of their path below `<prefix>/kms/xks/v1`. */
export type XksApi = 'GetHealthStatus' | 'GetKeyMetadata' | 'Encrypt' | 'Decrypt';

/** `/keys/{externalKeyId}/<verb>`: the verb of each key API. */
export const KEY_API_VERBS: Readonly<Record<string, XksApi>> = { metadata: 'GetKeyMetadata', encrypt: 'Encrypt', decrypt: 'Decrypt' };

/** 1–128 characters, all URI-unreserved: an external key id never needs percent-encoding. */
export const EXTERNAL_KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Access key ids of proxy credentials: 20–30 characters of the base32 alphabet (the KMS model's pattern). */
export const XKS_ACCESS_KEY_ID_PATTERN = /^[A-Z2-7]{20,30}$/;

/** Secrets: 43–64 characters of the base64 alphabet (the KMS model's pattern; 256 bits of entropy at least). */
export const XKS_SECRET_PATTERN = /^[A-Za-z0-9/+=]{43,64}$/;

/** The path of an API below a URI path that already ends with `/kms/xks/v1`. */
export function apiPath(uriPath: string, api: XksApi, externalKeyId?: string): string {
  switch (api) {
    case 'GetHealthStatus':
      return `${uriPath}/health`;
    case 'GetKeyMetadata':
      return `${uriPath}/keys/${externalKeyId}/metadata`;
    case 'Encrypt':
      return `${uriPath}/keys/${externalKeyId}/encrypt`;
    case 'Decrypt':
      return `${uriPath}/keys/${externalKeyId}/decrypt`;
  }
}

/** In every request body. KMS may add members; a receiver ignores those it does not know. */
export interface RequestMetadata {
  awsPrincipalArn?: string;
  awsSourceVpc?: string;
  awsSourceVpce?: string;
  kmsKeyArn?: string;
  kmsOperation: string;
  kmsRequestId: string;
  kmsViaService?: string;
}

export interface HealthStatusRequest {
  requestMetadata: RequestMetadata;
}

export type EkmHealthStatus = 'ACTIVE' | 'DEGRADED' | 'UNAVAILABLE';

export interface HealthStatusResponse {
  xksProxyFleetSize: number;
  xksProxyVendor: string;
  xksProxyModel: string;
  ekmVendor: string;
  ekmFleetDetails: { id: string; model: string; healthStatus: EkmHealthStatus }[];
}

export interface KeyMetadataRequest {
  requestMetadata: RequestMetadata;
}

export interface KeyMetadataResponse {
  keySpec: string;
  /** `ENCRYPT`, `DECRYPT` (and possibly others), at most 10. */
  keyUsage: string[];
  keyStatus: 'ENABLED' | 'DISABLED';
}

/** Binary members are standard base64 (RFC 4648 section 4) of the bytes. */
export interface EncryptRequest {
  requestMetadata: RequestMetadata;
  plaintext: string;
  encryptionAlgorithm: 'AES_GCM';
  additionalAuthenticatedData?: string;
  ciphertextDataIntegrityValueAlgorithm?: 'SHA_256';
}

export interface EncryptResponse {
  ciphertext: string;
  initializationVector: string;
  authenticationTag: string;
  ciphertextMetadata?: string;
  ciphertextDataIntegrityValue?: string;
}

export interface DecryptRequest {
  requestMetadata: RequestMetadata;
  ciphertext: string;
  initializationVector: string;
  authenticationTag: string;
  encryptionAlgorithm: 'AES_GCM';
  additionalAuthenticatedData?: string;
  ciphertextMetadata?: string;
}

export interface DecryptResponse {
  plaintext: string;
}

/** The error names of the spec, each with the HTTP status it travels with. */
export const XKS_ERROR_STATUS = {
  ValidationException: 400,
  InvalidStateException: 400,
  InvalidCiphertextException: 400,
  InvalidKeyUsageException: 400,
  AuthenticationFailedException: 401,
  AccessDeniedException: 403,
  KeyNotFoundException: 404,
  InvalidUriPathException: 404,
  ThrottlingException: 429,
  InternalException: 500,
  UnsupportedOperationException: 501,
  DependencyTimeoutException: 503,
} as const satisfies Record<string, number>;

export type XksErrorName = keyof typeof XKS_ERROR_STATUS;

/** An error answer's body; `errorMessage` is under 512 characters of printable ASCII. */
export interface XksErrorBody {
  errorName: XksErrorName;
  errorMessage?: string;
}

export function isXksErrorName(name: unknown): name is XksErrorName {
  return typeof name === 'string' && Object.hasOwn(XKS_ERROR_STATUS, name);
}

/** The sizes a proxy must accept at least (decoded bytes). */
export const MIN_ACCEPTED_PLAINTEXT_BYTES = 4300;
export const MIN_ACCEPTED_AAD_BYTES = 8192;

/** What KMS accepts in an answer: `ciphertextMetadata` of at most 20 bytes, a 16-byte tag, a 12- or 16-byte IV. */
export const MAX_CIPHERTEXT_METADATA_BYTES = 20;
export const AUTHENTICATION_TAG_BYTES = 16;
export const INITIALIZATION_VECTOR_BYTES: readonly number[] = [12, 16];

/** At most this many `keyUsage` entries and 1–10 `ekmFleetDetails`. */
export const MAX_KEY_USAGE_ENTRIES = 10;
export const MAX_EKM_FLEET_DETAILS = 10;
