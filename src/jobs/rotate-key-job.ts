// Automatic rotation when a key's NextRotationDate arrives: new CURRENT key material (RotationType AUTOMATIC) and the
// next RotateKey job one period later; keys not Enabled keep their missed rotation for later (docs/kms-behaviour.md 1.4, 5).

import { canRotate, DEFAULT_ROTATION_PERIOD_IN_DAYS, rotationDateAfter, type KeyRotationListener } from '../domain/key-rotation.js';
import type { KeyStores } from '../keystore/key-stores.js';
import { rotateKeyMaterial } from '../keystore/rotate-key-material.js';
import { syncReplicas } from '../keystore/sync-replicas.js';
import type { JobRecord, StoreWriter } from '../storage/repository.js';
import type { JobHandler } from './job-runner.js';

/**
 * How often a due rotation of a Disabled or PendingDeletion key is looked at again. AWS rotates a missed rotation
 * as soon as the key is re-enabled (1.4); rather than have EnableKey and CancelKeyDeletion know about rotation, the
 * job leaves NextRotationDate in the past and checks back hourly, so the catch-up comes within an hour of re-enabling.
 */
export const MISSED_ROTATION_RECHECK_MS = 3_600_000;

export function rotateKeyJob(keyStores: KeyStores, onRotated?: KeyRotationListener<StoreWriter>): JobHandler {
  return async (job: JobRecord, tx: StoreWriter, now: Date): Promise<void> => {
    const key = await tx.getKey(job, job.keyId);
    // Deleted, rotation disabled, or a key that cannot rotate: the job just ends (the runner removes it).
    const next = key?.rotation.enabled ? key.rotation.nextRotationDate : undefined;
    if (!key || !next || key.origin !== 'AWS_KMS' || !canRotate(key)) return;
    // Each key keeps exactly one RotateKey job: the runner deletes this one afterwards, and this drops any other.
    await tx.deleteJobs(job, job.keyId, 'RotateKey');
    const reschedule = (dueAt: Date) => tx.addJob({ kind: 'RotateKey', accountId: job.accountId, region: job.region, keyId: job.keyId, dueAt });
    if (next.getTime() > now.getTime()) {
      // Not due (the schedule moved after this job was read): wait for the key's own date.
      await reschedule(next);
      return;
    }
    if (key.keyState !== 'Enabled') {
      // No rotation while Disabled or PendingDeletion (1.4); the missed one happens once the key is Enabled again.
      await reschedule(new Date(now.getTime() + MISSED_ROTATION_RECHECK_MS));
      return;
    }
    // Symmetric material is 32 random bytes: making it inside the transaction costs nothing worth moving out.
    const material = await keyStores.for(key).newMaterial(key, now);
    try {
      await rotateKeyMaterial(tx, key, material, 'AUTOMATIC', now, onRotated);
    } finally {
      material.material?.fill(0);
    }
    // "Every period thereafter", counted from this rotation, also when it caught up a missed one (1.4).
    const nextRotationDate = rotationDateAfter(now, key.rotation.periodInDays ?? DEFAULT_ROTATION_PERIOD_IN_DAYS);
    key.rotation = { ...key.rotation, nextRotationDate };
    await tx.putKey(key);
    // Replicas rotate with their primary: same new material, same schedule (kms-behaviour.md 10).
    await syncReplicas(tx, key);
    await reschedule(nextRotationDate);
  };
}
