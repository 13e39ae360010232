// The end of a deletion window: the key, all its key material and its aliases are deleted for good
// (docs/kms-behaviour.md 1.4), if the key is still pending deletion.

import { keyArn } from '../domain/identifiers.js';
import type { JobRecord, StoreWriter } from '../storage/repository.js';

export interface DeletedKeyListener {
  (job: JobRecord, tx: StoreWriter, now: Date): Promise<void>;
}

export function deleteKeyJob(onDeleted: DeletedKeyListener, forgetMaterial: (keyArn: string) => void) {
  return async (job: JobRecord, tx: StoreWriter, now: Date): Promise<void> => {
    const key = await tx.getKey(job, job.keyId);
    // Cancelled (or already deleted): nothing to do.
    if (!key || key.keyState !== 'PendingDeletion' || !key.deletionDate || key.deletionDate.getTime() > now.getTime()) return;
    await tx.deleteAliasesOfKey(job, job.keyId);
    await tx.deleteKeyMaterials(job, job.keyId);
    await tx.deleteKey(job, job.keyId);
    await onDeleted(job, tx, now);
    forgetMaterial(keyArn(job, job.keyId));
  };
}
