// The SQL of the audit trail: appending records to their accounts' hash chains, the LookupEvents query, the chains
// in order for export and verification, and pruning by retention that leaves an anchor so the rest still verifies.

import { PreparedStatements } from './prepared-statements.js';
import { immediateTransactionPolling } from './short-busy-wait.js';
import { SAFETY_NET_CHECKPOINT_PAGES } from './wal-checkpointer.js';
import Database from 'better-sqlite3';
import { chainRecords, type ChainHead } from '../../audit/audit-chain.js';
import type { AuditAttribute, AuditBatchAppender, AuditEventQuery, AuditEventRow, StoredAuditEvent } from '../../audit/audit-log-port.js';
import type { AuditLogReader } from '../../audit/audit-log-reader.js';
import { auditEventFromRow, chainHeadFromRow } from '../row-mapping.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

const ATTRIBUTE_SQL: Readonly<Record<AuditAttribute, string>> = {
  eventId: 'event_id = @value',
  eventName: 'event_name = @value',
  eventSource: 'event_source = @value',
  readOnly: 'read_only = @value',
  username: 'username = @value',
  accessKeyId: 'access_key_id = @value',
  // A resource matches by its ARN or, as CloudTrail also allows for keys, by the id that ends it.
  resourceName: "(instr(' ' || resource_names || ' ', ' ' || @value || ' ') > 0 OR instr(resource_names || ' ', '/' || @value || ' ') > 0)",
  resourceType: "instr(' ' || resource_types || ' ', ' ' || @value || ' ') > 0",
};

export class SqliteAuditLog extends PreparedStatements implements AuditLogReader {

