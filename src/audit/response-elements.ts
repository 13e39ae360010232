// responseElements of a record: null for failures, read-only calls (every cryptographic operation, GetKeyPolicy,
// GetParametersForImport...), and otherwise what AWS shows for the operation (docs/kms-behaviour.md 9.1-9.3).

import { keyMetadata, type KmsKey } from '../domain/kms-key.js';
import type { CallOutcome } from './call-outcome.js';
import { auditValue, isoSeconds } from './cloudtrail-record.js';
import { isReadOnly } from './event-classification.js';

const DAY_MS = 86_400_000;

/** Management operations whose record names the affected key as `{keyId: <key ARN>}` even with no such output (9.1). */
const KEY_ID_RESPONSES: ReadonlySet<string> = new Set([
  'CancelKeyDeletion',
  'CreateAlias',
  'CreateGrant',
  'DeleteAlias',
  'DeleteImportedKeyMaterial',
  'DisableKey',
  'EnableKey',
  'EnableKeyRotation',
  'ImportKeyMaterial',
  'RotateKeyOnDemand',
  'SynchronizeMultiRegionKey',
  'TagResource',
  'UntagResource',
  'UpdateAlias',
  'UpdatePrimaryRegion',
]);

/**
 * The record of a state-changing call is written inside its transaction, before the operation returns, so the
 * elements the operation itself knows are taken from its audit notes when it set them in time, and otherwise derived
 * here from the request and the key it resolved to.
 */
export function responseElementsOf(outcome: CallOutcome): Record<string, unknown> | null {
  if (outcome.error || isReadOnly(outcome.eventName)) return null;
  const noted = outcome.notes.responseElements;
  const key = lastKey(outcome.notes.resources);
  switch (outcome.eventName) {
    case 'CreateKey':
      return key ? { keyMetadata: auditValue(keyMetadata(key), true) } : null;
    case 'ScheduleKeyDeletion':
      // A primary with replicas goes to PendingReplicaDeletion without a deletion date: the operation notes it.
      if (noted) return auditValue(noted, false) as Record<string, unknown>;
      return key ? scheduleKeyDeletionElements(outcome, key) : null;
  }
  if (noted !== undefined) return noted === null ? null : (auditValue(noted, false) as Record<string, unknown>);
  if (key && KEY_ID_RESPONSES.has(outcome.eventName)) return { keyId: key.arn };
  return null;
}

/** `keyId`, `keyState`, `deletionDate`, `pendingWindowInDays` (9.3): the deletion date is the request time plus the window. */
function scheduleKeyDeletionElements(outcome: CallOutcome, key: KmsKey): Record<string, unknown> {
  const window = typeof outcome.input?.PendingWindowInDays === 'number' ? outcome.input.PendingWindowInDays : 30;
  return {
    keyId: key.arn,
    keyState: 'PendingDeletion',
    deletionDate: isoSeconds(new Date(outcome.eventTime.getTime() + window * DAY_MS)),
    pendingWindowInDays: window,
  };
}

/** The key an operation acted on is the last one it resolved (UpdateAlias resolves the new target last). */
function lastKey(resources: readonly KmsKey[]): KmsKey | undefined {
  return resources.length === 0 ? undefined : resources[resources.length - 1];
}
