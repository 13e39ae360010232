// The keys role of the store: KMS keys and their key materials, in an account and Region. Key material is sealed
// under the root key before it is stored (row-sealer.ts); nothing else of a key is secret.

import type { Scope } from '../domain/identifiers.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { Page } from './page.js';

/** A key material's record without the material itself: what listing a key's materials needs. */
export type KeyMaterialSummary = Omit<KeyMaterialRecord, 'material'> & {
  /** Whether material is stored (false while imported material is pending import). */
  hasMaterial: boolean;
};

export interface KeyReader {
  getKey(scope: Scope, keyId: string): Promise<KmsKey | undefined>;
  /** In the order the keys were first stored. */
  listKeys(scope: Scope, limit: number, marker?: string): Promise<Page<KmsKey>>;
  /** The key's materials, oldest first, unsealed. */
  getKeyMaterials(scope: Scope, keyId: string): Promise<KeyMaterialRecord[]>;
  /** The key's materials, oldest first, without unsealing any of them. */
  getKeyMaterialSummaries(scope: Scope, keyId: string): Promise<KeyMaterialSummary[]>;
  getKeyMaterial(scope: Scope, keyId: string, keyMaterialId: string): Promise<KeyMaterialRecord | undefined>;
}

export interface KeyWriter {
  /** Stores a key, or replaces the one with its key id in its account and Region (keeping its place in listings). */
  putKey(key: KmsKey): Promise<void>;
  deleteKey(scope: Scope, keyId: string): Promise<void>;
  /** Stores a key material, or replaces the one with its key material id (keeping its place among the key's). */
  putKeyMaterial(scope: Scope, keyId: string, material: KeyMaterialRecord): Promise<void>;
  deleteKeyMaterials(scope: Scope, keyId: string): Promise<void>;
}
