// Every answered call has its audit record: when the record cannot be written (a full disk, a failed database), the
// call is answered as a server fault (KMSInternalException, HTTP 500) instead of with its own outcome.
import { KMSInternalException } from '../api/errors.js';
import type { KmsError } from '../api/kms-error.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { CallOutcome } from '../audit/call-outcome.js';

export const UNRECORDED_MESSAGE = 'An internal error occurred. Retry the request.';

/** A failure of openkms's own, with the request it happened in where there is one. */
export type LogError = (message: string, error: unknown, context?: { requestId?: string }) => void;

/** Records a call that changed nothing; a record that cannot be written becomes KMSInternalException. */
export async function recordCall(audit: AuditSink, outcome: CallOutcome, logError: LogError): Promise<void> {
  try {
    await audit.append(outcome);
  } catch (auditError) {
    logError('the audit record could not be written; answering KMSInternalException', auditError, { requestId: outcome.requestId });
    throw new KMSInternalException(UNRECORDED_MESSAGE);
  }
}

/**
 * Records a failed call with its error and returns the error to answer with: the call's own, or KMSInternalException
 * when even this record cannot be written. `unrecorded` builds that answer for protocols with their own error type.
 */
export async function recordFailedCall<E>(
  audit: AuditSink,
  outcome: CallOutcome,
  error: E,
  describe: (error: E) => NonNullable<CallOutcome['error']>,
  logError: LogError,
  unrecorded: () => E,
): Promise<E> {
  outcome.error = describe(error);
  try {
    await audit.append(outcome);
    return error;
  } catch (auditError) {
    logError('the audit record of a failed call could not be written; answering a server fault', auditError, { requestId: outcome.requestId });
    return unrecorded();
  }
}

/** The audit record's errorCode and errorMessage of a KMS (or CloudTrail) error. */
export function describeKmsError(error: KmsError): NonNullable<CallOutcome['error']> {
  return { code: error.name, ...(error.hasMessage ? { message: error.message } : {}) };
}

export const kmsInternalException = (): KmsError => new KMSInternalException(UNRECORDED_MESSAGE);
