// Retention of the audit trail: records older than the retention period are removed, oldest first, in small
// transactions; each chain keeps an anchor (the hash of its last removed record) so what remains still verifies.

import type { Clock } from '../domain/clock.js';
import type { SettingReader } from '../storage/setting-repository.js';
import type { AuditLogStore } from './audit-log-port.js';

/** The setting `openkms audit retention` writes; absent or 0 keeps every record. */
export const RETENTION_SETTING = 'audit.retentionDays';

const DAY_MS = 86_400_000;
/** Rows removed per transaction, so pruning never holds the write lock for long. */
const CHUNK = 5_000;

export function parseRetentionDays(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0) throw new Error(`retention is a whole number of days: ${text}`);
  return days === 0 ? undefined : days;
}

/** Removes every record older than `days` before `now`; returns how many. */
export async function pruneAuditTrail(store: Pick<AuditLogStore, 'pruneAuditEvents'>, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * DAY_MS);
  let total = 0;
  for (;;) {
    const removed = await store.pruneAuditEvents(before, CHUNK);
    total += removed;
    if (removed < CHUNK) return total;
  }
}

/** Prunes by the configured retention (the option wins over the stored setting) now and then every `intervalMs`. */
export class AuditRetention {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    private readonly store: Pick<AuditLogStore, 'pruneAuditEvents'> & SettingReader,
    private readonly clock: Clock,
    private readonly logError: (message: string, error: unknown) => void,
    private readonly retentionDays?: number,
  ) {}

  start(intervalMs = 3_600_000): void {
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }

  /** Runs one pruning pass; returns how many records it removed. */
  async pruneNow(): Promise<number> {
    const days = this.retentionDays ?? parseRetentionDays(await this.store.getSetting(RETENTION_SETTING));
    return days === undefined ? 0 : pruneAuditTrail(this.store, this.clock.now(), days);
  }

  #tick(): void {
    this.#running ??= this.pruneNow()
      .catch((error) => this.logError('audit retention pruning failed', error))
      .finally(() => {
        this.#running = undefined;
      });
  }
}
