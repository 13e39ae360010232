// Every AWS exception openkms can send: the model's 48 (errors.generated.ts) plus, by hand, the ones AWS
// sends but the KMS model omits (validation, serialization, authentication, throttling; kms-behaviour.md 8.3).
import { KmsError } from './kms-error.js';
import { modelErrorClasses } from './errors.generated.js';

export * from './errors.generated.js';
export { KmsError } from './kms-error.js';
export type { Fault } from './kms-error.js';

/** The JSON member that carries the message on the wire (kms-behaviour.md 8.3). */
export type MessageField = 'message' | 'Message';

/** Model constraint failures and semantic input checks (kms-behaviour.md 8.4, Appendix A). */
export class ValidationException extends KmsError {
  override readonly name = 'ValidationException';
}

/** Sent by the authorization layer, with `Message` capitalised on the wire (kms-behaviour.md 7.2, 8.3). */
export class AccessDeniedException extends KmsError {
  override readonly name = 'AccessDeniedException';
  readonly messageField: MessageField = 'Message';
}

/** The body is not JSON, or a member has the wrong JSON type or undecodable base64 (kms-behaviour.md 8.1). */
export class SerializationException extends KmsError {
  override readonly name = 'SerializationException';
}

/** `X-Amz-Target` names no KMS operation (kms-behaviour.md 8.1). */
export class UnknownOperationException extends KmsError {
  override readonly name = 'UnknownOperationException';
}

export class MissingAuthenticationTokenException extends KmsError {
  override readonly name = 'MissingAuthenticationTokenException';
}

export class IncompleteSignatureException extends KmsError {
  override readonly name = 'IncompleteSignatureException';
}

export class InvalidSignatureException extends KmsError {
  override readonly name = 'InvalidSignatureException';
}

/** Unknown access key (kms-behaviour.md 8.3). */
export class UnrecognizedClientException extends KmsError {
  override readonly name = 'UnrecognizedClientException';
}

/** An STS session token past its expiry. */
export class ExpiredTokenException extends KmsError {
  override readonly name = 'ExpiredTokenException';
}

export class ThrottlingException extends KmsError {
  override readonly name = 'ThrottlingException';
}

/** The request's headers or body did not arrive in time; the HTTP listener answers it with 408 (SDKs retry it). */
export class RequestTimeoutException extends KmsError {
  override readonly name = 'RequestTimeoutException';
}

/**
 * CreateAlias with a name under the reserved `alias/aws/` prefix: AWS answers this exception, which the KMS model does
 * not list, with an empty message (kms-behaviour.md 6.1).
 */
export class NotAuthorizedException extends KmsError {
  override readonly name = 'NotAuthorizedException';
}

/** An unexpected failure inside openkms: HTTP 500 (kms-behaviour.md 8.3). */
export class InternalFailure extends KmsError {
  override readonly name = 'InternalFailure';
  override readonly fault = 'server';
}

/** The exceptions AWS sends that the KMS model does not list. */
export const extraErrorClasses = {
  ValidationException,
  AccessDeniedException,
  SerializationException,
  UnknownOperationException,
  MissingAuthenticationTokenException,
  IncompleteSignatureException,
  InvalidSignatureException,
  UnrecognizedClientException,
  ExpiredTokenException,
  ThrottlingException,
  RequestTimeoutException,
  NotAuthorizedException,
  InternalFailure,
} as const;

/** Every exception class by its wire name (`__type`), e.g. to rebuild an error from a name. */
export const errorClasses: Readonly<Record<string, new (message?: string) => KmsError>> = {
  ...modelErrorClasses,
  ...extraErrorClasses,
};

export function isKmsError(e: unknown): e is KmsError {
  return e instanceof KmsError;
}

/** Which JSON member carries `error`'s message: `message` unless the class says otherwise. */
export function messageFieldOf(error: KmsError): MessageField {
  return (error as { messageField?: MessageField }).messageField ?? 'message';
}
