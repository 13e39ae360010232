// Imported key material for unit tests: an EXTERNAL key pending import created at T0, and material records of it in
// any state, expiring or not, present or deleted.

import { randomBytes } from 'node:crypto';
import { withoutMaterial, type KeyMaterialRecord } from './key-material.js';
import type { KmsKey } from './kms-key.js';
import { testKey } from './kms-key.test-helper.js';

export const T0 = new Date('2030-01-01T00:00:00.000Z');
export const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

export function externalKey(overrides: Partial<KmsKey> = {}): KmsKey {
  return testKey({ creationDate: T0, origin: 'EXTERNAL', keyState: 'PendingImport', ...overrides });
}

/** Material `id` (one character, repeated to an id's 64) in `state`, expiring at `validTo` if given, deleted unless `present`. */
export function importedMaterial(id: string, state: KeyMaterialRecord['state'], validTo?: Date, present = true): KeyMaterialRecord {
  const record: KeyMaterialRecord = { keyMaterialId: id.repeat(64), state, createdAt: T0, importState: 'IMPORTED' };
  if (present) record.material = randomBytes(32);
  record.expirationModel = validTo ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  if (validTo) record.validTo = validTo;
  return present ? record : withoutMaterial(record);
}
