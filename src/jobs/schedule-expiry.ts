// The schedule of the DeleteExpiredKeyMaterial job: one job per EXTERNAL key, due at the earliest ValidTo of its
// expiring material. Kept by every change of a key's materials (import, deletion, expiry); run by expire-key-material-job.ts.

import { expiresAt, type KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { JobKind, StoreWriter } from '../storage/repository.js';

export const EXPIRY_JOB: JobKind = 'DeleteExpiredKeyMaterial';

/**
 * Keeps one DeleteExpiredKeyMaterial job per key, due at the earliest ValidTo of its present expiring material (any
 * state, pending rotation too), or none. Persisted, so expiry happens after a restart too (4.6).
 */
export async function scheduleExpiry(tx: StoreWriter, key: KmsKey, materials: readonly KeyMaterialRecord[]): Promise<void> {
  await tx.deleteJobs(key, key.keyId, EXPIRY_JOB);
  const times = materials.map(expiresAt).filter((date): date is Date => date !== undefined).map((date) => date.getTime());
  if (times.length === 0) return;
  await tx.addJob({ kind: EXPIRY_JOB, accountId: key.accountId, region: key.region, keyId: key.keyId, dueAt: new Date(Math.min(...times)) });
}
