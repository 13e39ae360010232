// Expiry of imported key material: at its ValidTo the material is deleted, a DeleteExpiredKeyMaterial service event is
// recorded, and the key returns to PendingImport if the material was permanent (docs/kms-behaviour.md 4.6).

import type { Scope } from '../domain/identifiers.js';
import { keyArn } from '../domain/identifiers.js';
import { applyMaterialsToKey, expiresAt, withoutMaterial, zeroizeMaterials } from '../domain/key-material.js';
import type { JobRecord, StoreWriter } from '../storage/repository.js';
import type { JobHandler } from './job-runner.js';
import { scheduleExpiry } from './schedule-expiry.js';

/** Called inside the job's transaction for each expired material: the hook for the audit trail's service event (9.3). */
export type ExpiredKeyMaterialListener = (
  key: Scope & { keyId: string },
  keyMaterialId: string,
  tx: StoreWriter,
  now: Date,
) => Promise<void>;

/**
 * Each EXTERNAL key with expiring material has one job, due at the earliest ValidTo (jobs/schedule-expiry.ts keeps it
 * so). When it runs, every material of the key whose ValidTo has passed is deleted, and the next job is set.
 */
export function expireKeyMaterialJob(onExpired?: ExpiredKeyMaterialListener, forgetMaterial?: (keyArn: string) => void): JobHandler {
  return async (job: JobRecord, tx: StoreWriter, now: Date): Promise<void> => {
    const key = await tx.getKey(job, job.keyId);
    // Deleted with its materials: nothing left to expire.
    if (!key) return;
    const materials = await tx.getKeyMaterials(key, key.keyId);
    try {
      const updated = [...materials];
      const expired: string[] = [];
      for (const [index, record] of materials.entries()) {
        const validTo = expiresAt(record);
        if (!validTo || validTo.getTime() > now.getTime()) continue;
        updated[index] = withoutMaterial(record);
        await tx.putKeyMaterial(key, key.keyId, updated[index]!);
        expired.push(record.keyMaterialId);
      }
      if (expired.length > 0) {
        applyMaterialsToKey(key, updated);
        await tx.putKey(key);
        for (const keyMaterialId of expired) await onExpired?.(key, keyMaterialId, tx, now);
      }
      await scheduleExpiry(tx, key, updated);
      if (expired.length > 0) forgetMaterial?.(keyArn(job, job.keyId));
    } finally {
      zeroizeMaterials(materials);
    }
  };
}
