// The end of a deletion window: the key, all its key material and its aliases are deleted for good
// (docs/kms-behaviour.md 1.4), if the key is still pending deletion. A deleted replica leaves its multi-Region set;
// a primary waiting in PendingReplicaDeletion for its last replica then starts its own waiting period (10).

import { keyArn } from '../domain/identifiers.js';
import { primaryRegionOf, relatedScope, replicaRegionsOf } from '../domain/multi-region.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { JobRecord, StoreWriter } from '../storage/repository.js';
import { writeMultiRegionSet } from './multi-region-set.js';

const DAY_MS = 86_400_000;

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
    await tx.deleteKeyLastUsage(job, job.keyId);
    await onDeleted(job, tx, now);
    forgetMaterial(keyArn(job, job.keyId));
    if (key.multiRegion) await leaveMultiRegionSet(tx, key, now);
  };
}

/** The other keys of the set forget the deleted one; a primary pending replica deletion may now count its days. */
async function leaveMultiRegionSet(tx: StoreWriter, deleted: KmsKey, now: Date): Promise<void> {
  const primaryRegion = primaryRegionOf(deleted);
  if (primaryRegion === deleted.region) return;
  const replicas = replicaRegionsOf(deleted).filter((region) => region !== deleted.region);
  const [primary] = await writeMultiRegionSet(tx, deleted, [], primaryRegion, replicas);
  if (!primary || primary.region !== primaryRegion) return;
  if (primary.keyState === 'PendingReplicaDeletion' && replicas.length === 0) {
    const window = primary.pendingWindowInDays ?? 30;
    primary.keyState = 'PendingDeletion';
    primary.deletionDate = new Date(now.getTime() + window * DAY_MS);
    await tx.putKey(primary);
    await tx.addJob({ kind: 'DeleteKey', ...relatedScope(primary, primary.region), keyId: primary.keyId, dueAt: primary.deletionDate });
  }
}
