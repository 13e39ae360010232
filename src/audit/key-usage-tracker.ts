// Records GetKeyLastUsage's facts off the requests' path: the pipeline notes each successful cryptographic call here
// (a map update, nothing else), and a timer writes the latest use of every key noted since the last write in one
// transaction a second, keeping whichever use is later when another process wrote one meanwhile. Closing the server
// writes what is pending, so usage survives restarts; a crash loses at most the last interval's notes.
// The eventID is the one of the call's record in the key owner's account (build-audit-record.ts sets it).

import { isTrackedOperation, laterUsage, type KeyLastUsage } from '../domain/key-usage.js';
import type { Scope } from '../domain/identifiers.js';
import type { Store } from '../storage/repository.js';
import type { CallOutcome } from './call-outcome.js';

/** The setting that holds when this data directory began tracking key usage (TrackingStartDate for older keys). */
export const TRACKING_START_SETTING = 'keyUsageTrackingStartDate';

interface PendingUsage {
  scope: Scope;
  keyId: string;
  usage: KeyLastUsage;
}

export interface KeyUsageRecorder {
  /** Called by the pipeline after every call's record is written; cheap and synchronous. */
  note(outcome: CallOutcome): void;
}

export class KeyUsageTracker implements KeyUsageRecorder {
  #pending = new Map<string, PendingUsage>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly logError: (message: string, error: unknown) => void,
  ) {}

  note(outcome: CallOutcome): void {
    if (outcome.error || !isTrackedOperation(outcome.eventName)) return;
    for (const key of outcome.notes.resources) {
      const usage: KeyLastUsage = { operation: outcome.eventName, timestamp: outcome.eventTime, kmsRequestId: outcome.requestId };
      const eventId = outcome.eventIds?.[key.accountId];
      if (eventId !== undefined) usage.cloudTrailEventId = eventId;
      const previous = this.#pending.get(key.arn);
      this.#pending.set(key.arn, { scope: { accountId: key.accountId, region: key.region }, keyId: key.keyId, usage: laterUsage(previous?.usage, usage) });
    }
  }

  /** Writes pending usage every `intervalMs`. */
  start(intervalMs = 1_000): void {
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  /** Writes what is pending now; concurrent calls share one write. A failed write keeps its notes for the next one. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#flushing;
    await this.flush();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.store.write(async (tx) => {
        for (const { scope, keyId, usage } of batch.values()) {
          const stored = await tx.getKeyLastUsage(scope, keyId);
          const latest = laterUsage(stored, usage);
          if (latest !== stored) await tx.putKeyLastUsage(scope, keyId, latest);
        }
      });
    } catch (error) {
      for (const [arn, entry] of batch) {
        const newer = this.#pending.get(arn);
        this.#pending.set(arn, newer ? { ...newer, usage: laterUsage(entry.usage, newer.usage) } : entry);
      }
      this.logError('recording key usage failed; it is retried', error);
    }
  }
}

/** The first start of a version that tracks usage records the date; keys created earlier show it as TrackingStartDate. */
export async function ensureTrackingStart(store: Store, now: Date): Promise<void> {
  if ((await store.getSetting(TRACKING_START_SETTING)) !== undefined) return;
  await store.write(async (tx) => {
    if ((await tx.getSetting(TRACKING_START_SETTING)) === undefined) await tx.putSetting(TRACKING_START_SETTING, now.toISOString());
  });
}
