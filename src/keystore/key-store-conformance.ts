// The contract of keystore/key-store.ts as node:test tests, for any KeyStore given a fixture that makes its keys: the
// local store runs it (keystore/local/local-key-store.test.ts), the external key store through a test XKS proxy
// (test/integration/external-key-store.conformance.test.ts).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeCiphertextBlob, parseCiphertextBlob, type ParsedCiphertextBlob } from '../crypto/ciphertext-blob.js';
import { InvalidCiphertextError } from '../crypto/errors.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { KeyStore } from './key-store.js';

export interface KeyStoreFixture {
  keyStore: KeyStore;
  /** A new Enabled SYMMETRIC_DEFAULT key of this store with current material, as CreateKey leaves it. */
  newKey(): Promise<KmsKey>;
  /** Makes `material` (from keyStore.newMaterial) the key's current material, as a rotation does; returns the key then. */
  makeCurrent(key: KmsKey, material: KeyMaterialRecord): Promise<KmsKey>;
  close(): Promise<void>;
  /**
   * How this store refuses a ciphertext that does not open (default: InvalidCiphertextError). An external key store
   * also refuses through its proxy's answer, which AWS reports differently (docs/external-key-stores.md).
   */
  isRefusedCiphertext?(error: unknown): boolean;
}

/** The largest plaintext Encrypt takes and the largest CiphertextBlob Decrypt takes (the API model's limits). */
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_CIPHERTEXT_BLOB_BYTES = 6144;

