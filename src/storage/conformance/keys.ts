// Conformance of the keys role: keys and their key materials, unique key ids per account and Region, listing order
// and markers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPages, at, OTHER_ACCOUNT, OTHER_REGION, SCOPE, testKey, testMaterial } from './fixtures.js';
import type { UseStore } from './store-backend.js';

export function keyConformance(use: UseStore): void {
  test('a key is read back as it was stored, dates included', () =>
    use(async (store) => {
      const key = testKey('k1', SCOPE, {
        description: 'orders',
        keyState: 'PendingDeletion',
        deletionDate: at(86_400),
        pendingWindowInDays: 7,
        tags: [{ TagKey: 'team', TagValue: 'payments' }],
        rotation: { enabled: true, periodInDays: 90, nextRotationDate: at(7_776_000) },
      });
      await store.write((tx) => tx.putKey(key));
      assert.deepEqual(await store.getKey(SCOPE, 'k1'), key);
      assert.equal(await store.getKey(SCOPE, 'k2'), undefined);
    }));

  test('a key id is unique in its account and Region: storing it again replaces the key', () =>
    use(async (store) => {
      await store.write((tx) => tx.putKey(testKey('k1', SCOPE, { description: 'first' })));
      await store.write((tx) => tx.putKey(testKey('k1', SCOPE, { description: 'second' })));
      assert.equal((await store.getKey(SCOPE, 'k1'))?.description, 'second');
      assert.deepEqual((await store.listKeys(SCOPE, 10)).items.map((key) => key.description), ['second']);
    }));

  test('the same key id in another Region or account is another key', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putKey(testKey('k1', SCOPE, { description: 'home' }));
        await tx.putKey(testKey('k1', OTHER_REGION, { description: 'region' }));
        await tx.putKey(testKey('k1', OTHER_ACCOUNT, { description: 'account' }));
      });
      assert.equal((await store.getKey(OTHER_REGION, 'k1'))?.description, 'region');
      assert.equal((await store.getKey(OTHER_ACCOUNT, 'k1'))?.description, 'account');
      await store.write((tx) => tx.deleteKey(SCOPE, 'k1'));
      assert.equal(await store.getKey(SCOPE, 'k1'), undefined);
      assert.equal((await store.listKeys(OTHER_REGION, 10)).items.length, 1);
      assert.equal((await store.listKeys(OTHER_ACCOUNT, 10)).items.length, 1);
    }));

  test('listKeys pages in the order keys were first stored, and a replaced key keeps its place', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        for (const id of ['k5', 'k3', 'k1', 'k4', 'k2']) await tx.putKey(testKey(id));
        await tx.putKey(testKey('k9', OTHER_REGION));
      });
      await store.write((tx) => tx.putKey(testKey('k3', SCOPE, { description: 'replaced' })));
      const pages = await allPages((marker) => store.listKeys(SCOPE, 2, marker));
      assert.deepEqual(pages.map((page) => page.map((key) => key.keyId)), [['k5', 'k3'], ['k1', 'k4'], ['k2']]);
      const exact = await store.listKeys(SCOPE, 5);
      assert.equal(exact.items.length, 5);
      assert.equal(exact.nextMarker, undefined, 'no marker when the page holds the rest');
    }));

  test('a marker the store did not issue is refused with InvalidMarkerException', () =>
    use(async (store) => {
      await store.write((tx) => tx.putKey(testKey('k1')));
      for (const marker of ['', 'not-a-marker', Buffer.from('openkms:-1').toString('base64url')]) {
        await assert.rejects(store.listKeys(SCOPE, 10, marker), {
          name: 'InvalidMarkerException',
          message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
        });
      }
    }));

  test('key materials are read back unsealed, oldest first; summaries tell stored material from pending without it', () =>
    use(async (store) => {
      const first = Buffer.alloc(32, 1);
      const second = Buffer.alloc(32, 2);
      await store.write(async (tx) => {
        await tx.putKey(testKey('k1'));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('b', first, { state: 'NON_CURRENT', validTo: at(500), description: 'old' }));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', second));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('c', undefined, { state: 'PENDING_ROTATION', importState: 'PENDING_IMPORT' }));
      });
      const materials = await store.getKeyMaterials(SCOPE, 'k1');
      assert.deepEqual(materials.map((m) => m.keyMaterialId[0]), ['b', 'a', 'c']);
      assert.deepEqual(materials[0], testMaterial('b', first, { state: 'NON_CURRENT', validTo: at(500), description: 'old' }));
      assert.deepEqual(materials[1]!.material, second);
      assert.equal(materials[2]!.material, undefined);
      const summaries = await store.getKeyMaterialSummaries(SCOPE, 'k1');
      assert.deepEqual(summaries.map((s) => [s.keyMaterialId[0], s.hasMaterial, 'material' in s]), [['b', true, false], ['a', true, false], ['c', false, false]]);
      assert.deepEqual((await store.getKeyMaterial(SCOPE, 'k1', testMaterial('a').keyMaterialId))?.material, second);
      assert.equal(await store.getKeyMaterial(SCOPE, 'k1', testMaterial('z').keyMaterialId), undefined);
    }));

  test('a key material id is unique on its key: storing it again replaces it in place', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', Buffer.alloc(32, 1)));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('b', Buffer.alloc(32, 2)));
      });
      // Imported material deleted: the record stays, without its material.
      await store.write((tx) => tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', undefined, { state: 'NON_CURRENT' })));
      const materials = await store.getKeyMaterials(SCOPE, 'k1');
      assert.deepEqual(materials.map((m) => [m.keyMaterialId[0], m.state, m.material?.[0]]), [['a', 'NON_CURRENT', undefined], ['b', 'CURRENT', 2]]);
    }));

  test('deleteKeyMaterials removes every material of that key, and only of that key', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', Buffer.alloc(32, 1)));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('b', Buffer.alloc(32, 2)));
        await tx.putKeyMaterial(SCOPE, 'k2', testMaterial('a', Buffer.alloc(32, 3)));
        await tx.putKeyMaterial(OTHER_REGION, 'k1', testMaterial('a', Buffer.alloc(32, 4)));
      });
      await store.write((tx) => tx.deleteKeyMaterials(SCOPE, 'k1'));
      assert.deepEqual(await store.getKeyMaterials(SCOPE, 'k1'), []);
      assert.equal((await store.getKeyMaterials(SCOPE, 'k2'))[0]?.material?.[0], 3);
      assert.equal((await store.getKeyMaterials(OTHER_REGION, 'k1'))[0]?.material?.[0], 4);
    }));
}
