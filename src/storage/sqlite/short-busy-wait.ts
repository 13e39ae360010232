// Write transactions for a connection that may block its thread (the audit writer thread) while another process
// holds SQLite's write lock. SQLite's own busy handler sleeps 1, 2, 5, 10 … ms between attempts; with `--workers N`
// every worker's audit writer commits a batch every millisecond or so and holds the lock for a fraction of one, so
// those sleeps, not the disk, set the group commit's latency. Polling every POLL_MS instead hands the lock over
// almost as soon as it is free.

import type Database from 'better-sqlite3';

const POLL_MS = 0.1;
const pause = new Int32Array(new SharedArrayBuffer(4));

function isBusy(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_BUSY';
}

/**
 * Runs `work` in a BEGIN IMMEDIATE transaction, again and again while the database is locked, for at most
 * `timeoutMs`; `work` must only touch the database. The connection must have `busy_timeout = 0`, so that a locked database answers at once.
 */
export function immediateTransactionPolling<T>(db: Database.Database, work: () => T, timeoutMs: number): T {
  const transaction = db.transaction(work);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return transaction.immediate();
    } catch (error) {
      // Safe to run again: a refused attempt changed nothing, and `work` reads what it builds on inside the transaction.
      if (!isBusy(error) || performance.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, POLL_MS);
    }
  }
}
