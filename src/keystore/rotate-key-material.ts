// The rotation itself, shared by RotateKeyOnDemand and the automatic RotateKey job: new key material becomes CURRENT,
// the previous material NON_CURRENT (kept forever, used only to decrypt), and CurrentKeyMaterialId follows (docs 5).

import type { RotationType } from '../api/model.generated.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KeyRotationListener } from '../domain/key-rotation.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { StoreWriter } from '../storage/repository.js';

/**
 * Makes `material` (fresh from the key's KeyStore.newMaterial) the key's current material within `tx`, and sets
 * `key.currentKeyMaterialId`. The caller writes `key` itself (changeKey does so after its change).
 */
export async function rotateKeyMaterial(
  tx: StoreWriter,
  key: KmsKey,
  material: KeyMaterialRecord,
  rotationType: RotationType,
  rotationDate: Date,
  onRotated?: KeyRotationListener<StoreWriter>,
): Promise<void> {
  const previousKeyMaterialId = key.currentKeyMaterialId;
  if (previousKeyMaterialId !== undefined) {
    const previous = await tx.getKeyMaterial(key, key.keyId, previousKeyMaterialId);
    if (previous) {
      try {
        await tx.putKeyMaterial(key, key.keyId, { ...previous, state: 'NON_CURRENT' });
      } finally {
        // Read back unsealed only to be written again; it is sealed now, so this copy goes.
        previous.material?.fill(0);
      }
    }
  }
  // ListKeyRotations shows a material's RotationDate and RotationType: when and how it became current.
  await tx.putKeyMaterial(key, key.keyId, { ...material, state: 'CURRENT', rotationDate, rotationType });
  key.currentKeyMaterialId = material.keyMaterialId;
  await onRotated?.(key, previousKeyMaterialId, material.keyMaterialId, rotationType, tx, rotationDate);
}
