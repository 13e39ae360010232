// Which keys can rotate their key material, automatically or on demand, the rotation schedule's arithmetic, and the
// hook every completed rotation calls (docs/kms-behaviour.md section 5, footnotes 6 and 7 of 1.3).

import type { RotationType } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { KmsKey } from './kms-key.js';
import { keyStateError } from './key-state.js';

export const DEFAULT_ROTATION_PERIOD_IN_DAYS = 365;
/** On-demand rotations per key; not adjustable (section 5). */
export const ON_DEMAND_ROTATION_QUOTA = 25;
/** RotateKeyOnDemand is refused while an automatic rotation is due this soon (section 5, ConflictException). */
export const AUTOMATIC_ROTATION_CONFLICT_WINDOW_MS = 20 * 60_000;

const DAY_MS = 86_400_000;

/**
 * Called inside the rotation's transaction after every completed rotation, automatic or on demand: the hook for the
 * CloudTrail `RotateKey` service event (kms-behaviour.md 9.3), which src/audit builds. `rotationDate` is the
 * rotation's time (the injected clock's, so tests that move time see it). `Tx` is that transaction (the storage's
 * StoreWriter), named by the caller: the domain knows no storage.
 */
export type KeyRotationListener<Tx> = (
  key: KmsKey,
  previousKeyMaterialId: string | undefined,
  currentKeyMaterialId: string,
  rotationType: RotationType,
  tx: Tx,
  rotationDate: Date,
) => Promise<void>;

type RotationFacts = Pick<KmsKey, 'arn' | 'origin' | 'keySpec' | 'customKeyStoreId'>;

/** Keys in a custom key store never rotate (footnote 7); their origin is AWS_CLOUDHSM or EXTERNAL_KEY_STORE. */
export function isInCustomKeyStore(key: RotationFacts): boolean {
  return key.customKeyStoreId !== undefined || key.origin === 'AWS_CLOUDHSM' || key.origin === 'EXTERNAL_KEY_STORE';
}

/** Only symmetric encryption keys outside custom key stores have key material that rotates (section 5 table). */
export function canRotate(key: RotationFacts): boolean {
  return key.keySpec === 'SYMMETRIC_DEFAULT' && !isInCustomKeyStore(key);
}

/** Automatic rotation: symmetric keys of origin AWS_KMS only; EXTERNAL keys get footnote 6, other keys footnote 7. */
export function assertAutomaticRotationSupported(key: RotationFacts): void {
  if (key.origin === 'EXTERNAL') throw keyStateError(6, key);
  assertRotationSupported(key);
}

/**
 * Footnote 7 for key types that cannot rotate. AWS's text is not known [?]; this is the emulators' text [E]
 * (kms-behaviour.md Appendix A.3 lets free text stand where AWS's is unknown).
 */
export function assertRotationSupported(key: RotationFacts): void {
  assertNotInCustomKeyStore(key);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new UnsupportedOperationException(
      'You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage.',
    );
  }
}

/** Footnote 7: keys in a custom key store. No AWS text is known [?]. */
export function assertNotInCustomKeyStore(key: RotationFacts): void {
  if (isInCustomKeyStore(key)) {
    throw new UnsupportedOperationException(`${key.arn} is in a custom key store, which does not support key rotation.`);
  }
}

/**
 * Rotation settings and on-demand rotation belong to a multi-Region primary; its replicas follow it (section 10).
 * AWS's text for a replica is not known [?]; this is its text for replicating a replica.
 */
export function assertNotReplica(key: Pick<KmsKey, 'arn' | 'multiRegion' | 'multiRegionKeyType'>): void {
  if (key.multiRegion && key.multiRegionKeyType === 'REPLICA') {
    throw new UnsupportedOperationException(`${key.arn} is not a multi-region primary key.`);
  }
}

export function rotationDateAfter(from: Date, periodInDays: number): Date {
  return new Date(from.getTime() + periodInDays * DAY_MS);
}
