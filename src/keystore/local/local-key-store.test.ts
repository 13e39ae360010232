// The local key store against an in-memory SQLite store: the KeyStore conformance suite, then what only it does (the
// material cache, keys without current material, keys of other specs, and the typed handles of asymmetric and HMAC keys).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { KeySpec, KeyUsageType } from '../../api/model.generated.js';
import { encodeCiphertextBlob, parseCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import { CryptoError, IncompatibleAlgorithmError, InvalidCiphertextError } from '../../crypto/errors.js';
import { Sealer } from '../../crypto/sealer.js';
import { withoutMaterial, type KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import { testKey } from '../../domain/kms-key.test-helper.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { KeyMaterialMissingError, KeyStoreError } from '../errors.js';
import { keyStoreConformance } from '../key-store-conformance.js';
import { rotateKeyMaterial } from '../rotate-key-material.js';
import { KeyMaterialService } from './key-material-service.js';
import { LocalKeyStore } from './local-key-store.js';

const NOW = new Date('2030-01-01T00:00:00Z');

/** A store, its key material service and the local key store over both. */
function openLocal() {
  const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
  const materials = new KeyMaterialService();
  const keyStore = new LocalKeyStore(store, materials);
  /** A key of `keySpec` as CreateKey leaves it: its generated material current, both stored. */
  async function newKey(keySpec: KeySpec = 'SYMMETRIC_DEFAULT', keyUsage: KeyUsageType = 'ENCRYPT_DECRYPT'): Promise<KmsKey> {
    const key = testKey({ keyId: randomUUID(), keySpec, keyUsage });
    const material = await keyStore.newMaterial(key, NOW);
    key.currentKeyMaterialId = material.keyMaterialId;
    await store.write(async (tx) => {
      await tx.putKey(key);
      await tx.putKeyMaterial(key, key.keyId, material);
    });
    material.material?.fill(0);
    return key;
  }
  async function makeCurrent(key: KmsKey, material: KeyMaterialRecord): Promise<KmsKey> {
    await store.write(async (tx) => {
      await rotateKeyMaterial(tx, key, material, 'ON_DEMAND', NOW);
      await tx.putKey(key);
    });
    return key;
  }
  return { store, materials, keyStore, newKey, makeCurrent };
}

keyStoreConformance('local (material sealed in SQLite)', async () => {
  const local = openLocal();
  return { keyStore: local.keyStore, newKey: () => local.newKey(), makeCurrent: local.makeCurrent, close: () => local.store.close() };
});

describe('LocalKeyStore', () => {
  let local: ReturnType<typeof openLocal>;
  before(() => {
    local = openLocal();
  });
  after(() => local.store.close());

  test('forget drops the cached material: deleted material decrypts from the cache until then, and not after', async () => {
    const key = await local.newKey();
    const blob = parseCiphertextBlob((await local.keyStore.encrypt(key, Buffer.from('cached'))).ciphertextBlob);
    const [record] = await local.store.getKeyMaterials(key, key.keyId);
    await local.store.write((tx) => tx.putKeyMaterial(key, key.keyId, withoutMaterial(record!)));
    assert.equal((await local.keyStore.decrypt(key, blob)).plaintext.toString(), 'cached');
    local.keyStore.forget(key);
    await assert.rejects(local.keyStore.decrypt(key, blob), InvalidCiphertextError);
    await assert.rejects(local.keyStore.encrypt(key, Buffer.from('x')), KeyMaterialMissingError);
  });

  test('forget drops only the key it names', async () => {
    const [a, b] = [await local.newKey(), await local.newKey()];
    const blob = parseCiphertextBlob((await local.keyStore.encrypt(b, Buffer.from('b'))).ciphertextBlob);
    const [record] = await local.store.getKeyMaterials(b, b.keyId);
    await local.store.write((tx) => tx.putKeyMaterial(b, b.keyId, withoutMaterial(record!)));
    local.keyStore.forget(a);
    assert.equal((await local.keyStore.decrypt(b, blob)).plaintext.toString(), 'b');
  });

  test('a key without current material (imported material pending import) → KeyMaterialMissingError naming the key, for every use', async () => {
    const key = testKey({ keyId: randomUUID(), origin: 'EXTERNAL', keyState: 'PendingImport' });
    await local.store.write((tx) => tx.putKey(key));
    for (const use of [
      () => local.keyStore.encrypt(key, Buffer.from('x')),
      () => local.keyStore.asymmetricHandle(key),
      () => local.keyStore.secretHandle(key),
    ]) {
      await assert.rejects(use, (error) => error instanceof KeyMaterialMissingError && error.keyArn === key.arn && !error.message.includes('x'));
    }
  });

  test('a blob naming the material of an RSA key → IncompatibleAlgorithmError, as Decrypt answers InvalidKeyUsageException', async () => {
    const rsa = await local.newKey('RSA_2048');
    const blob = parseCiphertextBlob(
      encodeCiphertextBlob(
        { keyId: rsa.keyId, accountId: rsa.accountId, keyMaterialId: rsa.currentKeyMaterialId! },
        { salt: randomBytes(16), iv: randomBytes(12), ciphertext: randomBytes(8), tag: randomBytes(16) },
      ),
    );
    await assert.rejects(local.keyStore.decrypt(rsa, blob), (error) => error instanceof IncompatibleAlgorithmError && error.keySpec === 'RSA_2048');
  });

  test('encrypting under an HMAC key → IncompatibleAlgorithmError: only symmetric encryption material makes blobs', async () => {
    const hmac = await local.newKey('HMAC_256', 'GENERATE_VERIFY_MAC');
    await assert.rejects(local.keyStore.encrypt(hmac, Buffer.from('x')), IncompatibleAlgorithmError);
  });

  test('asymmetricHandle gives the key pair of an asymmetric key and secretHandle the secret of an HMAC key', async () => {
    const [ecc, hmac] = [await local.newKey('ECC_NIST_P256', 'SIGN_VERIFY'), await local.newKey('HMAC_256', 'GENERATE_VERIFY_MAC')];
    const pair = await local.keyStore.asymmetricHandle(ecc);
    assert.deepEqual([pair.kind, pair.keySpec], ['node', 'ECC_NIST_P256']);
    const secret = await local.keyStore.secretHandle(hmac);
    assert.deepEqual([secret.kind, secret.keySpec], ['secret', 'HMAC_256']);
  });

  test('a handle of the other kind is an internal error, neither a crypto nor a key store error that operations would answer as the client fault', async () => {
    const [symmetric, rsa] = [await local.newKey(), await local.newKey('RSA_2048')];
    for (const use of [() => local.keyStore.asymmetricHandle(symmetric), () => local.keyStore.secretHandle(rsa)]) {
      await assert.rejects(use, (error) => error instanceof Error && !(error instanceof CryptoError) && !(error instanceof KeyStoreError) && /^Internal error/.test(error.message));
    }
  });

  test('stored material that no longer fits its key spec is an internal error, not IncorrectKeyMaterialError', async () => {
    const key = testKey({ keyId: randomUUID(), currentKeyMaterialId: 'c'.repeat(64) });
    await local.store.write(async (tx) => {
      await tx.putKey(key);
      await tx.putKeyMaterial(key, key.keyId, { keyMaterialId: 'c'.repeat(64), material: randomBytes(31), state: 'CURRENT', createdAt: NOW });
    });
    await assert.rejects(local.keyStore.encrypt(key, Buffer.from('x')), (error) => error instanceof Error && !(error instanceof CryptoError) && /does not load/.test(error.message));
  });

  test('newMaterial makes material of the key spec: 32 bytes for SYMMETRIC_DEFAULT, a PKCS#8 key pair for RSA', async () => {
    const symmetric = await local.keyStore.newMaterial({ keyId: randomUUID(), keySpec: 'SYMMETRIC_DEFAULT' }, NOW);
    assert.equal(symmetric.material?.length, 32);
    const rsa = await local.keyStore.newMaterial({ keyId: randomUUID(), keySpec: 'RSA_2048' }, NOW);
    assert.equal(rsa.material?.[0], 0x30, 'a DER SEQUENCE');
  });
});
