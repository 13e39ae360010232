// Moves checkpoints off the commit path. SQLite's default is that the connection whose commit takes the write-ahead
// log past 1000 pages copies the log into the database file and syncs it, inside that commit: under load that is the
// audit writer, and the requests waiting on its batch see a commit of tens of milliseconds instead of one. Here a
// thread of its own runs a PASSIVE checkpoint (which never blocks readers or writers) several times a second, so the
// log stays short and the writers' own automatic checkpoints, kept as a safety net, are not reached.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer connections' automatic checkpoint threshold, in pages, while a checkpointer runs: ~40 MB of log. */
export const SAFETY_NET_CHECKPOINT_PAGES = 10_000;

// Measured under Encrypt load: every 50 ms keeps each checkpoint's sync of the database file short; every 200 ms made
// those syncs long enough to hold up the writers' own syncs (p99 latency 75-110 ms instead of 17-22 ms).
const DEFAULT_INTERVAL_MS = 50;

interface CheckpointerData {
  sqliteModule: string;
  path: string;
  intervalMs: number;
}

// The thread's whole program. It is passed to the thread as source text (so it runs the same from dist/ and under tsx)
// and must not refer to anything outside itself.
function checkpointLoop(data: CheckpointerData): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const Database = require(data.sqliteModule) as typeof import('better-sqlite3');
  const db = new Database(data.path);
  // Another process's checkpointer may be at work (--workers): then this round is skipped, not waited for.
  db.pragma('busy_timeout = 0');
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') parentPort!.postMessage({ failed: String(error) });
    }
  }, data.intervalMs);
  parentPort!.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort!.close();
  });
  parentPort!.postMessage({ ready: true });
}

export class WalCheckpointer {
  #failure: string | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { failed?: string }) => {
      // Checkpoints failing is not fatal (the writers' own checkpoints take over); the first reason is kept for close().
      if (message.failed !== undefined) this.#failure ??= message.failed;
    });
  }

  static async start(path: string, intervalMs = DEFAULT_INTERVAL_MS): Promise<WalCheckpointer> {
    const data: CheckpointerData = { sqliteModule: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs };
    const worker = new Worker(`(${checkpointLoop.toString()})(require('node:worker_threads').workerData)`, {
      eval: true,
      workerData: data,
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    // Housekeeping only: it must never be what keeps a process alive.
    worker.unref();
    return new WalCheckpointer(worker);
  }

  /** The first checkpoint failure other than "busy", if any. */
  get failure(): string | undefined {
    return this.#failure;
  }

  async close(): Promise<void> {
    // Waited for, so it must hold the event loop open until it has gone.
    this.worker.ref();
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('close');
    await exited;
  }
}
