// Conformance of the grants role: grant ids unique per key, names shared, grant tokens bound to the grant they were
// first issued for, filters, retirable grants of existing keys only, and listing order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GrantRecord } from '../grant-repository.js';
import { allPages, OTHER_ACCOUNT, SCOPE, testGrant, testKey } from './fixtures.js';
import type { UseStore } from './store-backend.js';

const key = testKey('k1');
const otherKey = testKey('k2');
const ids = (grants: readonly GrantRecord[]) => grants.map((grant) => grant.grantId[0]);

export function grantConformance(use: UseStore): void {
  test('a grant is read back as it was stored, constraints included', () =>
    use(async (store) => {
      const grant = testGrant(key, 'a', {
        name: 'orders',
        retiringPrincipal: 'arn:aws:iam::111122223333:role/retirer',
        constraints: { encryptionContextSubset: { app: 'orders' } },
      });
      await store.write((tx) => tx.putGrant(grant));
      assert.deepEqual(await store.getGrant(key.arn, grant.grantId), grant);
      assert.equal(await store.getGrant(otherKey.arn, grant.grantId), undefined);
    }));

  test('a grant id is unique on its key: storing it again replaces the grant', () =>
    use(async (store) => {
      await store.write((tx) => tx.putGrant(testGrant(key, 'a', { operations: ['Encrypt'] })));
      await store.write((tx) => tx.putGrant(testGrant(key, 'a', { operations: ['Decrypt'] })));
      assert.equal(await store.countGrants(key.arn), 1);
      assert.deepEqual((await store.getGrant(key.arn, testGrant(key, 'a').grantId))?.operations, ['Decrypt']);
    }));

  test('grant names are not unique: grantsNamed finds every grant of that name on that key', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putGrant(testGrant(key, 'a', { name: 'orders' }));
        await tx.putGrant(testGrant(key, 'b', { name: 'orders' }));
        await tx.putGrant(testGrant(key, 'c', { name: 'billing' }));
        await tx.putGrant(testGrant(otherKey, 'd', { name: 'orders' }));
      });
      assert.deepEqual(ids(await store.grantsNamed(key.arn, 'orders')), ['a', 'b']);
      assert.deepEqual(await store.grantsNamed(key.arn, 'none'), []);
    }));

  test('a grant token names the grant it was first issued for, also after the grant is gone', () =>
    use(async (store) => {
      const a = testGrant(key, 'a');
      await store.write(async (tx) => {
        await tx.putGrant(a);
        await tx.putGrantToken('token-hash-1', key.arn, a.grantId);
      });
      await store.write((tx) => tx.putGrantToken('token-hash-1', otherKey.arn, testGrant(otherKey, 'b').grantId));
      await store.write((tx) => tx.deleteGrant(key.arn, a.grantId));
      assert.equal(await store.getGrant(key.arn, a.grantId), undefined);
      assert.deepEqual(await store.grantOfToken('token-hash-1'), { keyArn: key.arn, grantId: a.grantId });
      assert.equal(await store.grantOfToken('token-hash-2'), undefined);
    }));

  test('listGrants pages in the order grants were first stored, filtered by grant id, grantee or service principal', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putGrant(testGrant(key, 'e'));
        await tx.putGrant(testGrant(key, 'c', { granteePrincipal: 'arn:aws:iam::111122223333:role/app' }));
        await tx.putGrant(testGrant(key, 'a'));
        await tx.putGrant(testGrant(key, 'd', { granteePrincipal: '', granteeServicePrincipal: 'dynamodb.amazonaws.com' }));
        await tx.putGrant(testGrant(key, 'b', { granteePrincipal: 'arn:aws:iam::111122223333:role/app' }));
        await tx.putGrant(testGrant(otherKey, 'f'));
      });
      const pages = await allPages((marker) => store.listGrants(key.arn, 2, marker));
      assert.deepEqual(pages.map(ids), [['e', 'c'], ['a', 'd'], ['b']]);
      assert.deepEqual(ids((await store.listGrants(key.arn, 10, undefined, { grantId: testGrant(key, 'a').grantId })).items), ['a']);
      assert.deepEqual(ids((await store.listGrants(key.arn, 10, undefined, { granteePrincipal: 'arn:aws:iam::111122223333:role/app' })).items), ['c', 'b']);
      assert.deepEqual(ids((await store.listGrants(key.arn, 10, undefined, { granteeServicePrincipal: 'dynamodb.amazonaws.com' })).items), ['d']);
      assert.equal(await store.countGrants(key.arn), 5);
    }));

  test('grantsForGrantees returns the key\'s grants of those grantees only', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putGrant(testGrant(key, 'a', { granteePrincipal: 'arn:aws:iam::111122223333:user/alice' }));
        await tx.putGrant(testGrant(key, 'b', { granteePrincipal: 'arn:aws:iam::111122223333:role/app' }));
        await tx.putGrant(testGrant(key, 'c', { granteePrincipal: 'arn:aws:iam::111122223333:user/bob' }));
        await tx.putGrant(testGrant(otherKey, 'd', { granteePrincipal: 'arn:aws:iam::111122223333:user/alice' }));
      });
      const found = await store.grantsForGrantees(key.arn, ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/app']);
      assert.deepEqual(ids(found), ['a', 'b']);
      assert.deepEqual(await store.grantsForGrantees(key.arn, []), []);
    }));

  test('listRetirableGrants finds a retiring principal\'s grants in every account, of keys that still exist', () =>
    use(async (store) => {
      const retirer = 'arn:aws:iam::111122223333:role/retirer';
      const foreignKey = testKey('k3', OTHER_ACCOUNT);
      await store.write(async (tx) => {
        await tx.putKey(key);
        await tx.putKey(foreignKey);
        await tx.putGrant(testGrant(key, 'a', { retiringPrincipal: retirer }));
        await tx.putGrant(testGrant(foreignKey, 'b', { retiringPrincipal: retirer }));
        await tx.putGrant(testGrant(key, 'c', { retiringPrincipal: 'arn:aws:iam::111122223333:role/other' }));
        await tx.putGrant(testGrant(otherKey, 'd', { retiringPrincipal: retirer })); // k2 was never stored
        await tx.putGrant(testGrant(key, 'e', { retiringPrincipal: retirer }));
      });
      const pages = await allPages((marker) => store.listRetirableGrants(retirer, 2, marker));
      assert.deepEqual(pages.map(ids), [['a', 'b'], ['e']]);
      await store.write((tx) => tx.deleteKey(SCOPE, key.keyId));
      assert.deepEqual(ids((await store.listRetirableGrants(retirer, 10)).items), ['b']);
    }));
}
