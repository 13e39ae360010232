// Who runs the scheduled jobs and the housekeeping (audit retention, the storage's own, e.g. SQLite's checkpoints):
// one holder of the lease among every process and node on the same data. Storage picks the kind (server/open-storage.ts).

/**
 * The lease. `acquire` is tried at start and may be tried again later (a holder that went away frees it); `held` is
 * checked before every pass of the job runner, so a lease that is lost stops the runs at the next pass.
 */
export interface JobLease {
  /** Resolves whether this process holds the lease now (trying to take it if it does not). */
  acquire(): Promise<boolean>;
  readonly held: boolean;
  /** Gives the lease up (on shutdown), so that another process may take it. */
  release(): Promise<void>;
}

/**
 * A lease settled when processes are started: the only process, or worker 0 of `--workers` (server/workers.ts),
 * holds it, and no other ever does. Enough on one machine, where the primary restarts a worker 0 that dies with the
 * same index (docs/adr/0006); several nodes need a lease they contend for, such as a database advisory lock.
 */
export class ProcessLease implements JobLease {
  #held = false;

  constructor(private readonly designated: boolean) {}

  async acquire(): Promise<boolean> {
    this.#held = this.designated;
    return this.#held;
  }

  get held(): boolean {
    return this.#held;
  }

  async release(): Promise<void> {
    this.#held = false;
  }
}

/** For a runner on its own (tests, tools): always held. */
export const soleLease: JobLease = { acquire: async () => true, held: true, release: async () => undefined };
