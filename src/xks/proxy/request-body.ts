// The JSON bodies of the four APIs, checked before any key is looked up: a body that is not a JSON object, a missing
// requestMetadata or required member, a member of the wrong type, base64 that is not standard base64, or an algorithm
// other than AES_GCM / SHA_256 is ValidationException (400). Unknown members are ignored (KMS may add some). Values
// above this proxy's size limits (which exceed the spec's minimums) are UnsupportedOperationException (501).

import type { XksApi } from '../wire.js';
import { XksProxyError } from './proxy-error.js';

/** Decoded byte limits: the spec asks for 4300 (plaintext, ciphertext) and 8192 (AAD) at least. */
export const MAX_PLAINTEXT_BYTES = 6144;
export const MAX_AAD_BYTES = 12288;
/** Request metadata members are ARNs, ids and names: ARNs go up to 2048 characters. */
const MAX_METADATA_STRING = 2048;

export interface Metadata {
  kmsRequestId: string;
  kmsOperation: string;
  awsPrincipalArn?: string;
  kmsKeyArn?: string;
}

export type ValidatedRequest =
  | { api: 'GetHealthStatus'; metadata: Metadata }
  | { api: 'GetKeyMetadata'; metadata: Metadata }
  | { api: 'Encrypt'; metadata: Metadata; plaintext: Buffer; aad: Buffer; integrityValue: boolean }
  | {
      api: 'Decrypt';
      metadata: Metadata;
      ciphertext: Buffer;
      iv: Buffer;
      tag: Buffer;
      aad: Buffer;
      ciphertextMetadata: Buffer | undefined;
    };

const REQUIRED_METADATA: Readonly<Record<XksApi, readonly string[]>> = {
  GetHealthStatus: ['kmsRequestId', 'kmsOperation'],
  GetKeyMetadata: ['kmsRequestId', 'kmsOperation', 'awsPrincipalArn'],
  Encrypt: ['kmsRequestId', 'kmsOperation', 'awsPrincipalArn', 'kmsKeyArn'],
  Decrypt: ['kmsRequestId', 'kmsOperation', 'awsPrincipalArn', 'kmsKeyArn'],
};
const OPTIONAL_METADATA = ['awsPrincipalArn', 'awsSourceVpc', 'awsSourceVpce', 'kmsKeyArn', 'kmsViaService'];

/** The request metadata, as far as it can be read, for the log line of a request that failed validation. */
export function loggableMetadata(body: Buffer): { kmsRequestId?: string; kmsOperation?: string } {
  try {
    const metadata = (JSON.parse(body.toString('utf8')) as { requestMetadata?: Record<string, unknown> }).requestMetadata;
    const pick = (name: string) => (typeof metadata?.[name] === 'string' ? (metadata[name] as string).slice(0, 200) : undefined);
    return { kmsRequestId: pick('kmsRequestId'), kmsOperation: pick('kmsOperation') };
  } catch {
    return {};
  }
}

export function validateRequest(api: XksApi, body: Buffer): ValidatedRequest {
  const document = parseObject(body);
  const metadata = requestMetadata(api, document.requestMetadata);
  switch (api) {
    case 'GetHealthStatus':
    case 'GetKeyMetadata':
      return { api, metadata };
    case 'Encrypt': {
      algorithm(document, 'encryptionAlgorithm', 'AES_GCM', true);
      const integrityValue = algorithm(document, 'ciphertextDataIntegrityValueAlgorithm', 'SHA_256', false);
      const plaintext = binary(document, 'plaintext', MAX_PLAINTEXT_BYTES, true)!;
      if (plaintext.length === 0) throw invalid('plaintext must not be empty');
      const aad = binary(document, 'additionalAuthenticatedData', MAX_AAD_BYTES, false) ?? Buffer.alloc(0);
      return { api, metadata, plaintext, aad, integrityValue };
    }
    case 'Decrypt': {
      algorithm(document, 'encryptionAlgorithm', 'AES_GCM', true);
      const ciphertext = binary(document, 'ciphertext', MAX_PLAINTEXT_BYTES, true)!;
      const iv = binary(document, 'initializationVector', 64, true)!;
      const tag = binary(document, 'authenticationTag', 64, true)!;
      const aad = binary(document, 'additionalAuthenticatedData', MAX_AAD_BYTES, false) ?? Buffer.alloc(0);
      const ciphertextMetadata = binary(document, 'ciphertextMetadata', 255, false);
      return { api, metadata, ciphertext, iv, tag, aad, ciphertextMetadata };
    }
  }
}

function parseObject(body: Buffer): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('the request body is not JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid('the request body is not a JSON object');
  return document as Record<string, unknown>;
}

function requestMetadata(api: XksApi, value: unknown): Metadata {
  if (value === undefined) throw invalid('requestMetadata is required');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('requestMetadata must be an object');
  const members = value as Record<string, unknown>;
  for (const name of REQUIRED_METADATA[api]) {
    if (members[name] === undefined) throw invalid(`requestMetadata.${name} is required`);
  }
  for (const name of [...REQUIRED_METADATA[api], ...OPTIONAL_METADATA]) {
    const member = members[name];
    if (member === undefined) continue;
    if (typeof member !== 'string') throw invalid(`requestMetadata.${name} must be a string`);
    if (member.length > MAX_METADATA_STRING) throw invalid(`requestMetadata.${name} is longer than ${MAX_METADATA_STRING} characters`);
  }
  const metadata: Metadata = { kmsRequestId: members.kmsRequestId as string, kmsOperation: members.kmsOperation as string };
  if (typeof members.awsPrincipalArn === 'string') metadata.awsPrincipalArn = members.awsPrincipalArn;
  if (typeof members.kmsKeyArn === 'string') metadata.kmsKeyArn = members.kmsKeyArn;
  return metadata;
}

function algorithm(document: Record<string, unknown>, name: string, only: string, required: boolean): boolean {
  const value = document[name];
  if (value === undefined) {
    if (required) throw invalid(`${name} is required`);
    return false;
  }
  if (value !== only) throw invalid(`${name} must be ${only}`);
  return true;
}

/** Standard base64 with its padding, nothing else: the one spelling of the bytes. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function binary(document: Record<string, unknown>, name: string, maxBytes: number, required: boolean): Buffer | undefined {
  const value = document[name];
  if (value === undefined) {
    if (required) throw invalid(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${name} must be a base64 string`);
  if (value.length > Math.ceil(maxBytes / 3) * 4) {
    throw new XksProxyError('UnsupportedOperationException', `${name} is longer than the ${maxBytes} bytes this proxy accepts`);
  }
  if (!BASE64.test(value)) throw invalid(`${name} is not standard base64`);
  const bytes = Buffer.from(value, 'base64');
  // Stray bits in the last character would give two spellings of the same bytes.
  if (bytes.toString('base64') !== value) throw invalid(`${name} is not canonical base64`);
  if (bytes.length > maxBytes) throw new XksProxyError('UnsupportedOperationException', `${name} is longer than the ${maxBytes} bytes this proxy accepts`);
  return bytes;
}

function invalid(message: string): XksProxyError {
  return new XksProxyError('ValidationException', message);
}
