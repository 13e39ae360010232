// The AWS Encryption SDK with a KMS keyring over a key in an external key store: GenerateDataKey and Decrypt go
// through openkms to the test XKS proxy, and the message round trips; a changed encryption context is refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, CreateKeyCommand, DescribeCustomKeyStoresCommand, KMS } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, type TestServer } from '../support/test-server.js';
import { TestXksProxy } from '../support/xks-test-proxy.js';

let proxy: TestXksProxy;
let t: TestServer;
before(async () => {
  proxy = await TestXksProxy.start();
  t = await startTestServer({ xks: { caBundleFile: proxy.caFile, resolve: [{ host: 'xks.openkms.test', address: '127.0.0.1', port: proxy.port }] } });
});
after(async () => {
  await t.cleanup();
  await proxy.stop();
});

test('a KMS keyring over an external key store key encrypts and decrypts through the proxy', async () => {
  proxy.addKey('sdk-key');
  const { CustomKeyStoreId } = await t.kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'sdk',
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
      XksProxyUriEndpoint: proxy.uriEndpoint,
      XksProxyUriPath: proxy.uriPath,
      XksProxyConnectivity: 'PUBLIC_ENDPOINT',
      XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secretAccessKey },
    }),
  );
  await t.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId }));
  for (let i = 0; i < 200; i++) {
    const state = (await t.kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId }))).CustomKeyStores![0]!.ConnectionState;
    if (state !== 'CONNECTING') break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId, XksKeyId: 'sdk-key' }));
  const keyring = new KmsKeyringNode({
    generatorKeyId: KeyMetadata!.Arn!,
    clientProvider: (region: string) =>
      new KMS({ endpoint: t.server.url, region, credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY } }),
  });
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const plaintext = Buffer.from('a message whose data key the external key manager protects');
  const before = proxy.seen.length;
  const { result } = await encrypt(keyring, plaintext, { encryptionContext: { tenant: 'acme' } });
  const decrypted = await decrypt(keyring, result);
  assert.deepEqual(decrypted.plaintext, plaintext);
  assert.deepEqual(proxy.seen.slice(before).map((seen) => [seen.api, seen.requestMetadata.kmsOperation]), [
    ['encrypt', 'GenerateDataKey'],
    ['decrypt', 'Decrypt'],
  ]);
  const at = result.indexOf(Buffer.from('acme'));
  const changed = Buffer.from(result);
  changed.write('acmf', at);
  await assert.rejects(decrypt(keyring, changed));
});
