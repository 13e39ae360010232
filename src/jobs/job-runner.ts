// Runs persisted jobs whose deadline has passed, while this process holds the job lease. The deadlines live in storage
// (the source of truth); the timer here only wakes the runner up, so a job due while the server was down runs at the
// next start. Each job is claimed inside its own transaction, so two runners never both run it.

import type { Clock } from '../domain/clock.js';
import type { JobKind, JobRecord, Store, StoreWriter } from '../storage/repository.js';
import { soleLease, type JobLease } from './lease.js';

export type JobHandler = (job: JobRecord, tx: StoreWriter, now: Date) => Promise<void>;

const BATCH = 100;

export class JobRunner {
  /** Runs and failures by job kind since start, for the metrics. */
  readonly counts = new Map<JobKind, { runs: number; failures: number }>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly handlers: Readonly<Partial<Record<JobKind, JobHandler>>>,
    private readonly logError: (message: string, error: unknown) => void,
    private readonly lease: JobLease = soleLease,
  ) {}

  /** Checks for due jobs now and then every `intervalMs`. */
  start(intervalMs = 1_000): void {
    void this.runDue();
    this.#timer = setInterval(() => void this.runDue(), intervalMs);
    this.#timer.unref();
  }

  /** Runs every job due at the clock's now, if this process holds the lease; returns how many ran. Concurrent calls share one pass. */
  runDue(): Promise<number> {
    this.#running ??= this.#runAll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  #count(kind: JobKind): { runs: number; failures: number } {
    let counts = this.counts.get(kind);
    if (!counts) this.counts.set(kind, (counts = { runs: 0, failures: 0 }));
    return counts;
  }

  async #runAll(): Promise<number> {
    let ran = 0;
    for (;;) {
      // A lease not held is tried again at every pass: a node takes over the jobs of one whose lease went away.
      if (!this.lease.held && !(await this.lease.acquire())) return ran;
      const now = this.clock.now();
      const due = await this.store.dueJobs(now, BATCH);
      for (const job of due) {
        const handler = this.handlers[job.kind];
        if (!handler) continue; // a job of a kind this build does not run stays scheduled
        try {
          // The job's claim (its removal), its work and its audit record commit together: a crash in between runs it
          // again, never half; a runner that read the job as due but finds it gone (another took it) skips it.
          const claimed = await this.store.write(async (tx) => {
            if (!(await tx.deleteJob(job.id!))) return false;
            await handler(job, tx, now);
            return true;
          });
          if (claimed) {
            ran++;
            this.#count(job.kind).runs++;
          }
        } catch (error) {
          this.#count(job.kind).failures++;
          this.logError(`job ${job.kind} for ${job.keyId} failed; it stays scheduled`, error);
        }
      }
      if (due.length < BATCH || ran === 0) return ran;
    }
  }
}
