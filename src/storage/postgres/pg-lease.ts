// The job lease on PostgreSQL (jobs/lease.ts): a session advisory lock held on a connection of its own. One node of
// all those on the database holds it; when that node dies, PostgreSQL ends its session (at once for a process that
// exits, within the TCP keepalive time for a machine that vanishes) and frees the lock, and the next node to try takes
// it: the job runner tries at every pass (every second), so the jobs move within seconds.

import pg from 'pg';
import type { JobLease } from '../../jobs/lease.js';
import { advisoryLockKeys, clientConfig, type PgConnectionSettings } from './pg-connection.js';

/** How soon the server notices a peer that vanished without closing its connection (a dead machine, a cut network). */
const KEEPALIVE_DELAY_MS = 5_000;

export class PgAdvisoryLease implements JobLease {
  #client: pg.Client | undefined;
  #held = false;
  #acquiring: Promise<boolean> | undefined;

  constructor(
    private readonly settings: PgConnectionSettings,
    private readonly logError: (message: string, error: unknown) => void,
  ) {}

  get held(): boolean {
    return this.#held;
  }

  acquire(): Promise<boolean> {
    if (this.#held) return Promise.resolve(true);
    this.#acquiring ??= this.#tryAcquire().finally(() => (this.#acquiring = undefined));
    return this.#acquiring;
  }

  async #tryAcquire(): Promise<boolean> {
    try {
      let client = this.#client;
      if (!client) {
        client = this.#client = this.#newClient();
        await client.connect();
      }
      const result = await client.query('SELECT pg_try_advisory_lock($1, $2) AS taken', advisoryLockKeys('job-lease', this.settings.schema));
      this.#held = (result.rows[0] as { taken: boolean }).taken;
      return this.#held;
    } catch (error) {
      this.#drop();
      this.logError('the job lease could not be taken (PostgreSQL unreachable?); trying again later', error);
      return false;
    }
  }

  #newClient(): pg.Client {
    const client = new pg.Client({ ...clientConfig(this.settings), keepAlive: true, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS });
    // The lock lives as long as this session: a session that fails has lost it (another node may hold it now).
    client.on('error', (error) => {
      if (this.#client === client) this.#drop();
      this.logError('the job lease\'s PostgreSQL connection failed; the lease is lost', error);
    });
    client.on('end', () => {
      if (this.#client === client) this.#drop();
    });
    return client;
  }

  #drop(): void {
    this.#held = false;
    const client = this.#client;
    this.#client = undefined;
    void client?.end().catch(() => undefined);
  }

  async release(): Promise<void> {
    const client = this.#client;
    this.#held = false;
    this.#client = undefined;
    // Ending the session frees the lock.
    await client?.end().catch(() => undefined);
  }
}
