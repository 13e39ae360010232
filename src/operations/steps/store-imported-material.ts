// Associates unwrapped, validated key material with an EXTERNAL key inside a transaction, by AWS's re-import rules:
// one material ever for HMAC and asymmetric keys; NEW_KEY_MATERIAL and EXISTING_KEY_MATERIAL for symmetric keys (4.5).

import type { ExpirationModelType, ImportType } from '../../api/model.generated.js';
import { IncorrectKeyMaterialException, KMSInvalidStateException, UnsupportedOperationException } from '../../api/errors.js';
import { applyMaterialsToKey, zeroizeMaterials, type KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import { scheduleExpiry } from '../../jobs/schedule-expiry.js';
import type { StoreWriter } from '../../storage/repository.js';

export interface MaterialToStore {
  /** keyMaterialIdOf(key id, material): the same bytes always get the same id. */
  keyMaterialId: string;
  /** The plaintext material; stays the caller's (to zeroize). */
  material: Buffer;
  expirationModel: ExpirationModelType;
  validTo?: Date;
  /** Symmetric keys only; the default depends on whether anything was ever imported (4.5). */
  importType?: ImportType;
  /** Symmetric keys only: the KeyMaterialId the request named, checked against the material's. */
  requestedKeyMaterialId?: string;
  description?: string;
  now: Date;
}

/**
 * Writes the material's record and sets the key's state, CurrentKeyMaterialId, ExpirationModel and ValidTo (the caller
 * writes the key), and reschedules the expiry job. Returns the stored record.
 * @throws IncorrectKeyMaterialException for material other than the key's, or a KeyMaterialId that does not match.
 * @throws KMSInvalidStateException for new material while other material is pending rotation.
 */
export async function storeImportedMaterial(tx: StoreWriter, key: KmsKey, request: MaterialToStore): Promise<KeyMaterialRecord> {
  const materials = await tx.getKeyMaterials(key, key.keyId);
  try {
    const record =
      key.keySpec === 'SYMMETRIC_DEFAULT' ? symmetricRecord(key, materials, request) : singleMaterialRecord(key, materials, request);
    await tx.putKeyMaterial(key, key.keyId, record);
    if (record.state === 'CURRENT') key.currentKeyMaterialId = record.keyMaterialId;
    const index = materials.findIndex((existing) => existing.keyMaterialId === record.keyMaterialId);
    const updated = index < 0 ? [...materials, record] : materials.map((existing, i) => (i === index ? record : existing));
    applyMaterialsToKey(key, updated);
    await scheduleExpiry(tx, key, updated);
    return record;
  } finally {
    // Read back unsealed only to decide (the caller's buffer is not among them).
    zeroizeMaterials(materials);
  }
}

function importedRecord(base: Omit<KeyMaterialRecord, 'material' | 'importState' | 'expirationModel' | 'validTo'>, request: MaterialToStore): KeyMaterialRecord {
  const record: KeyMaterialRecord = {
    ...base,
    material: request.material,
    importState: 'IMPORTED',
    expirationModel: request.expirationModel,
  };
  if (request.expirationModel === 'KEY_MATERIAL_EXPIRES' && request.validTo) record.validTo = request.validTo;
  return record;
}

/** Asymmetric and HMAC keys: exactly one material can ever be associated; re-imports must be the same bytes (4.5). */
function singleMaterialRecord(key: KmsKey, materials: readonly KeyMaterialRecord[], request: MaterialToStore): KeyMaterialRecord {
  const existing = materials.find((record) => record.keyMaterialId === request.keyMaterialId);
  if (materials.length > 0 && !existing) throw differentMaterial(key);
  return importedRecord({ keyMaterialId: request.keyMaterialId, state: 'CURRENT', createdAt: existing?.createdAt ?? request.now }, request);
}

/** Symmetric keys: several materials, for on-demand rotation of imported keys (4.5, 4.7). */
function symmetricRecord(key: KmsKey, materials: readonly KeyMaterialRecord[], request: MaterialToStore): KeyMaterialRecord {
  const existing = materials.find((record) => record.keyMaterialId === request.keyMaterialId);
  const importType = request.importType ?? (materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
  if (importType === 'EXISTING_KEY_MATERIAL') {
    // KMS computes the id of the unwrapped material, compares it with the one named, then checks it is the key's.
    if (request.requestedKeyMaterialId !== undefined && request.requestedKeyMaterialId !== request.keyMaterialId) {
      throw new IncorrectKeyMaterialException(
        `The key material does not match KeyMaterialId ${request.requestedKeyMaterialId} of KMS key ${key.arn}.`,
      );
    }
    if (!existing) {
      // A replica can only take the bytes of a material its primary has (4.8): other bytes are different material.
      if (key.multiRegionKeyType === 'REPLICA') throw differentMaterial(key);
      throw new IncorrectKeyMaterialException(
        `The key material was never imported into KMS key ${key.arn}. To import new key material, set ImportType to NEW_KEY_MATERIAL.`,
      );
    }
    const { material: _old, importState: _state, expirationModel: _model, validTo: _validTo, ...kept } = existing;
    const record = importedRecord(kept, request);
    // Without a description, the one given when the same material was last imported stays (4.5).
    if (request.description !== undefined) record.description = request.description;
    return record;
  }
  if (key.multiRegionKeyType === 'REPLICA') {
    // New material goes into the primary first; replicas then import the same bytes as EXISTING_KEY_MATERIAL (4.8).
    // AWS's text is not known [?].
    throw new UnsupportedOperationException(
      `You cannot import new key material into the multi-Region replica key ${key.arn}. Import it into the primary key, then import the same key material into this key with ImportType EXISTING_KEY_MATERIAL.`,
    );
  }
  if (existing) {
    throw new IncorrectKeyMaterialException(
      `The key material is already associated with KMS key ${key.arn} (id: ${existing.keyMaterialId}). To re-import it, set ImportType to EXISTING_KEY_MATERIAL.`,
    );
  }
  let state: KeyMaterialRecord['state'] = 'CURRENT';
  if (materials.length > 0) {
    const pending = materials.find((record) => record.state === 'PENDING_ROTATION' || record.state === 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION');
    if (pending) {
      // Recorded text; it names the key by its ARN like every other message (kms-behaviour.md 4.5, Appendix A.1).
      throw new KMSInvalidStateException(
        `New key material (id: ${request.keyMaterialId}) cannot be imported into KMS key ${key.arn}, because another key material (id: ${pending.keyMaterialId}) is pending rotation.`,
      );
    }
    // Staged until RotateKeyOnDemand makes it current (4.5).
    state = 'PENDING_ROTATION';
  }
  const record = importedRecord({ keyMaterialId: request.keyMaterialId, state, createdAt: request.now }, request);
  if (request.description !== undefined) record.description = request.description;
  return record;
}

function differentMaterial(key: KmsKey): IncorrectKeyMaterialException {
  return new IncorrectKeyMaterialException(
    `The key material is different from the key material previously imported into KMS key ${key.arn}. Import the same key material.`,
  );
}
