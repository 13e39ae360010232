// Key material as a key keeps it, and the rules of imported key material that need no I/O: which materials are
// permanent, when one expires, the key state, ExpirationModel and ValidTo a key's materials imply (docs/kms-behaviour.md 1.1, 4).

import type { ExpirationModelType, ImportState, KeyMaterialState, RotationType } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { KmsKey } from './kms-key.js';

/** One key material of a key: its id, its place in the key's rotations, and (while present) the material itself. */
export interface KeyMaterialRecord {
  keyMaterialId: string;
  /** Plaintext material in memory; absent while the material is deleted (imported material pending import). */
  material?: Buffer;
  state: KeyMaterialState;
  importState?: ImportState;
  expirationModel?: ExpirationModelType;
  validTo?: Date;
  rotationDate?: Date;
  rotationType?: RotationType;
  description?: string;
  createdAt: Date;
}

/** Footnote 9 of 1.3: only keys of origin EXTERNAL have imported key material (observed text, section 4.1). */
export function assertExternalOrigin(key: Pick<KmsKey, 'arn' | 'origin'>): void {
  if (key.origin !== 'EXTERNAL') {
    throw new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  }
}

/** CURRENT and NON_CURRENT material is permanently associated with the key; material pending rotation is not yet (1.1). */
export function isPermanent(record: KeyMaterialRecord): boolean {
  return record.state === 'CURRENT' || record.state === 'NON_CURRENT';
}

/** Imported material that will be deleted at its ValidTo. */
export function expiresAt(record: KeyMaterialRecord): Date | undefined {
  return record.material && record.expirationModel === 'KEY_MATERIAL_EXPIRES' ? record.validTo : undefined;
}

/**
 * Sets the key's state, ExpirationModel and ValidTo from its materials, after an import, a deletion or an expiry
 * (sections 1.1, 2.4, 4.5, 4.6). The key is usable only while every permanent material is present; then
 * ExpirationModel is shown, and ValidTo is the earliest expiry among them. Otherwise the key is PendingImport (a key
 * pending deletion stays so) and both fields are gone. An import into a Disabled key leaves it Disabled.
 */
export function applyMaterialsToKey(key: KmsKey, materials: readonly KeyMaterialRecord[]): void {
  const permanent = materials.filter(isPermanent);
  const complete = permanent.length > 0 && permanent.every((record) => record.material !== undefined);
  if (!complete) {
    delete key.expirationModel;
    delete key.validTo;
    if (key.keyState === 'Enabled' || key.keyState === 'Disabled') key.keyState = 'PendingImport';
    return;
  }
  const expiries = permanent.map(expiresAt).filter((date): date is Date => date !== undefined);
  if (expiries.length > 0) {
    key.expirationModel = 'KEY_MATERIAL_EXPIRES';
    key.validTo = new Date(Math.min(...expiries.map((date) => date.getTime())));
  } else {
    key.expirationModel = 'KEY_MATERIAL_DOES_NOT_EXPIRE';
    delete key.validTo;
  }
  if (key.keyState === 'PendingImport') key.keyState = 'Enabled';
}

/**
 * The record of deleted material: its bytes go, the record stays, so ListKeyRotations shows it PENDING_IMPORT and a
 * re-import of the same bytes restores it (4.6, 4.7). The caller zeroizes the old bytes.
 */
export function withoutMaterial(record: KeyMaterialRecord): KeyMaterialRecord {
  const { material: _bytes, expirationModel: _model, validTo: _validTo, ...rest } = record;
  return { ...rest, importState: 'PENDING_IMPORT' };
}

/** Zeroes the bytes of records read from storage once they are no longer needed. */
export function zeroizeMaterials(materials: readonly KeyMaterialRecord[]): void {
  for (const record of materials) record.material?.fill(0);
}
