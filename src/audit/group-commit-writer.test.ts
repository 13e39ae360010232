// Group commit: batching per turn of the event loop, answers only once a batch is durable, failures, and close.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEventRow } from '../storage/repository.js';
import { GroupCommitWriter } from './group-commit-writer.js';

function row(eventId: string): AuditEventRow {
  return {
    accountId: '111122223333',
    region: 'us-east-1',
    eventTime: 0,
    eventId,
    eventName: 'Encrypt',
    eventSource: 'kms.amazonaws.com',
    readOnly: true,
    resourceNames: '',
    resourceTypes: '',
    record: '{}',
  };
}

/** A committer whose commits finish when the test says so. */
function controlledCommitter() {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  const fail: ((error: Error) => void)[] = [];
  const commit = (rows: AuditEventRow[]) => {
    batches.push(rows.map((r) => r.eventId));
    return new Promise<void>((resolve, reject) => {
      finish.push(resolve);
      fail.push(reject);
    });
  };
  return { batches, finish, fail, commit };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  test('records appended in the same turn of the event loop share one commit', async () => {
    const c = controlledCommitter();
    const writer = new GroupCommitWriter(c.commit);
    const settled: string[] = [];
    for (const id of ['a', 'b', 'c']) void writer.append([row(id)]).then(() => settled.push(id));
    await turn();
    assert.deepEqual(c.batches, [['a', 'b', 'c']]);
    assert.deepEqual(settled, []);
    c.finish[0]!();
    await turn();
    assert.deepEqual(settled, ['a', 'b', 'c']);
  });

  test('an append resolves only once its own batch is durable; later batches go while one commits', async () => {
    const c = controlledCommitter();
    const writer = new GroupCommitWriter(c.commit);
    let firstDone = false;
    let secondDone = false;
    void writer.append([row('a')]).then(() => (firstDone = true));
    await turn();
    void writer.append([row('b')]).then(() => (secondDone = true));
    void writer.append([row('c')]);
    await turn();
    // The committer receives the second batch while the first is still being written (it merges what queues up).
    assert.deepEqual(c.batches, [['a'], ['b', 'c']]);
    c.finish[1]!();
    await turn();
    assert.equal(secondDone, true);
    assert.equal(firstDone, false);
    c.finish[0]!();
    await turn();
    assert.equal(firstDone, true);
  });

  test('a failed commit rejects every append of its batch, and the next batch still runs', async () => {
    const c = controlledCommitter();
    const writer = new GroupCommitWriter(c.commit);
    const first = writer.append([row('a')]);
    const second = writer.append([row('b')]);
    await turn();
    c.fail[0]!(new Error('disk full'));
    await assert.rejects(first, /disk full/);
    await assert.rejects(second, /disk full/);
    const third = writer.append([row('c')]);
    await turn();
    c.finish[1]!();
    await third;
    assert.deepEqual(c.batches, [['a', 'b'], ['c']]);
  });

  test('close commits what is queued and waits for every commit, then refuses new records', async () => {
    const c = controlledCommitter();
    const writer = new GroupCommitWriter(c.commit);
    void writer.append([row('a')]);
    await turn();
    const pending = writer.append([row('b'), row('c')]);
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    assert.deepEqual(c.batches, [['a'], ['b', 'c']]);
    c.finish[1]!();
    await pending;
    assert.equal(closed, false);
    c.finish[0]!();
    await closing;
    await assert.rejects(writer.append([row('c')]), /closed/);
  });
});
