// The hash chain: what verification reports for changed, removed, reordered and truncated records, and pruned chains.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chainHash, chainRecords, GENESIS_HASH, verifyChain, type ChainHead, type ChainLink } from './audit-chain.js';

const ACCOUNT = '111122223333';

function chain(records: string[], startIndex = 1, startHash = GENESIS_HASH): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = startHash;
  records.forEach((record, i) => {
    const hash = chainHash(ACCOUNT, startIndex + i, prev, record);
    links.push({ chainIndex: startIndex + i, prevHash: prev, hash, record });
    prev = hash;
  });
  return links;
}

function headOf(links: ChainLink[], prunedIndex = 0, prunedHash?: string): ChainHead {
  const last = links[links.length - 1]!;
  return { accountId: ACCOUNT, headIndex: last.chainIndex, headHash: last.hash, prunedIndex, ...(prunedHash ? { prunedHash } : {}) };
}

describe('the audit hash chain', () => {
  const links = chain(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
  const head = headOf(links);

  test('an untouched chain verifies', () => {
    assert.deepEqual(verifyChain(head, links), []);
  });

  test('the hash covers the account and the position, not only the text', () => {
    assert.notEqual(chainHash(ACCOUNT, 1, GENESIS_HASH, 'x'), chainHash('444455556666', 1, GENESIS_HASH, 'x'));
    assert.notEqual(chainHash(ACCOUNT, 1, GENESIS_HASH, 'x'), chainHash(ACCOUNT, 2, GENESIS_HASH, 'x'));
  });

  test('a changed record is detected', () => {
    const changed = links.map((link) => (link.chainIndex === 2 ? { ...link, record: '{"a":22}' } : link));
    assert.deepEqual(verifyChain(head, changed), [`account ${ACCOUNT}: record 2 was changed (its hash does not match its content)`]);
  });

  test('a changed record whose hash was recomputed still breaks the next link', () => {
    const forged = { ...links[1]!, record: '{"a":22}', hash: chainHash(ACCOUNT, 2, links[1]!.prevHash, '{"a":22}') };
    const problems = verifyChain(head, [links[0]!, forged, links[2]!, links[3]!]);
    assert.deepEqual(problems, [`account ${ACCOUNT}: record 3 does not follow the record before it (removed or reordered records)`]);
  });

  test('a removed record is detected', () => {
    const problems = verifyChain(head, [links[0]!, links[2]!, links[3]!]);
    assert.ok(problems.includes(`account ${ACCOUNT}: record 2 is missing`));
    assert.ok(problems.some((p) => p.includes('record 3 does not follow')));
  });

  test('reordered records are detected', () => {
    const problems = verifyChain(head, [links[0]!, links[2]!, links[1]!, links[3]!]);
    assert.ok(problems.length > 0);
    assert.ok(problems.some((p) => p.includes('out of order')));
  });

  test('records swapped with their positions renumbered are detected', () => {
    const swapped = [links[0]!, { ...links[2]!, chainIndex: 2 }, { ...links[1]!, chainIndex: 3 }, links[3]!];
    assert.ok(verifyChain(head, swapped).length > 0);
  });

  test('records removed from the end are detected against the head', () => {
    assert.deepEqual(verifyChain(head, links.slice(0, 2)), [`account ${ACCOUNT}: records 3-4 are missing (the chain head is record 4)`]);
  });

  test('a pruned chain verifies from its anchor', () => {
    const pruned = links.slice(2);
    assert.deepEqual(verifyChain(headOf(links, 2, links[1]!.hash), pruned), []);
    assert.ok(verifyChain(headOf(links, 2, GENESIS_HASH), pruned).length > 0);
  });

  test('a chain pruned to nothing verifies when its head is the anchor', () => {
    const last = links[3]!;
    assert.deepEqual(verifyChain({ accountId: ACCOUNT, headIndex: 4, headHash: last.hash, prunedIndex: 4, prunedHash: last.hash }, []), []);
  });

  test('a record check reports stored columns that disagree with the record', () => {
    const problems = verifyChain(head, links, (link) => (link.chainIndex === 3 ? 'its eventName column does not match the record' : undefined));
    assert.deepEqual(problems, [`account ${ACCOUNT}: record 3: its eventName column does not match the record`]);
  });
});

describe('chainRecords: where a batch goes in its accounts\' chains', () => {
  const OTHER = '444455556666';
  const rows = [
    { accountId: ACCOUNT, record: '{"a":1}' },
    { accountId: OTHER, record: '{"b":1}' },
    { accountId: ACCOUNT, record: '{"a":2}' },
  ];

  test('a batch on new chains starts each at index 1 after the genesis hash, and each head is read once', () => {
    const asked: string[] = [];
    const { chained, ends } = chainRecords(rows, (accountId) => {
      asked.push(accountId);
      return undefined;
    });
    assert.deepEqual(asked, [ACCOUNT, OTHER]);
    assert.deepEqual(
      chained.map((c) => [c.row.accountId, c.chainIndex]),
      [[ACCOUNT, 1], [OTHER, 1], [ACCOUNT, 2]],
    );
    const mine = chained.filter((c) => c.row.accountId === ACCOUNT);
    assert.deepEqual(mine, chain(['{"a":1}', '{"a":2}']).map((link, i) => ({ row: rows[i === 0 ? 0 : 2], chainIndex: link.chainIndex, prevHash: link.prevHash, hash: link.hash })));
    assert.deepEqual(ends.get(ACCOUNT), { index: 2, hash: mine[1]!.hash });
    assert.deepEqual(ends.get(OTHER), { index: 1, hash: chained[1]!.hash });
  });

  test('a batch continues a stored head, and the head it was given is left as it was', () => {
    const before = chain(['{"a":0}']);
    const stored = { index: 1, hash: before[0]!.hash };
    const { chained } = chainRecords([rows[0]!], () => stored);
    assert.deepEqual([chained[0]!.chainIndex, chained[0]!.prevHash], [2, before[0]!.hash]);
    assert.equal(chained[0]!.hash, chainHash(ACCOUNT, 2, before[0]!.hash, '{"a":1}'));
    assert.deepEqual(stored, { index: 1, hash: before[0]!.hash });
    assert.deepEqual(verifyChain({ accountId: ACCOUNT, headIndex: 2, headHash: chained[0]!.hash, prunedIndex: 0 }, [...before, { ...chained[0]!, record: '{"a":1}' }]), []);
  });
});
