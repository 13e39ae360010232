// Conformance of the custom key store role: stores by account and Region in creation order, replaced by id, found by
// connection state anywhere, deleted; the keys of a store found by their customKeyStoreId; the proxy secret read back
// and never kept in clear, in any encoding; rolled back with the rest of a transaction.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { Scope } from '../../domain/identifiers.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, at, testKey } from './fixtures.js';
import type { StoreBackend, UseStore } from './store-backend.js';

const SECRET = 'openkms+conformance/xks+secret+0123456789abcdefABCDEF=';

export function testCustomKeyStore(id: string, scope: Scope = SCOPE, overrides: Partial<CustomKeyStoreRecord> = {}): CustomKeyStoreRecord {
  return {
    ...scope,
    customKeyStoreId: id,
    name: `store-${id}`,
    creationDate: at(5),
    connectionState: 'DISCONNECTED',
    xks: {
      connectivity: 'PUBLIC_ENDPOINT',
      uriEndpoint: 'https://xks.example.com',
      uriPath: `/${id}/kms/xks/v1`,
      accessKeyId: 'ABCDEFGHIJKLMNOPQRST',
      secretAccessKey: SECRET,
    },
    ...overrides,
  };
}

export function customKeyStoreConformance(use: UseStore, backend: StoreBackend): void {
  test('custom key stores: read back whole, listed per account and Region in creation order, replaced by id', () =>
    use(async (store) => {
      const vpc = testCustomKeyStore('cks-00000000000000002', SCOPE, {
        xks: {
          ...testCustomKeyStore('x').xks,
          connectivity: 'VPC_ENDPOINT_SERVICE',
          vpcEndpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
          vpcEndpointServiceOwner: '111122223333',
        },
      });
      await store.write(async (tx) => {
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000001'));
        await tx.putCustomKeyStore(vpc);
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000003', OTHER_REGION));
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000004', OTHER_ACCOUNT));
      });
      assert.deepEqual(await store.getCustomKeyStore(SCOPE, 'cks-00000000000000001'), testCustomKeyStore('cks-00000000000000001'));
      assert.deepEqual(await store.getCustomKeyStore(SCOPE, vpc.customKeyStoreId), vpc);
      assert.equal(await store.getCustomKeyStore(SCOPE, 'cks-00000000000000003'), undefined);
      assert.deepEqual((await store.listCustomKeyStores(SCOPE)).map((s) => s.customKeyStoreId), ['cks-00000000000000001', 'cks-00000000000000002']);

      const failed = testCustomKeyStore('cks-00000000000000001', SCOPE, {
        name: 'renamed',
        connectionState: 'FAILED',
        connectionErrorCode: 'INVALID_CREDENTIALS',
        xks: { ...testCustomKeyStore('x').xks, accessKeyId: 'ZYXWVUTSRQPONMLKJIHG', secretAccessKey: `${SECRET}new` },
      });
      await store.write((tx) => tx.putCustomKeyStore(failed));
      assert.deepEqual(await store.getCustomKeyStore(SCOPE, failed.customKeyStoreId), failed);
      assert.deepEqual((await store.listCustomKeyStores(SCOPE)).map((s) => s.name), ['renamed', vpc.name]);
    }));

  test('custom key stores: found by connection state in every scope, deleted by id', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000001', SCOPE, { connectionState: 'CONNECTING' }));
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000002', SCOPE, { connectionState: 'CONNECTED' }));
        await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000003', OTHER_ACCOUNT, { connectionState: 'CONNECTING' }));
      });
      const connecting = await store.customKeyStoresInState('CONNECTING');
      assert.deepEqual(connecting.map((s) => [s.accountId, s.customKeyStoreId]), [
        [SCOPE.accountId, 'cks-00000000000000001'],
        [OTHER_ACCOUNT.accountId, 'cks-00000000000000003'],
      ]);
      await store.write((tx) => tx.deleteCustomKeyStore(SCOPE, 'cks-00000000000000001'));
      assert.equal(await store.getCustomKeyStore(SCOPE, 'cks-00000000000000001'), undefined);
      assert.equal((await store.customKeyStoresInState('CONNECTING')).length, 1);
    }));

  test('custom key stores: the keys of a store, with their external key ids, in any state', () =>
    use(async (store) => {
      const id = 'cks-00000000000000001';
      await store.write(async (tx) => {
        await tx.putCustomKeyStore(testCustomKeyStore(id));
        await tx.putKey(testKey('k1', SCOPE, { origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: id, xksKeyId: 'ext-1' }));
        await tx.putKey(testKey('k2', SCOPE, { origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: id, xksKeyId: 'ext-2', keyState: 'PendingDeletion' }));
        await tx.putKey(testKey('k3', SCOPE, { origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: 'cks-00000000000000002', xksKeyId: 'ext-1' }));
        await tx.putKey(testKey('k4', OTHER_ACCOUNT, { origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: id, xksKeyId: 'ext-9' }));
        await tx.putKey(testKey('k5'));
      });
      assert.deepEqual(await store.keysInCustomKeyStore(SCOPE, id), [
        { keyId: 'k1', xksKeyId: 'ext-1' },
        { keyId: 'k2', xksKeyId: 'ext-2' },
      ]);
      assert.deepEqual(await store.keysInCustomKeyStore(SCOPE, 'cks-00000000000000009'), []);
    }));

  test('custom key stores: a failed transaction leaves no store behind', () =>
    use(async (store) => {
      await assert.rejects(
        store.write(async (tx) => {
          await tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000001'));
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.deepEqual(await store.listCustomKeyStores(SCOPE), []);
    }));

  test('custom key stores: the proxy secret is not kept in clear, in any encoding, while the access key id is', () =>
    use(async (store) => {
      await store.write((tx) => tx.putCustomKeyStore(testCustomKeyStore('cks-00000000000000001')));
      assert.equal((await store.getCustomKeyStore(SCOPE, 'cks-00000000000000001'))?.xks.secretAccessKey, SECRET);
      const secret = Buffer.from(SECRET, 'utf8');
      const needles = [secret, Buffer.from(secret.toString('hex'), 'utf8'), Buffer.from(secret.toString('base64'), 'utf8')];
      assert.deepEqual(await backend.findBytes(store, needles), []);
      assert.notDeepEqual(await backend.findBytes(store, [Buffer.from('ABCDEFGHIJKLMNOPQRST', 'utf8')]), []);
    }));
}
