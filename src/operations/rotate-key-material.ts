// The rotation itself, shared by RotateKeyOnDemand and the automatic RotateKey job: new key material becomes CURRENT,
// the previous material NON_CURRENT (kept forever, used only to decrypt), and CurrentKeyMaterialId follows (docs 5).

import type { RotationType } from '../api/model.generated.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { KeyMaterialRecord, StoreWriter } from '../storage/repository.js';

/**
 * Called inside the rotation's transaction after every completed rotation, automatic or on demand: the hook for the
 * CloudTrail `RotateKey` service event (kms-behaviour.md 9.3), which src/audit builds. `rotationDate` is the
 * rotation's time (the injected clock's, so tests that move time see it).
 */
export type KeyRotationListener = (
  key: KmsKey,
  previousKeyMaterialId: string | undefined,
  currentKeyMaterialId: string,
  rotationType: RotationType,
  tx: StoreWriter,
  rotationDate: Date,
) => Promise<void>;

/**
 * Makes `material` (fresh from KeyMaterialService.generate) the key's current material within `tx`, and sets
 * `key.currentKeyMaterialId`. The caller writes `key` itself (changeKey does so after its change).
 */
export async function rotateKeyMaterial(
  tx: StoreWriter,
  key: KmsKey,
  material: KeyMaterialRecord,
  rotationType: RotationType,
  rotationDate: Date,
  onRotated?: KeyRotationListener,
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
