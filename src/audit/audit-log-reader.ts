// What export and verification read of a stored audit trail: the chains' heads and each chain in order. The SQLite
// audit log provides it (read offline by the openkms CLI).

import type { StoredAuditEvent } from './audit-log-port.js';
import type { ChainHead } from './audit-chain.js';

export interface AuditLogReader {
  heads(): ChainHead[];
  accountsWithRecords(): string[];
  /** One account's records from `fromIndex` on, in chain order. */
  chain(accountId: string, fromIndex?: number): Iterable<StoredAuditEvent>;
  /** The first chain index of `accountId` whose record is at or after `since` (epoch ms). */
  firstIndexSince(accountId: string, since: number): number | undefined;
}
