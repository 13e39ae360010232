// Conformance of sealing: key material and secret access keys appear nowhere in what the backend keeps, in any
// encoding, while what is not secret is found by the same scan (so a clean scan means something).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPE, at, testKey, testMaterial } from './fixtures.js';
import type { StoreBackend, UseStore } from './store-backend.js';

/** The bytes themselves and every spelling a backend could slip them into a text column or document with. */
function spellings(secret: Buffer): Buffer[] {
  const texts = [
    secret.toString('hex'),
    secret.toString('hex').toUpperCase(),
    secret.toString('base64'),
    secret.toString('base64url'),
    JSON.stringify([...secret]).slice(1, -1), // Buffer#toJSON's data
  ];
  return [secret, ...texts.map((text) => Buffer.from(text, 'utf8'))];
}

export function sealingConformance(use: UseStore, backend: StoreBackend): void {
  test('no key material and no secret access key is kept in clear, in any encoding', () =>
    use(async (store) => {
      const material = Buffer.from('openkms-conformance-raw-material', 'utf8');
      const rotated = Buffer.from('OPENKMS-CONFORMANCE-NEXT-MATERIAL', 'utf8').subarray(0, 32);
      const secret = 'openkms-conformance-secret-access-key';
      assert.equal(material.length, 32);
      await store.write(async (tx) => {
        await tx.putKey(testKey('k1'));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('a', material, { state: 'NON_CURRENT' }));
        await tx.putKeyMaterial(SCOPE, 'k1', testMaterial('b', rotated));
        await tx.putAccessKey({ accessKeyId: 'AKIACONFORMANCE', secretAccessKey: secret, principalArn: 'arn:aws:iam::111122223333:user/alice', createdAt: at(1) });
      });
      // Read back, so a backend that caches or re-stores what it read is scanned in that state too.
      assert.deepEqual((await store.getKeyMaterials(SCOPE, 'k1')).map((m) => m.material), [material, rotated]);
      assert.equal((await store.getAccessKey('AKIACONFORMANCE'))?.secretAccessKey, secret);
      const needles = [...spellings(material), ...spellings(rotated), ...spellings(Buffer.from(secret, 'utf8'))];
      assert.deepEqual(await backend.findBytes(store, needles), []);
    }));

  test('the scan finds what is kept in clear: a key description holding the same marker', () =>
    use(async (store) => {
      const marker = 'openkms-conformance-clear-marker';
      await store.write((tx) => tx.putKey(testKey('k1', SCOPE, { description: marker })));
      assert.notDeepEqual(await backend.findBytes(store, [Buffer.from(marker, 'utf8')]), []);
    }));
}
