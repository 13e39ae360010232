// Group commit for the records of calls that change nothing (read-only calls, failures): the records of one turn of
// the event loop form a batch, the committer writes batches durably (merging those that queue up behind a commit into
// one transaction), and every call waiting on a batch is answered at once when it is on disk
// (docs/adr/0003-audit-writer-thread-group-commit.md).

import { performance } from 'node:perf_hooks';
import type { AuditEventRow } from './audit-log-port.js';

/** Commits a batch of records durably; resolves once they are on disk. Batches may be handed over before the last settled. */
export type BatchCommitter = (records: AuditEventRow[]) => Promise<void>;

interface Batch {
  records: AuditEventRow[];
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { records: [], promise, resolve, reject };
}

/** Told how long each batch took to commit (the metrics' commit latency). */
export type CommitObserver = (seconds: number, records: number) => void;

export class GroupCommitWriter {
  #pending: Batch | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #closed = false;
  #queued = 0;

  constructor(
    private readonly commit: BatchCommitter,
    private readonly observeCommit?: CommitObserver,
  ) {}

  /** Records waiting for their batch to leave or for its commit to finish. */
  get queueDepth(): number {
    return this.#queued;
  }

  /**
   * Queues records; the promise settles when the batch holding them is durable (or failed). Every caller of one batch
   * shares one promise, so a call costs a push and nothing else.
   */
  append(records: readonly AuditEventRow[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the audit trail is closed'));
    let batch = this.#pending;
    if (!batch) {
      batch = this.#pending = newBatch();
      // The calls that arrive in this turn of the event loop join the batch; it leaves right after.
      setImmediate(this.#flush);
    }
    for (const record of records) batch.records.push(record);
    this.#queued += records.length;
    return batch.promise;
  }

  readonly #flush = (): void => {
    const batch = this.#pending;
    if (!batch) return;
    this.#pending = undefined;
    const started = performance.now();
    const count = batch.records.length;
    const done = this.commit(batch.records)
      .finally(() => {
        this.#queued -= count;
        this.observeCommit?.((performance.now() - started) / 1000, count);
      })
      .then(batch.resolve, batch.reject);
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
  };

  /** Commits what is queued, waits for every commit, then refuses new records. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#flush();
    await Promise.all(this.#inFlight);
  }
}
