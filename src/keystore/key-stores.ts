// Picks the KeyStore of each key by its origin: AWS_KMS and EXTERNAL keys belong to the local store; keys in a custom
// key store (AWS_CLOUDHSM, EXTERNAL_KEY_STORE) to the store registered under their custom key store id.

import type { KmsKey } from '../domain/kms-key.js';
import { KeyStoreNotAvailableError } from './errors.js';
import type { KeyStore } from './key-store.js';
import type { LocalKeyStore } from './local/local-key-store.js';

export class KeyStores {
  /**
   * @param local the store of every key whose material openkms holds; asymmetric and HMAC keys use it directly
   * (LocalKeyStore.asymmetricHandle, secretHandle), since no custom key store holds such keys.
   * @param customKeyStores one KeyStore per custom key store, by its id: where external key stores plug in, as Cosmian
   * KMS registers one encryption oracle per key prefix. openkms has none yet, so the map is empty.
   */
  constructor(
    readonly local: LocalKeyStore,
    private readonly customKeyStores: ReadonlyMap<string, KeyStore> = new Map(),
  ) {}

  /**
   * The store that holds the key's material.
   * @throws KeyStoreNotAvailableError for a key in a custom key store that no KeyStore is registered for.
   */
  for(key: Pick<KmsKey, 'arn' | 'origin' | 'customKeyStoreId'>): KeyStore {
    if (key.origin === 'AWS_KMS' || key.origin === 'EXTERNAL') return this.local;
    const store = key.customKeyStoreId === undefined ? undefined : this.customKeyStores.get(key.customKeyStoreId);
    if (!store) throw new KeyStoreNotAvailableError(key.arn, key.origin, key.customKeyStoreId);
    return store;
  }

  /** Every store forgets the key: once a key is deleted, its record (and with it its origin) may be gone. */
  forget(key: Pick<KmsKey, 'arn'>): void {
    this.local.forget(key);
    for (const store of this.customKeyStores.values()) store.forget(key);
  }
}
