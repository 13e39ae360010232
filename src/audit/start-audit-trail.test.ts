// The audit trail of an in-memory store: group-committed, in-transaction and service-event records in one chain.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KmsKey } from '../domain/kms-key.js';
import { Sealer } from '../crypto/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { CallOutcome } from './call-outcome.js';
import { startAuditTrail } from './start-audit-trail.js';

const ACCOUNT = '111122223333';
const key = { accountId: ACCOUNT, region: 'us-east-1', keyId: 'k1', arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k1` } as KmsKey;

function outcome(eventName: string, requestId: string): CallOutcome {
  return {
    eventSource: 'kms.amazonaws.com',
    eventName,
    requestId,
    eventTime: new Date(),
    region: 'us-east-1',
    caller: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/admin`, kind: 'user', principalId: 'AIDA1', accessKeyId: 'AKIA1', userName: 'admin' },
    sourceIpAddress: '127.0.0.1',
    userAgent: 'test',
    input: { KeyId: 'k1', Plaintext: Buffer.from('secret') },
    notes: { resources: [key] },
  };
}

describe('the audit trail of an in-memory store (--dev)', () => {
  test('read-only records, in-transaction records and service events share one verified chain', async () => {
    const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
    const sink = await startAuditTrail({ store, defaultAccountId: ACCOUNT });
    try {
      await Promise.all([sink.append(outcome('Encrypt', 'r1')), sink.append(outcome('Decrypt', 'r2'))]);
      await store.write((tx) => sink.appendInTransaction(tx, outcome('DisableKey', 'r3')));
      await store.write((tx) =>
        sink.appendServiceEvent(tx, { eventName: 'DeleteKey', eventTime: new Date(), key: { accountId: ACCOUNT, region: 'us-east-1', arn: key.arn } }),
      );
      const events = await store.queryAuditEvents({ accountId: ACCOUNT, region: 'us-east-1', limit: 10 });
      assert.deepEqual(events.map((e) => [e.eventName, e.chainIndex]), [
        ['DeleteKey', 4],
        ['DisableKey', 3],
        ['Decrypt', 2],
        ['Encrypt', 1],
      ]);
      for (let i = 1; i < events.length; i++) assert.equal(events[i - 1]!.prevHash, events[i]!.hash);
      assert.ok(events.every((e) => !e.record.includes(Buffer.from('secret').toString('base64'))));
    } finally {
      await sink.close();
    }
    await assert.rejects(sink.append(outcome('Encrypt', 'late')), /closed/);
    await store.close();
  });
});
