// The audit log as the audit trail needs storage to keep it: records appended to their accounts' hash chains inside a
// transaction, LookupEvents' query, and pruning that leaves each chain verifiable. Every storage backend implements it.

/** One CloudTrail record as stored: the record's JSON text plus the columns LookupEvents filters on. */
export interface AuditEventRow {
  /** The account that receives the record (its recipientAccountId): each account has its own hash chain. */
  accountId: string;
  region: string;
  /** Epoch milliseconds. */
  eventTime: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  /** Resource ARNs and types, space-separated ('' when none). */
  resourceNames: string;
  resourceTypes: string;
  /** The record itself, exactly as hashed into the chain. */
  record: string;
}

/** A stored record with its place in its account's chain. */
export interface StoredAuditEvent extends AuditEventRow {
  seq: number;
  chainIndex: number;
  prevHash: string;
  hash: string;
}

export type AuditAttribute =
  | 'eventId'
  | 'eventName'
  | 'eventSource'
  | 'readOnly'
  | 'username'
  | 'accessKeyId'
  | 'resourceName'
  | 'resourceType';

export interface AuditEventQuery {
  accountId: string;
  region: string;
  /** Inclusive bounds, epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  attribute?: { name: AuditAttribute; value: string };
  limit: number;
  /** Continue after this record (the last one of the previous page). */
  after?: { eventTime: number; seq: number };
}

/** Inside a write transaction. */
export interface AuditLogWriter {
  /**
   * Appends records to their accounts' hash chains (audit-chain.ts chainRows) with the change they record. The chain
   * heads must be read inside this same transaction, so that every appender, in any process, appends in commit order.
   */
  appendAuditEvents(rows: readonly AuditEventRow[]): Promise<void>;
}

/** On the store itself, outside any transaction. */
export interface AuditLogStore {
  /** One account's records in one Region, newest first (LookupEvents). */
  queryAuditEvents(query: AuditEventQuery): Promise<StoredAuditEvent[]>;
  /**
   * Removes up to `limit` of the oldest records older than `before`: per account a prefix of its chain (removal stops at
   * the first newer record), in one transaction of its own; the hash of the last removed record becomes the chain's
   * anchor, so what remains still verifies. Returns how many were removed.
   */
  pruneAuditEvents(before: Date, limit: number): Promise<number>;
}

/**
 * The group commit's own connection (audit-writer-thread.ts): appends one batch in one durable transaction of its own,
 * blocking its thread until the batch is on disk.
 */
export interface AuditBatchAppender {
  append(rows: readonly AuditEventRow[]): void;
  close(): void;
}
