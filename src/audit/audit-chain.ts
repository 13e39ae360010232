// The audit trail's hash chain: each account's records are numbered 1, 2, ... and each one's hash covers the hash of
// the record before it, so a changed, removed or reordered record breaks every hash after it.

import { createHash } from 'node:crypto';

/** The "hash before the first record" of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the account, the record's place in the chain, the previous hash and the record text (hex). */
export function chainHash(accountId: string, chainIndex: number, prevHash: string, record: string): string {
  return createHash('sha256').update(`${accountId}\n${chainIndex}\n${prevHash}\n`).update(record).digest('hex');
}

/** Where a chain ends: its last record's index (0 for none yet) and hash (GENESIS_HASH for none yet). */
export interface ChainEnd {
  index: number;
  hash: string;
}

/** A record given its place in its account's chain. */
export interface ChainedRecord<R> {
  row: R;
  chainIndex: number;
  prevHash: string;
  hash: string;
}

/**
 * Places a batch of records at the ends of their accounts' chains, in the order given: what every backend's append
 * does before it writes. `endOf` reads an account's stored head (undefined when the account has no chain yet); it is
 * called once per account, inside the appending transaction. Returns the records with their places and the new ends,
 * which the backend stores as the heads in the same transaction.
 */
export function chainRecords<R extends { accountId: string; record: string }>(
  rows: readonly R[],
  endOf: (accountId: string) => ChainEnd | undefined,
): { chained: ChainedRecord<R>[]; ends: Map<string, ChainEnd> } {
  const ends = new Map<string, ChainEnd>();
  const chained = rows.map((row) => {
    let end = ends.get(row.accountId);
    if (!end) {
      end = { ...(endOf(row.accountId) ?? { index: 0, hash: GENESIS_HASH }) };
      ends.set(row.accountId, end);
    }
    const chainIndex = end.index + 1;
    const placed = { row, chainIndex, prevHash: end.hash, hash: chainHash(row.accountId, chainIndex, end.hash, row.record) };
    end.index = chainIndex;
    end.hash = placed.hash;
    return placed;
  });
  return { chained, ends };
}

/** One chain's stored head, and where pruning cut its beginning off. */
export interface ChainHead {
  accountId: string;
  headIndex: number;
  headHash: string;
  /** Records 1..prunedIndex were removed by retention; prunedHash is the hash of record prunedIndex. */
  prunedIndex: number;
  prunedHash?: string;
}

/** What verification needs of one stored record. */
export interface ChainLink {
  chainIndex: number;
  prevHash: string;
  hash: string;
  record: string;
}

/** Checks one account's records, given in chain order; returns what is wrong, empty when the chain holds. */
export function verifyChain(
  head: ChainHead,
  links: Iterable<ChainLink>,
  checkRecord?: (link: ChainLink) => string | undefined,
): string[] {
  const problems: string[] = [];
  const account = head.accountId;
  let expectedIndex = head.prunedIndex + 1;
  let expectedPrev = head.prunedIndex === 0 ? GENESIS_HASH : (head.prunedHash ?? '');
  for (const link of links) {
    if (link.chainIndex !== expectedIndex) {
      problems.push(
        link.chainIndex > expectedIndex
          ? `account ${account}: record ${expectedIndex}${link.chainIndex - 1 > expectedIndex ? `-${link.chainIndex - 1}` : ''} is missing`
          : `account ${account}: record ${link.chainIndex} is out of order`,
      );
    }
    if (link.prevHash !== expectedPrev) {
      problems.push(`account ${account}: record ${link.chainIndex} does not follow the record before it (removed or reordered records)`);
    }
    if (chainHash(account, link.chainIndex, link.prevHash, link.record) !== link.hash) {
      problems.push(`account ${account}: record ${link.chainIndex} was changed (its hash does not match its content)`);
    }
    const columns = checkRecord?.(link);
    if (columns) problems.push(`account ${account}: record ${link.chainIndex}: ${columns}`);
    expectedIndex = link.chainIndex + 1;
    expectedPrev = link.hash;
  }
  const lastIndex = expectedIndex - 1;
  if (lastIndex < head.headIndex) {
    const missing = lastIndex + 1 === head.headIndex ? `record ${head.headIndex} is` : `records ${lastIndex + 1}-${head.headIndex} are`;
    problems.push(`account ${account}: ${missing} missing (the chain head is record ${head.headIndex})`);
  } else if (lastIndex > head.headIndex || expectedPrev !== head.headHash) {
    problems.push(`account ${account}: the last record does not match the chain head`);
  }
  return problems;
}
