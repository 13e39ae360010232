// The errors of AWS IAM (query protocol): a code, a message and an HTTP status, answered as <ErrorResponse> XML in
// IAM's namespace. They are STS's error type (the same wire form); the codes and statuses are IAM's.

import { KmsError } from '../api/kms-error.js';
import { asStsError, StsError } from '../sts/sts-error.js';

export { StsError as IamError } from '../sts/sts-error.js';

export const noSuchEntity = (message: string) => new StsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new StsError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new StsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new StsError('LimitExceeded', message, 409);
export const malformedPolicyDocument = (message: string) => new StsError('MalformedPolicyDocument', message, 400);
export const invalidInput = (message: string) => new StsError('InvalidInput', message, 400);
export const iamValidationError = (message: string) => new StsError('ValidationError', message, 400);
export const iamAccessDenied = (message: string) => new StsError('AccessDenied', message, 403);

/** An IAM error for anything thrown while serving an IAM request; undefined for a bug (answered as a server fault). */
export function asIamError(thrown: unknown): StsError | undefined {
  // The policy grammar of policy/ throws KMS's exception; IAM names it MalformedPolicyDocument.
  if (thrown instanceof KmsError && thrown.name === 'MalformedPolicyDocumentException') return malformedPolicyDocument(thrown.message);
  return asStsError(thrown);
}
