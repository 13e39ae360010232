// Unit tests of the chooser: which KeyStore a key's origin and custom key store id pick, and that forget reaches all.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KmsKey } from '../domain/kms-key.js';
import { testKey } from '../domain/kms-key.test-helper.js';
import { KeyStoreNotAvailableError } from './errors.js';
import type { KeyStore } from './key-store.js';
import { KeyStores } from './key-stores.js';
import type { XksConnections } from './external/xks-connections.js';
import { KeyMaterialService } from './local/key-material-service.js';
import { LocalKeyStore } from './local/local-key-store.js';
import type { StoreReader } from '../storage/repository.js';

/** A KeyStore that only records what it was asked to forget; the chooser never calls anything else on it. */
function forgettingStore(): KeyStore & { forgotten: string[] } {
  const refuse = () => Promise.reject(new Error('not called by the chooser'));
  const forgotten: string[] = [];
  return { forgotten, encrypt: refuse, decrypt: refuse, newMaterial: refuse, forget: (key) => void forgotten.push(key.arn) };
}

describe('KeyStores', () => {
  const local = new LocalKeyStore({} as StoreReader, new KeyMaterialService());

  test('keys of origin AWS_KMS and EXTERNAL belong to the local store, whatever custom key stores exist', () => {
    const stores = new KeyStores(local, new Map([['cks-1234567890abcdef0', forgettingStore()]]));
    for (const origin of ['AWS_KMS', 'EXTERNAL'] as const) assert.equal(stores.for(testKey({ origin })), local, origin);
    assert.equal(stores.local, local);
  });

  test('a key in a custom key store with no KeyStore registered under its id → KeyStoreNotAvailableError naming key, origin and id', () => {
    const stores = new KeyStores(local);
    const cases: Partial<KmsKey>[] = [
      { origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-1234567890abcdef0' },
      { origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1234567890abcdef1' },
      { origin: 'EXTERNAL_KEY_STORE' },
    ];
    for (const overrides of cases) {
      const key = testKey(overrides);
      assert.throws(
        () => stores.for(key),
        (error) =>
          error instanceof KeyStoreNotAvailableError &&
          error.keyArn === key.arn &&
          error.origin === overrides.origin &&
          error.customKeyStoreId === overrides.customKeyStoreId,
      );
    }
  });

  test('a key in a custom key store belongs to the KeyStore registered under its custom key store id, and only to it', () => {
    const [first, second] = [forgettingStore(), forgettingStore()];
    const stores = new KeyStores(local, new Map([['cks-1234567890abcdef0', first], ['cks-1234567890abcdef1', second]]));
    assert.equal(stores.for(testKey({ origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-1234567890abcdef0' })), first);
    assert.equal(stores.for(testKey({ origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1234567890abcdef1' })), second);
    assert.throws(() => stores.for(testKey({ origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-1234567890abcdef2' })), KeyStoreNotAvailableError);
  });

  test('with an external key store: every EXTERNAL_KEY_STORE key not registered by id is its own, CloudHSM keys are not', () => {
    const [external, registered] = [forgettingStore(), forgettingStore()];
    const connections = {} as XksConnections;
    const stores = new KeyStores(local, new Map([['cks-1234567890abcdef1', registered]]), { keyStore: external, connections });
    assert.equal(stores.for(testKey({ origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-1234567890abcdef0' })), external);
    assert.equal(stores.for(testKey({ origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-1234567890abcdef1' })), registered);
    assert.throws(() => stores.for(testKey({ origin: 'AWS_CLOUDHSM', customKeyStoreId: 'cks-1234567890abcdef2' })), KeyStoreNotAvailableError);
    assert.equal(stores.for(testKey({ origin: 'AWS_KMS' })), local);
    assert.equal(stores.xks, connections);
    assert.equal(new KeyStores(local).xks, undefined);
    const arn = testKey().arn;
    stores.forget({ arn });
    assert.deepEqual([external.forgotten, registered.forgotten], [[arn], [arn]]);
  });

  test('forget reaches every store: a deleted key may no longer say which store was its own', () => {
    const [first, second] = [forgettingStore(), forgettingStore()];
    const stores = new KeyStores(local, new Map([['cks-1234567890abcdef0', first], ['cks-1234567890abcdef1', second]]));
    const arn = testKey().arn;
    stores.forget({ arn });
    assert.deepEqual([first.forgotten, second.forgotten], [[arn], [arn]]);
  });
});
