// GetKeyLastUsage's facts: the last successful cryptographic operation of one key (per key: each replica of a
// multi-Region key keeps its own, and ReEncrypt counts for both of its keys), as the model's KeyLastUsageData shapes it.

import { KeyLastUsageTrackingOperation } from '../api/model.generated.js';

export interface KeyLastUsage {
  operation: KeyLastUsageTrackingOperation;
  timestamp: Date;
  /** The eventID of the call's CloudTrail record in the key owner's account; absent when auditing is off. */
  cloudTrailEventId?: string;
  kmsRequestId: string;
}

const TRACKED: ReadonlySet<string> = new Set(KeyLastUsageTrackingOperation);

/** The operations whose successful calls count as use (the model's KeyLastUsageTrackingOperation). */
export function isTrackedOperation(operation: string): operation is KeyLastUsageTrackingOperation {
  return TRACKED.has(operation);
}

/** Of two usages of a key, the later one (the first on a tie, so a flush never goes back in time). */
export function laterUsage(a: KeyLastUsage | undefined, b: KeyLastUsage): KeyLastUsage {
  return a && a.timestamp.getTime() >= b.timestamp.getTime() ? a : b;
}
