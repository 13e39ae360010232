// Keeps the replicas of a multi-Region primary in step with it inside the transaction that changed the primary: the
// shared properties (rotation settings, on-demand count, current material) and the key materials (docs/kms-behaviour.md
// 4.8, 10). Generated material is copied with its bytes, so every key of the set encrypts and decrypts alike; imported
// material is copied as its record only (id, state, description), since AWS never copies imported bytes: the owner
// imports the same bytes into each replica.

import { copySharedProperties, isPrimary, relatedScope, replicaRegionsOf } from '../domain/multi-region.js';
import { withoutMaterial, zeroizeMaterials, type KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { StoreWriter } from '../storage/repository.js';

/**
 * Brings every replica of `primary` (as the caller is about to write it) up to date; no-op for other keys.
 * Returns the replicas as written.
 */
export async function syncReplicas(tx: StoreWriter, primary: KmsKey): Promise<KmsKey[]> {
  if (!isPrimary(primary) || replicaRegionsOf(primary).length === 0) return [];
  const materials = primary.origin === 'EXTERNAL' ? [] : await tx.getKeyMaterials(primary, primary.keyId);
  const summaries = primary.origin === 'EXTERNAL' ? await tx.getKeyMaterialSummaries(primary, primary.keyId) : [];
  const written: KmsKey[] = [];
  try {
    for (const region of replicaRegionsOf(primary)) {
      const scope = relatedScope(primary, region);
      const replica = await tx.getKey(scope, primary.keyId);
      if (!replica) continue;
      copySharedProperties(primary, replica);
      if (primary.origin === 'EXTERNAL') {
        await copyImportedRecords(tx, replica, summaries);
      } else {
        for (const record of materials) await tx.putKeyMaterial(scope, replica.keyId, record);
      }
      await tx.putKey(replica);
      written.push(replica);
    }
  } finally {
    zeroizeMaterials(materials);
  }
  return written;
}

/**
 * Imported material: a replica learns of each material of its primary (id, description) as a record without bytes;
 * its own imports fill them. A material pending rotation on the primary waits for the same bytes in every replica.
 */
async function copyImportedRecords(
  tx: StoreWriter,
  replica: KmsKey,
  primaryMaterials: readonly { keyMaterialId: string; state: KeyMaterialRecord['state']; description?: string; createdAt: Date; rotationDate?: Date; rotationType?: KeyMaterialRecord['rotationType'] }[],
): Promise<void> {
  const own = await tx.getKeyMaterials(replica, replica.keyId);
  try {
    for (const source of primaryMaterials) {
      const existing = own.find((record) => record.keyMaterialId === source.keyMaterialId);
      const state = source.state === 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION' ? 'PENDING_ROTATION' : source.state;
      if (existing) {
        const updated: KeyMaterialRecord = { ...existing, state };
        if (source.description !== undefined) updated.description = source.description;
        if (source.rotationDate) updated.rotationDate = source.rotationDate;
        if (source.rotationType) updated.rotationType = source.rotationType;
        await tx.putKeyMaterial(replica, replica.keyId, updated);
        if (state === 'CURRENT') replica.currentKeyMaterialId = source.keyMaterialId;
        continue;
      }
      const record: KeyMaterialRecord = withoutMaterial({ keyMaterialId: source.keyMaterialId, state, createdAt: source.createdAt });
      if (source.description !== undefined) record.description = source.description;
      if (source.rotationDate) record.rotationDate = source.rotationDate;
      if (source.rotationType) record.rotationType = source.rotationType;
      await tx.putKeyMaterial(replica, replica.keyId, record);
    }
  } finally {
    zeroizeMaterials(own);
  }
}
