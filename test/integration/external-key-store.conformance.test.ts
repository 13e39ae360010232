// The KeyStore conformance suite (src/keystore/key-store-conformance.ts) on the external key store, through the test
// XKS proxy over HTTPS: double encryption behaves as the local store's encryption does, except that a ciphertext the
// proxy refuses (another encryption context, a changed byte of its part) is refused by the proxy's answer.

import { randomBytes, randomUUID } from 'node:crypto';
import { Sealer } from '../../src/crypto/sealer.js';
import { InvalidCiphertextError } from '../../src/crypto/errors.js';
import type { KeyMaterialRecord } from '../../src/domain/key-material.js';
import type { KmsKey } from '../../src/domain/kms-key.js';
import { testKey } from '../../src/domain/kms-key.test-helper.js';
import { ExternalKeyStore } from '../../src/keystore/external/external-key-store.js';
import { XksInnerCiphertextError } from '../../src/keystore/external/errors.js';
import { keyStoreConformance } from '../../src/keystore/key-store-conformance.js';
import { KeyMaterialService } from '../../src/keystore/local/key-material-service.js';
import { LocalKeyStore } from '../../src/keystore/local/local-key-store.js';
import { rotateKeyMaterial } from '../../src/keystore/rotate-key-material.js';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { XksCallError } from '../../src/xks/client/xks-call-error.js';
import { XksProxyClient } from '../../src/xks/client/xks-proxy-client.js';
import { readFileSync } from 'node:fs';
import { TestXksProxy } from '../support/xks-test-proxy.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const STORE_ID = 'cks-0123456789abcdef0';

keyStoreConformance('external (double encryption through an XKS proxy)', async () => {
  const proxy = await TestXksProxy.start();
  const store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
  const client = new XksProxyClient({ caBundle: readFileSync(proxy.caFile, 'utf8'), resolve: new Map([['xks.openkms.test', { address: '127.0.0.1', port: proxy.port }]]), attemptTimeoutMs: 2000 });
  const local = new LocalKeyStore(store, new KeyMaterialService());
  const keyStore = new ExternalKeyStore(store, local, client);
  await store.write((tx) =>
    tx.putCustomKeyStore({
      accountId: '111122223333',
      region: 'us-east-1',
      customKeyStoreId: STORE_ID,
      name: 'conformance',
      creationDate: NOW,
      connectionState: 'CONNECTED',
      xks: { connectivity: 'PUBLIC_ENDPOINT', uriEndpoint: proxy.uriEndpoint, uriPath: proxy.uriPath, accessKeyId: proxy.accessKeyId, secretAccessKey: proxy.secretAccessKey },
    }),
  );
  let count = 0;
  async function newKey(): Promise<KmsKey> {
    const xksKeyId = `conformance-${++count}`;
    proxy.addKey(xksKeyId);
    const key = testKey({ keyId: randomUUID(), origin: 'EXTERNAL_KEY_STORE', customKeyStoreId: STORE_ID, xksKeyId });
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
  return {
    keyStore,
    newKey,
    makeCurrent,
    isRefusedCiphertext: (error) =>
      error instanceof InvalidCiphertextError ||
      error instanceof XksInnerCiphertextError ||
      (error instanceof XksCallError && error.failure.kind === 'proxy-error' && error.failure.errorName === 'InvalidCiphertextException'),
    close: async () => {
      client.close();
      await store.close();
      await proxy.stop();
    },
  };
});
