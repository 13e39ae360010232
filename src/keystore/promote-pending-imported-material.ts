// Rotation of imported key material: the material an EXTERNAL key holds pending rotation becomes its current material
// (docs/kms-behaviour.md 4.7), beside the rotation of generated material it reuses.

import { applyMaterialsToKey, zeroizeMaterials, type KeyMaterialRecord } from '../domain/key-material.js';
import type { KeyRotationListener } from '../domain/key-rotation.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { StoreWriter } from '../storage/repository.js';
import { rotateKeyMaterial } from './rotate-key-material.js';

/**
 * RotateKeyOnDemand on an EXTERNAL symmetric key (4.7): the material imported as PENDING_ROTATION becomes CURRENT, the
 * current one NON_CURRENT, through the same rotateKeyMaterial as AWS_KMS keys; ValidTo follows. Returns false when no
 * material pending rotation is present (the caller answers "No available key material pending rotation"); material
 * pending rotation that was deleted must be re-imported first. The caller checks state and quota and writes the key.
 */
export async function promotePendingImportedMaterial(
  tx: StoreWriter,
  key: KmsKey,
  rotationDate: Date,
  onRotated?: KeyRotationListener<StoreWriter>,
): Promise<boolean> {
  const materials = await tx.getKeyMaterials(key, key.keyId);
  try {
    const pending = materials.find((record) => record.state === 'PENDING_ROTATION' && record.material !== undefined);
    if (!pending) return false;
    const previous = key.currentKeyMaterialId;
    await rotateKeyMaterial(tx, key, pending, 'ON_DEMAND', rotationDate, onRotated);
    const stateOf = (record: KeyMaterialRecord): KeyMaterialRecord['state'] =>
      record === pending ? 'CURRENT' : record.keyMaterialId === previous ? 'NON_CURRENT' : record.state;
    applyMaterialsToKey(key, materials.map((record) => ({ ...record, state: stateOf(record) })));
    return true;
  } finally {
    zeroizeMaterials(materials);
  }
}
