// DeleteImportedKeyMaterial: deletes imported key material at once (the current one unless KeyMaterialId names another);
// the key becomes PendingImport unless pending deletion, and a re-import of the same bytes restores it (docs 4.6).

import type { DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse } from '../api/model.generated.js';
import { NotFoundException } from '../api/errors.js';
import { keyArn, keyNotFound } from '../domain/identifiers.js';
import {
  applyMaterialsToKey,
  assertExternalOrigin,
  withoutMaterial,
  zeroizeMaterials,
  type KeyMaterialRecord,
} from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import { isPrimary, relatedScope, replicaRegionsOf } from '../domain/multi-region.js';
import type { StoreWriter } from '../storage/repository.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import { scheduleExpiry } from '../jobs/schedule-expiry.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

/** Material imported for a rotation not done yet (4.5, 4.8). */
function isPendingRotation(record: KeyMaterialRecord): boolean {
  return record.state === 'PENDING_ROTATION' || record.state === 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION';
}

/**
 * Deleting material pending rotation from a multi-Region primary deletes it from every replica too; deleting any
 * material of a replica touches that key alone (docs/kms-behaviour.md 4.6).
 */
async function deleteFromReplicas(tx: StoreWriter, primary: KmsKey, keyMaterialId: string): Promise<void> {
  for (const region of replicaRegionsOf(primary)) {
    const scope = relatedScope(primary, region);
    const record = await tx.getKeyMaterial(scope, primary.keyId, keyMaterialId);
    if (!record) continue;
    try {
      if (record.material !== undefined) await tx.putKeyMaterial(scope, primary.keyId, withoutMaterial(record));
    } finally {
      record.material?.fill(0);
    }
  }
}

export async function deleteImportedKeyMaterial(
  ctx: OperationContext,
  input: DeleteImportedKeyMaterialRequest,
): Promise<DeleteImportedKeyMaterialResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  assertExternalOrigin(key);
  assertKeyStateAllows(ctx.operation, key);
  const keyMaterialId = await ctx.commit(async (tx) => {
    const fresh = await tx.getKey(key, key.keyId);
    if (!fresh) throw keyNotFound(key, key.keyId);
    assertKeyStateAllows(ctx.operation, fresh);
    const target = input.KeyMaterialId ?? fresh.currentKeyMaterialId;
    ctx.audit.responseElements = target === undefined ? { keyId: key.arn } : { keyId: key.arn, keyMaterialId: target };
    // Nothing was ever imported: the call succeeds with no effect (4.6).
    if (target === undefined) return undefined;
    const materials = await tx.getKeyMaterials(fresh, fresh.keyId);
    try {
      const index = materials.findIndex((record) => record.keyMaterialId === target);
      // AWS's text is not known [?].
      if (index < 0) throw new NotFoundException(`Key material ${target} is not associated with KMS key ${key.arn}.`);
      const record = materials[index]!;
      // Already deleted (or expired): nothing changes.
      if (record.material === undefined) return target;
      const deleted = withoutMaterial(record);
      await tx.putKeyMaterial(fresh, fresh.keyId, deleted);
      const updated = materials.map((existing, i) => (i === index ? deleted : existing));
      applyMaterialsToKey(fresh, updated);
      await tx.putKey(fresh);
      await scheduleExpiry(tx, fresh, updated);
      if (isPrimary(fresh) && isPendingRotation(record)) await deleteFromReplicas(tx, fresh, target);
      return target;
    } finally {
      zeroizeMaterials(materials);
    }
  });
  ctx.keyStores.for(key).forget(key);
  for (const region of isPrimary(key) ? replicaRegionsOf(key) : []) {
    ctx.keyStores.for(key).forget({ arn: keyArn(relatedScope(key, region), key.keyId) });
  }
  return keyMaterialId === undefined ? { KeyId: key.arn } : { KeyId: key.arn, KeyMaterialId: keyMaterialId };
}
