// The errors of AWS STS (query protocol): a code, a message and an HTTP status, answered as <ErrorResponse> XML.
// The authentication errors openkms raises for KMS map onto STS's own codes here.

import { KmsError } from '../api/kms-error.js';

export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

export const stsAccessDenied = (message: string) => new StsError('AccessDenied', message, 403);
export const stsValidationError = (message: string) => new StsError('ValidationError', message, 400);

/** The KMS-side names of the errors auth/ raises, as STS answers them. */
const FROM_KMS: Readonly<Record<string, { code: string; status: number }>> = {
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 400 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  ValidationException: { code: 'ValidationError', status: 400 },
  MalformedPolicyDocumentException: { code: 'MalformedPolicyDocument', status: 400 },
};

/** An StsError for anything thrown while serving an STS request; undefined for a bug (answered as InternalFailure). */
export function asStsError(thrown: unknown): StsError | undefined {
  if (thrown instanceof StsError) return thrown;
  if (thrown instanceof KmsError) {
    const mapped = FROM_KMS[thrown.name];
    if (mapped) {
      const message = thrown.name === 'MissingAuthenticationTokenException' ? 'Request is missing Authentication Token' : thrown.message;
      return new StsError(mapped.code, message, mapped.status);
    }
    return new StsError(thrown.name, thrown.message, thrown.fault === 'server' ? 500 : 400, thrown.fault === 'server' ? 'Receiver' : 'Sender');
  }
  return undefined;
}