export function keyStoreConformance(name: string, open: () => Promise<KeyStoreFixture>): void {
  describe(`KeyStore conformance: ${name}`, () => {
    let fixture: KeyStoreFixture;
    let store: KeyStore;
    before(async () => {
      fixture = await open();
      store = fixture.keyStore;
    });
    after(() => fixture.close());

    const rejectsAsInvalidCiphertext = (work: () => Promise<unknown>, message?: string) =>
      assert.rejects(work, (error) => (fixture.isRefusedCiphertext ? fixture.isRefusedCiphertext(error) : error instanceof InvalidCiphertextError), message);

    test('a round trip without encryption context gives back the plaintext and the key current material id, which the blob names', async () => {
      const key = await fixture.newKey();
      const plaintext = Buffer.from('a secret worth keeping');
      const encrypted = await store.encrypt(key, plaintext);
      assert.equal(encrypted.keyMaterialId, key.currentKeyMaterialId);
      const blob = parseCiphertextBlob(encrypted.ciphertextBlob);
      assert.deepEqual([blob.keyId, blob.accountId, blob.keyMaterialId], [key.keyId, key.accountId, key.currentKeyMaterialId]);
      const decrypted = await store.decrypt(key, blob);
      assert.deepEqual(decrypted.plaintext, plaintext);
      assert.equal(decrypted.keyMaterialId, key.currentKeyMaterialId);
    });

    test('a round trip with encryption context: the order of its pairs does not matter, and an absent context is the same as {}', async () => {
      const key = await fixture.newKey();
      const encrypted = await store.encrypt(key, Buffer.from('x'), { purpose: 'test', tenant: 'a' });
      const decrypted = await store.decrypt(key, parseCiphertextBlob(encrypted.ciphertextBlob), { tenant: 'a', purpose: 'test' });
      assert.equal(decrypted.plaintext.toString(), 'x');
      const empty = await store.encrypt(key, Buffer.from('y'), {});
      assert.equal((await store.decrypt(key, parseCiphertextBlob(empty.ciphertextBlob))).plaintext.toString(), 'y');
      const absent = await store.encrypt(key, Buffer.from('z'));
      assert.equal((await store.decrypt(key, parseCiphertextBlob(absent.ciphertextBlob), {})).plaintext.toString(), 'z');
    });

    test('decrypting with another encryption context, none, or one pair more or less → InvalidCiphertextError', async () => {
      const key = await fixture.newKey();
      const blob = parseCiphertextBlob((await store.encrypt(key, Buffer.from('x'), { a: '1', b: '2' })).ciphertextBlob);
      const others: (Record<string, string> | undefined)[] = [{ a: '1', b: '3' }, { a: '1', B: '2' }, undefined, {}, { a: '1' }, { a: '1', b: '2', c: '3' }];
      for (const context of others) {
        await rejectsAsInvalidCiphertext(() => store.decrypt(key, blob, context), JSON.stringify(context));
      }
      const without = parseCiphertextBlob((await store.encrypt(key, Buffer.from('x'))).ciphertextBlob);
      await rejectsAsInvalidCiphertext(() => store.decrypt(key, without, { a: '1' }));
    });

    test('a blob with any one byte changed after its format bytes, cut short or lengthened → InvalidCiphertextError', async () => {
      const key = await fixture.newKey();
      const original = (await store.encrypt(key, Buffer.from('sixteen bytes!!!'))).ciphertextBlob;
      // Bytes 0-3 are magic, version and key id type: changing them fails the parse itself, before any key store.
      for (let offset = 4; offset < original.length; offset++) {
        const tampered = Buffer.from(original);
        tampered[offset]! ^= 0x01;
        await rejectsAsInvalidCiphertext(async () => store.decrypt(key, parseCiphertextBlob(tampered)), `byte ${offset}`);
      }
      for (const tampered of [original.subarray(0, original.length - 1), Buffer.concat([original, Buffer.of(0)])]) {
        await rejectsAsInvalidCiphertext(async () => store.decrypt(key, parseCiphertextBlob(tampered)), `length ${tampered.length}`);
      }
      assert.equal((await store.decrypt(key, parseCiphertextBlob(original))).plaintext.toString(), 'sixteen bytes!!!');
    });

    test('a blob of another key of the store → InvalidCiphertextError, also under the other key material id', async () => {
      const [mine, theirs] = [await fixture.newKey(), await fixture.newKey()];
      const blob = parseCiphertextBlob((await store.encrypt(theirs, Buffer.from('not yours'))).ciphertextBlob);
      await rejectsAsInvalidCiphertext(() => store.decrypt(mine, blob));
      // The blob rewritten to name my key (its material id still theirs), and then to name my material too.
      await rejectsAsInvalidCiphertext(() => store.decrypt(mine, renamed(blob, { keyId: mine.keyId })));
      await rejectsAsInvalidCiphertext(() => store.decrypt(mine, renamed(blob, { keyId: mine.keyId, keyMaterialId: mine.currentKeyMaterialId! })));
    });

    test('a blob that names material the key does not have → InvalidCiphertextError', async () => {
      const key = await fixture.newKey();
      const blob = parseCiphertextBlob((await store.encrypt(key, Buffer.from('x'))).ciphertextBlob);
      await rejectsAsInvalidCiphertext(() => store.decrypt(key, renamed(blob, { keyMaterialId: randomBytes(32).toString('hex') })));
    });

    test('plaintexts of 1 and 4096 bytes round trip, and the largest blob stays within 6144 bytes', async () => {
      const key = await fixture.newKey();
      for (const size of [1, MAX_PLAINTEXT_BYTES]) {
        const plaintext = randomBytes(size);
        const { ciphertextBlob } = await store.encrypt(key, plaintext);
        assert.ok(ciphertextBlob.length <= MAX_CIPHERTEXT_BLOB_BYTES, `${ciphertextBlob.length} bytes for ${size}`);
        assert.ok(ciphertextBlob.length > size, 'the blob holds the whole plaintext');
        assert.deepEqual((await store.decrypt(key, parseCiphertextBlob(ciphertextBlob))).plaintext, plaintext);
      }
    });

    test('every encryption is fresh: the same plaintext and context twice give two different blobs', async () => {
      const key = await fixture.newKey();
      const first = await store.encrypt(key, Buffer.from('same'), { a: '1' });
      const second = await store.encrypt(key, Buffer.from('same'), { a: '1' });
      assert.notDeepEqual(first.ciphertextBlob, second.ciphertextBlob);
    });

    test('newMaterial gives CURRENT material with a fresh id each time, created at the time given', async () => {
      const key = await fixture.newKey();
      const now = new Date('2030-01-02T03:04:05Z');
      const [a, b] = [await store.newMaterial(key, now), await store.newMaterial(key, now)];
      try {
        assert.match(a.keyMaterialId, /^[0-9a-f]{64}$/);
        assert.notEqual(a.keyMaterialId, b.keyMaterialId);
        assert.notEqual(a.keyMaterialId, key.currentKeyMaterialId);
        assert.deepEqual([a.state, a.createdAt.getTime()], ['CURRENT', now.getTime()]);
      } finally {
        a.material?.fill(0);
        b.material?.fill(0);
      }
    });

    test('after new material becomes current, blobs name it and blobs of the earlier material still decrypt with theirs', async () => {
      const key = await fixture.newKey();
      const earlierId = key.currentKeyMaterialId!;
      const earlier = parseCiphertextBlob((await store.encrypt(key, Buffer.from('before'), { v: '1' })).ciphertextBlob);
      const material = await store.newMaterial(key, new Date());
      const rotated = await fixture.makeCurrent(key, material);
      material.material?.fill(0);
      const later = await store.encrypt(rotated, Buffer.from('after'), { v: '2' });
      assert.deepEqual([later.keyMaterialId, parseCiphertextBlob(later.ciphertextBlob).keyMaterialId], [material.keyMaterialId, material.keyMaterialId]);
      assert.deepEqual(await plainOf(rotated, earlier, { v: '1' }), ['before', earlierId]);
      assert.deepEqual(await plainOf(rotated, parseCiphertextBlob(later.ciphertextBlob), { v: '2' }), ['after', material.keyMaterialId]);
    });

    test('forget, then decrypt still works: the store reads the material again', async () => {
      const key = await fixture.newKey();
      const blob = parseCiphertextBlob((await store.encrypt(key, Buffer.from('kept'))).ciphertextBlob);
      assert.deepEqual(await plainOf(key, blob), ['kept', key.currentKeyMaterialId]);
      store.forget(key);
      assert.deepEqual(await plainOf(key, blob), ['kept', key.currentKeyMaterialId]);
      store.forget(key);
      const again = await store.encrypt(key, Buffer.from('again'));
      assert.deepEqual(await plainOf(key, parseCiphertextBlob(again.ciphertextBlob)), ['again', key.currentKeyMaterialId]);
    });

    async function plainOf(key: KmsKey, blob: ParsedCiphertextBlob, context?: Record<string, string>): Promise<[string, string]> {
      const { plaintext, keyMaterialId } = await store.decrypt(key, blob, context);
      return [plaintext.toString(), keyMaterialId];
    }
  });
}

/** The same ciphertext, salt, IV and tag under a header naming another key or material: what an attacker can forge. */
function renamed(blob: ParsedCiphertextBlob, names: { keyId?: string; keyMaterialId?: string }): ParsedCiphertextBlob {
  const header = { keyId: names.keyId ?? blob.keyId, accountId: blob.accountId, keyMaterialId: names.keyMaterialId ?? blob.keyMaterialId };
  return parseCiphertextBlob(encodeCiphertextBlob(header, blob));
}
