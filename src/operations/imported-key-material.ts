// The bookkeeping of imported key material shared by the import operations, the expiry job, seeded keys and on-demand
// rotation: which materials are permanent, the key state, ExpirationModel and ValidTo they imply, and the expiry job.

import { UnsupportedOperationException } from '../api/errors.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { JobKind, KeyMaterialRecord, StoreWriter } from '../storage/repository.js';
import { rotateKeyMaterial, type KeyRotationListener } from './rotate-key-material.js';

export const EXPIRY_JOB: JobKind = 'DeleteExpiredKeyMaterial';

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

/**
 * Keeps one DeleteExpiredKeyMaterial job per key, due at the earliest ValidTo of its present expiring material (any
 * state, pending rotation too), or none. Persisted, so expiry happens after a restart too (4.6).
 */
export async function scheduleExpiry(tx: StoreWriter, key: KmsKey, materials: readonly KeyMaterialRecord[]): Promise<void> {
  await tx.deleteJobs(key, key.keyId, EXPIRY_JOB);
  const times = materials.map(expiresAt).filter((date): date is Date => date !== undefined).map((date) => date.getTime());
  if (times.length === 0) return;
  await tx.addJob({ kind: EXPIRY_JOB, accountId: key.accountId, region: key.region, keyId: key.keyId, dueAt: new Date(Math.min(...times)) });
}

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
  onRotated?: KeyRotationListener,
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

/** Zeroes the bytes of records read from storage once they are no longer needed. */
export function zeroizeMaterials(materials: readonly KeyMaterialRecord[]): void {
  for (const record of materials) record.material?.fill(0);
}
