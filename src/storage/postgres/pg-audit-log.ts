// The SQL of the audit trail on PostgreSQL: appending records to their accounts' hash chains, the LookupEvents query,
// pruning that leaves an anchor, and the chains read for export and verification.
//
// One chain per account across every node: an append locks its accounts' head rows (SELECT … FOR UPDATE, in account
// order so two appenders never deadlock), inside a write transaction that the store already serializes across nodes
// (pg-store.ts), reads the heads, writes the records after them and moves the heads; the next appender, on any node,
// reads the heads only after that commit. So chain indexes are consecutive and each record follows the one committed
// before it, whichever node wrote either.

import { chainRecords, type ChainEnd, type ChainHead } from '../../audit/audit-chain.js';
import type { AuditAttribute, AuditEventQuery, AuditEventRow, StoredAuditEvent } from '../../audit/audit-log-port.js';
import type { AuditLogReader } from '../../audit/audit-log-reader.js';
import { query, queryOne, type Queryable, type Row } from './pg-connection.js';
import { auditEventFromRow, chainHeadFromRow } from '../row-mapping.js';

/** Each filter as SQL on the parameter `$v` (numbered when the query is built). */
const ATTRIBUTE_SQL: Readonly<Record<AuditAttribute, string>> = {
  eventId: 'event_id = $v',
  eventName: 'event_name = $v',
  eventSource: 'event_source = $v',
  readOnly: 'read_only = $v',
  username: 'username = $v',
  accessKeyId: 'access_key_id = $v',
  // A resource matches by its ARN or, as CloudTrail also allows for keys, by the id that ends it.
  resourceName: "(strpos(' ' || resource_names || ' ', ' ' || $v || ' ') > 0 OR strpos(resource_names || ' ', '/' || $v || ' ') > 0)",
  resourceType: "strpos(' ' || resource_types || ' ', ' ' || $v || ' ') > 0",
};

const COLUMNS = 15;

export class PgAuditLog {
  constructor(private readonly db: Queryable) {}

