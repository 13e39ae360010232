// The custom key store role of the store: external key stores by account and Region, with their proxy credential's
// secret sealed (row-sealer.ts). Uniqueness of names and proxy URIs is the operations' rule, decided inside one
// serializable transaction from what these reads return; at most 10 stores per account and Region exist, so whole
// lists are small.

import type { CustomKeyStoreRecord } from '../domain/custom-key-store.js';
import type { Scope } from '../domain/identifiers.js';

/** A key that lives in a custom key store, as the store's rules need it (deletion, XksKeyId already in use). */
export interface CustomKeyStoreKey {
  keyId: string;
  xksKeyId?: string;
}

export interface CustomKeyStoreReader {
  getCustomKeyStore(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreRecord | undefined>;
  /** The scope's stores in creation order. */
  listCustomKeyStores(scope: Scope): Promise<CustomKeyStoreRecord[]>;
  /** Every store in `state`, in any account and Region (the server resumes CONNECTING stores at start). */
  customKeyStoresInState(state: CustomKeyStoreRecord['connectionState']): Promise<CustomKeyStoreRecord[]>;
  /** The keys (any state, pending deletion included) whose customKeyStoreId is this store's. */
  keysInCustomKeyStore(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreKey[]>;
}

export interface CustomKeyStoreWriter {
  /** Stores a custom key store, or replaces the one with its id; its creation order stays. */
  putCustomKeyStore(record: CustomKeyStoreRecord): Promise<void>;
  deleteCustomKeyStore(scope: Scope, customKeyStoreId: string): Promise<void>;
}
