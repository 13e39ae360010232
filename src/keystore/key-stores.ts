// Picks the KeyStore of each key by its origin: AWS_KMS and EXTERNAL keys belong to the local store; keys in a custom
// key store (AWS_CLOUDHSM, EXTERNAL_KEY_STORE) to the store registered under their custom key store id.

import type { KmsKey } from '../domain/kms-key.js';
import { KeyStoreNotAvailableError } from './errors.js';
import type { KeyStore } from './key-store.js';
import type { LocalKeyStore } from './local/local-key-store.js';
import type { XksConnections } from './external/xks-connections.js';

export class KeyStores {
  /**
   * @param local the store of every key whose material openkms holds; asymmetric and HMAC keys use it directly
   * (LocalKeyStore.asymmetricHandle, secretHandle), since no custom key store holds such keys.
   * @param customKeyStores one KeyStore per custom key store, by its id: where external key stores plug in, as Cosmian
   * KMS registers one encryption oracle per key prefix (none: openkms hosts no CloudHSM key stores).
   * @param external the store of every EXTERNAL_KEY_STORE key (keystore/external/): it finds the key's custom key
   * store, and with it the XKS proxy, by the key's customKeyStoreId.
   */
  constructor(
    readonly local: LocalKeyStore,
    private readonly customKeyStores: ReadonlyMap<string, KeyStore> = new Map(),
    private readonly external?: { keyStore: KeyStore; connections: XksConnections },
  ) {}

  /** The proxy calls of external key stores that are not cryptography; absent when the server hosts none. */
  get xks(): XksConnections | undefined {
    return this.external?.connections;
  }

  /**
   * The store that holds the key's material.
   * @throws KeyStoreNotAvailableError for a key in a custom key store that no KeyStore is registered for.
   */
  for(key: Pick<KmsKey, 'arn' | 'origin' | 'customKeyStoreId'>): KeyStore {
    if (key.origin === 'AWS_KMS' || key.origin === 'EXTERNAL') return this.local;
    const store =
      (key.customKeyStoreId === undefined ? undefined : this.customKeyStores.get(key.customKeyStoreId)) ??
      (key.origin === 'EXTERNAL_KEY_STORE' ? this.external?.keyStore : undefined);
    if (!store) throw new KeyStoreNotAvailableError(key.arn, key.origin, key.customKeyStoreId);
    return store;
  }

  /** Every store forgets the key: once a key is deleted, its record (and with it its origin) may be gone. */
  forget(key: Pick<KmsKey, 'arn'>): void {
    this.local.forget(key);
    for (const store of this.customKeyStores.values()) store.forget(key);
    this.external?.keyStore.forget(key);
  }
}
