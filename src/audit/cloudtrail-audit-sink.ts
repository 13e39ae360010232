// The audit sink of a server with auditing on: builds each call's CloudTrail record, writes state changes' records in
// their own transaction, and hands every other record to the group commit, answering once it is durable.

import type { AuditLogWriter } from './audit-log-port.js';
import type { AuditSink } from './audit-sink.js';
import { auditRowOf } from './audit-row.js';
import { buildAuditRecords, type RecordOptions } from './build-audit-record.js';
import type { CallOutcome } from './call-outcome.js';
import type { GroupCommitWriter } from './group-commit-writer.js';
import { buildServiceEventRecord, type ServiceEvent } from './service-event.js';

export class CloudTrailAuditSink implements AuditSink {
  constructor(
    private readonly writer: GroupCommitWriter,
    private readonly options: RecordOptions,
    /** Releases what the writer runs on (its thread), after the last batch. */
    private readonly release: () => Promise<void> = async () => undefined,
  ) {}

  appendInTransaction(tx: AuditLogWriter, outcome: CallOutcome): Promise<void> {
    return tx.appendAuditEvents(buildAuditRecords(outcome, this.options).map((record) => auditRowOf(record)));
  }

  append(outcome: CallOutcome): Promise<void> {
    const records = buildAuditRecords(outcome, this.options);
    // The hot path (~20,000 calls a second): the record is serialized here; hashing and SQL happen in the commit.
    return this.writer.append(records.length === 1 ? [auditRowOf(records[0]!)] : records.map((record) => auditRowOf(record)));
  }

  appendServiceEvent(tx: AuditLogWriter, event: ServiceEvent): Promise<void> {
    return tx.appendAuditEvents([auditRowOf(buildServiceEventRecord(event))]);
  }

  queueDepth(): number {
    return this.writer.queueDepth;
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.release();
  }
}
