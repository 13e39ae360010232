// The audit trail's hash chain: each account's records are numbered 1, 2, ... and each one's hash covers the hash of
// the record before it, so a changed, removed or reordered record breaks every hash after it.

import { createHash } from 'node:crypto';

/** The "hash before the first record" of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the account, the record's place in the chain, the previous hash and the record text (hex). */
export function chainHash(accountId: string, chainIndex: number, prevHash: string, record: string): string {
  return createHash('sha256').update(`${accountId}\n${chainIndex}\n${prevHash}\n`).update(record).digest('hex');
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
