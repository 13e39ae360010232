// Group commit for the records of calls that change nothing (read-only calls, failures): records queue up, one commit
// writes the whole batch durably, and every call waiting on that batch is answered at once. The next batch forms while
// one is being committed, so the commit cost is shared by all calls that arrive meanwhile (ARCHITECTURE.md, audit).

import type { AuditEventRow } from '../storage/repository.js';

/** Commits a batch of records durably; resolves once they are on disk. */
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

export class GroupCommitWriter {
  #pending: Batch | undefined;
  #inFlight: Promise<void> | undefined;
  #scheduled = false;
  #closed = false;

  constructor(private readonly commit: BatchCommitter) {}

  /**
   * Queues records; the promise settles when the batch holding them is durable (or failed). Every caller of one batch
   * shares one promise, so a call costs a push and nothing else.
   */
  append(records: readonly AuditEventRow[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the audit trail is closed'));
    const batch = (this.#pending ??= newBatch());
    for (const record of records) batch.records.push(record);
    // Wait for the calls that arrived in the same turn of the event loop before committing, so they share the commit.
    if (!this.#inFlight && !this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
    return batch.promise;
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const batch = this.#pending;
    if (!batch || this.#inFlight) return;
    this.#pending = undefined;
    this.#inFlight = this.commit(batch.records).then(batch.resolve, batch.reject).finally(() => {
      this.#inFlight = undefined;
      // What queued up during this commit goes next, at once.
      if (this.#pending) this.#flush();
    });
  };

  /** Commits what is queued, then refuses new records. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight || this.#pending) {
      if (!this.#inFlight) this.#flush();
      await this.#inFlight?.catch(() => undefined);
    }
  }
}