  /** Inside a write transaction: the heads are locked and read in it, so appenders on every node append in commit order. */
  async append(rows: readonly AuditEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    const accounts = [...new Set(rows.map((row) => row.accountId))].sort();
    const locked = await query(this.db, 'SELECT account_id, head_index, head_hash FROM audit_chains WHERE account_id = ANY($1) ORDER BY account_id FOR UPDATE', [
      accounts,
    ]);
    const heads = new Map<string, ChainEnd>(locked.map((row) => [row.account_id as string, { index: row.head_index as number, hash: row.head_hash as string }]));
    const { chained, ends } = chainRecords(rows, (accountId) => heads.get(accountId));
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const { row, chainIndex, prevHash, hash } of chained) {
      const base = values.length;
      tuples.push(`(${Array.from({ length: COLUMNS }, (_, i) => `$${base + i + 1}`).join(', ')})`);
      values.push(
        row.accountId,
        chainIndex,
        row.region,
        row.eventTime,
        row.eventId,
        row.eventName,
        row.eventSource,
        row.readOnly,
        row.username ?? null,
        row.accessKeyId ?? null,
        row.resourceNames,
        row.resourceTypes,
        row.record,
        prevHash,
        hash,
      );
    }
    await query(
      this.db,
      `INSERT INTO audit_events (account_id, chain_index, region, event_time, event_id, event_name, event_source, read_only,
         username, access_key_id, resource_names, resource_types, record, prev_hash, hash) VALUES ${tuples.join(', ')}`,
      values,
    );
    for (const [accountId, end] of ends) {
      await query(
        this.db,
        `INSERT INTO audit_chains (account_id, head_index, head_hash) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET head_index = excluded.head_index, head_hash = excluded.head_hash`,
        [accountId, end.index, end.hash],
      );
    }
  }

  /** One account's records in one Region, newest first (LookupEvents). */
  async query(request: AuditEventQuery): Promise<StoredAuditEvent[]> {
    const values: unknown[] = [request.accountId, request.region];
    const where = ['account_id = $1', 'region = $2'];
    const param = (value: unknown) => `$${values.push(value)}`;
    if (request.startTime !== undefined) where.push(`event_time >= ${param(request.startTime)}`);
    if (request.endTime !== undefined) where.push(`event_time <= ${param(request.endTime)}`);
    if (request.after) {
      const time = param(request.after.eventTime);
      const seq = param(request.after.seq);
      where.push(`(event_time < ${time} OR (event_time = ${time} AND seq < ${seq}))`);
    }
    if (request.attribute) {
      const { name, value } = request.attribute;
      const placeholder = param(name === 'readOnly' ? value === 'true' : value);
      where.push(ATTRIBUTE_SQL[name].replaceAll('$v', () => placeholder));
    }
    const text = `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY event_time DESC, seq DESC LIMIT ${param(request.limit)}`;
    return (await query(this.db, text, values)).map(auditEventFromRow);
  }

  async heads(): Promise<ChainHead[]> {
    return (await query(this.db, 'SELECT * FROM audit_chains ORDER BY account_id')).map(chainHeadFromRow);
  }

  /**
   * Removes, per account, the oldest records older than `before` (a prefix of the chain), at most `limit` in all; the
   * hash of the last removed record becomes the chain's anchor. Inside the caller's write transaction.
   */
  async prune(before: number, limit: number): Promise<number> {
    let removed = 0;
    for (const head of await this.heads()) {
      if (removed >= limit) break;
      const upper = Math.min(head.headIndex, head.prunedIndex + (limit - removed));
      const newer = await queryOne(
        this.db,
        `SELECT chain_index FROM audit_events WHERE account_id = $1 AND chain_index > $2 AND chain_index <= $3 AND event_time >= $4
         ORDER BY chain_index LIMIT 1`,
        [head.accountId, head.prunedIndex, upper, before],
      );
      const last = newer ? (newer.chain_index as number) - 1 : upper;
      if (last <= head.prunedIndex) continue;
      const anchor = await queryOne(this.db, 'SELECT hash FROM audit_events WHERE account_id = $1 AND chain_index = $2', [head.accountId, last]);
      if (!anchor) continue; // a gap: leave it for verification to report
      await query(this.db, 'DELETE FROM audit_events WHERE account_id = $1 AND chain_index <= $2', [head.accountId, last]);
      await query(this.db, 'UPDATE audit_chains SET pruned_index = $1, pruned_hash = $2 WHERE account_id = $3', [last, anchor.hash, head.accountId]);
      removed += last - head.prunedIndex;
    }
    return removed;
  }

  /**
   * The trail as export and verification read it (audit-log-reader.ts, which reads synchronously): the heads and every
   * record, read in one REPEATABLE READ transaction so they are one consistent snapshot of every node's records.
   */
  static async snapshot(client: Queryable): Promise<AuditLogReader> {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const log = new PgAuditLog(client);
      const heads = await log.heads();
      const events = (await query(client, 'SELECT * FROM audit_events ORDER BY account_id, chain_index')).map(auditEventFromRow);
      await client.query('COMMIT');
      return snapshotReader(heads, events);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}

function snapshotReader(heads: ChainHead[], events: StoredAuditEvent[]): AuditLogReader {
  const byAccount = new Map<string, StoredAuditEvent[]>();
  for (const event of events) {
    let chain = byAccount.get(event.accountId);
    if (!chain) byAccount.set(event.accountId, (chain = []));
    chain.push(event);
  }
  return {
    heads: () => heads,
    accountsWithRecords: () => [...byAccount.keys()],
    chain: (accountId, fromIndex = 1) => (byAccount.get(accountId) ?? []).filter((event) => event.chainIndex >= fromIndex),
    firstIndexSince: (accountId, since) => byAccount.get(accountId)?.find((event) => event.eventTime >= since)?.chainIndex,
  };
}

