// Where the records of API calls go. The pipeline calls it for every call; a state-changing operation's record is
// written inside the operation's own transaction, every other record before the response is sent.

import type { AuditLogWriter } from './audit-log-port.js';
import type { CallOutcome } from './call-outcome.js';
import type { ServiceEvent } from './service-event.js';

export interface AuditSink {
  /** Adds the record of a successful state-changing call to the transaction that makes the change. */
  appendInTransaction(tx: AuditLogWriter, outcome: CallOutcome): Promise<void>;
  /** Records a call that changed nothing (read-only calls and failures); durable when the promise settles. */
  append(outcome: CallOutcome): Promise<void>;
  /** Adds the record of something openkms did by itself (a job: DeleteKey, RotateKey...) to the job's transaction. */
  appendServiceEvent(tx: AuditLogWriter, event: ServiceEvent): Promise<void>;
  close(): Promise<void>;
  /** Records waiting to be made durable (the metrics' audit queue depth); absent where nothing queues. */
  queueDepth?(): number;
}

/** For servers started with auditing off (benchmarks compare both). */
export const disabledAuditSink: AuditSink = {
  appendInTransaction: async () => undefined,
  append: async () => undefined,
  appendServiceEvent: async () => undefined,
  close: async () => undefined,
};
