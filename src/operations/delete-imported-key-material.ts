// DeleteImportedKeyMaterial: deletes imported key material at once (the current one unless KeyMaterialId names another);
// the key becomes PendingImport unless pending deletion, and a re-import of the same bytes restores it (docs 4.6).

import type { DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse } from '../api/model.generated.js';
import { NotFoundException } from '../api/errors.js';
import { keyNotFound } from '../domain/identifiers.js';
import { applyMaterialsToKey, assertExternalOrigin, withoutMaterial, zeroizeMaterials } from '../domain/key-material.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import { scheduleExpiry } from '../jobs/schedule-expiry.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

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
      return target;
    } finally {
      zeroizeMaterials(materials);
    }
  });
  ctx.keyStores.for(key).forget(key);
  return keyMaterialId === undefined ? { KeyId: key.arn } : { KeyId: key.arn, KeyMaterialId: keyMaterialId };
}