  /** Appends rows to their chains. Runs inside a write transaction, so the chain heads it reads are the latest. */
  append(rows: readonly AuditEventRow[]): void {
    const { chained, ends } = chainRecords(rows, (accountId) => {
      const stored = this.sql('SELECT head_index, head_hash FROM audit_chains WHERE account_id = ?').get(accountId) as Row | undefined;
      return stored ? { index: stored.head_index as number, hash: stored.head_hash as string } : undefined;
    });
    const insert = this.sql(
      `INSERT INTO audit_events (account_id, chain_index, region, event_time, event_id, event_name, event_source, read_only,
         username, access_key_id, resource_names, resource_types, record, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { row, chainIndex, prevHash, hash } of chained) {
      insert.run(
        row.accountId,
        chainIndex,
        row.region,
        row.eventTime,
        row.eventId,
        row.eventName,
        row.eventSource,
        row.readOnly ? 1 : 0,
        row.username ?? null,
        row.accessKeyId ?? null,
        row.resourceNames,
        row.resourceTypes,
        row.record,
        prevHash,
        hash,
      );
    }
    const upsert = this.sql(
      `INSERT INTO audit_chains (account_id, head_index, head_hash) VALUES (?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET head_index = excluded.head_index, head_hash = excluded.head_hash`,
    );
    for (const [accountId, end] of ends) upsert.run(accountId, end.index, end.hash);
  }

  /** Appends a batch in its own transaction (the group commit): durable when this returns (synchronous=FULL). */
  appendInOwnTransaction(rows: readonly AuditEventRow[]): void {
    this.db.transaction(() => this.append(rows)).immediate();
  }

  /** One account's records in one Region, newest first (LookupEvents). */
  query(query: AuditEventQuery): StoredAuditEvent[] {
    const where = ['account_id = @account', 'region = @region'];
    const params: Record<string, unknown> = { account: query.accountId, region: query.region, limit: query.limit };
    if (query.startTime !== undefined) {
      where.push('event_time >= @start');
      params.start = query.startTime;
    }
    if (query.endTime !== undefined) {
      where.push('event_time <= @end');
      params.end = query.endTime;
    }
    if (query.after) {
      where.push('(event_time < @afterTime OR (event_time = @afterTime AND seq < @afterSeq))');
      params.afterTime = query.after.eventTime;
      params.afterSeq = query.after.seq;
    }
    if (query.attribute) {
      where.push(ATTRIBUTE_SQL[query.attribute.name]);
      const { name, value } = query.attribute;
      params.value = name === 'readOnly' ? (value === 'true' ? 1 : 0) : value;
    }
    const text = `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY event_time DESC, seq DESC LIMIT @limit`;
    return (this.sql(text).all(params) as Row[]).map(auditEventFromRow);
  }

  /** Every chain's head, by account. */
  heads(): ChainHead[] {
    return (this.sql('SELECT * FROM audit_chains ORDER BY account_id').all() as Row[]).map(chainHeadFromRow);
  }

  /** Every account that has records, chain head or not (verification flags records no chain accounts for). */
  accountsWithRecords(): string[] {
    return (this.sql('SELECT DISTINCT account_id FROM audit_events ORDER BY account_id').all() as Row[]).map((row) => row.account_id as string);
  }

  /** One account's records in chain order, read lazily (for verification and export). */
  *chain(accountId: string, fromIndex = 1): IterableIterator<StoredAuditEvent> {
    const rows = this.sql('SELECT * FROM audit_events WHERE account_id = ? AND chain_index >= ? ORDER BY chain_index').iterate(
      accountId,
      fromIndex,
    ) as IterableIterator<Row>;
    for (const row of rows) yield auditEventFromRow(row);
  }

  /** The first record of `accountId`'s chain at or after `since` (epoch ms), if any: where an export starts. */
  firstIndexSince(accountId: string, since: number): number | undefined {
    const row = this.sql('SELECT min(chain_index) AS first FROM audit_events WHERE account_id = ? AND event_time >= ?').get(accountId, since) as Row;
    return (row.first as number | null) ?? undefined;
  }

  /**
   * Removes, per account, the oldest records older than `before` (a prefix of the chain: removal stops at the first
   * newer record), at most `limit` in all; the hash of the last removed record becomes the anchor verification starts at.
   * Runs inside the caller's write transaction.
   */
  prune(before: number, limit: number): number {
    let removed = 0;
    for (const head of this.heads()) {
      if (removed >= limit) break;
      const upper = Math.min(head.headIndex, head.prunedIndex + (limit - removed));
      const newer = this.sql(
        `SELECT chain_index FROM audit_events WHERE account_id = ? AND chain_index > ? AND chain_index <= ? AND event_time >= ?
         ORDER BY chain_index LIMIT 1`,
      ).get(head.accountId, head.prunedIndex, upper, before) as Row | undefined;
      const last = newer ? (newer.chain_index as number) - 1 : upper;
      if (last <= head.prunedIndex) continue;
      const anchor = this.sql('SELECT hash FROM audit_events WHERE account_id = ? AND chain_index = ?').get(head.accountId, last) as
        | Row
        | undefined;
      if (!anchor) continue; // a gap: leave it for verification to report
      this.sql('DELETE FROM audit_events WHERE account_id = ? AND chain_index <= ?').run(head.accountId, last);
      this.sql('UPDATE audit_chains SET pruned_index = ?, pruned_hash = ? WHERE account_id = ?').run(last, anchor.hash, head.accountId);
      removed += last - head.prunedIndex;
    }
    return removed;
  }
}

const WRITER_LOCK_TIMEOUT_MS = 10_000;

/** A connection of its own for the group-commit writer thread (WAL, synchronous=FULL like the store). */
export function openSqliteAuditWriter(path: string): AuditBatchAppender {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Waiting for the write lock is done by polling (short-busy-wait.ts), not by SQLite's sleeping busy handler.
  db.pragma('busy_timeout = 0');
  // Checkpoints are the checkpointer thread's job (wal-checkpointer.ts): this connection's own are only a safety net.
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
  const log = new SqliteAuditLog(db);
  return {
    append: (rows) => immediateTransactionPolling(db, () => log.append(rows), WRITER_LOCK_TIMEOUT_MS),
    close: () => db.close(),
  };
}

