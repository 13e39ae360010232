// `openkms audit verify`: walks every account's hash chain from its start (or the anchor retention left) to its head
// and reports every changed, removed, reordered or added record, and any column changed apart from its record.

import { verifyChain, type ChainLink } from './audit-chain.js';
import type { AuditLogReader } from './audit-log-reader.js';
import { mismatchedColumn } from './audit-row.js';
import type { StoredAuditEvent } from './audit-log-port.js';

export interface VerifyReport {
  accounts: number;
  records: number;
  problems: string[];
}

export function verifyAuditLog(log: AuditLogReader): VerifyReport {
  const report: VerifyReport = { accounts: 0, records: 0, problems: [] };
  const heads = log.heads();
  const chained = new Set(heads.map((head) => head.accountId));
  for (const accountId of log.accountsWithRecords()) {
    if (!chained.has(accountId)) report.problems.push(`account ${accountId}: records exist but the account has no chain head`);
  }
  for (const head of heads) {
    report.accounts++;
    const counted = countRecords(log.chain(head.accountId, 1), () => report.records++);
    const check = (link: ChainLink) => mismatchedColumn(link as StoredAuditEvent);
    report.problems.push(...verifyChain(head, counted, check));
  }
  return report;
}

function* countRecords<T>(items: Iterable<T>, onEach: () => void): Iterable<T> {
  for (const item of items) {
    onEach();
    yield item;
  }
}
