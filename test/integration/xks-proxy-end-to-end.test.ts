// openkms's KMS side against openkms's own XKS proxy, both real servers on 127.0.0.1: the proxy over TLS with a
// scratch CA (the KMS trusts it through its xks CA bundle and reaches `xks.openkms.test` through its resolve setting),
// driven with @aws-sdk/client-kms: create and connect a store, create a key over an external key, Encrypt/Decrypt,
// a wrong encryption context refused at the proxy, a disabled external key.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  EncryptCommand,
} from '@aws-sdk/client-kms';
import { ScratchCa } from '../support/openssl-ca.js';
import { awsError, startTestServer, type TestServer } from '../support/test-server.js';
import { CREDENTIAL, startProxyFixture, URI_PATH, type ProxyFixture } from '../support/xks-proxy-fixture.js';

const HOST = 'xks.openkms.test';
let ca: ScratchCa;
let proxy: ProxyFixture;
let t: TestServer;

before(async () => {
  ca = new ScratchCa('openkms end-to-end CA');
  const server = ca.issue(HOST, [`DNS:${HOST}`], 'serverAuth');
  proxy = await startProxyFixture({ tls: { cert: server.cert, key: server.key } });
  t = await startTestServer({ xks: { caBundleFile: ca.certPath, resolve: [{ host: HOST, address: '127.0.0.1', port: proxy.proxy.port }] } });
});
after(async () => {
  await t?.cleanup();
  await proxy?.close();
  ca?.dispose();
});

test('a store on openkms xks-proxy: connect, a key over an external key, encrypt and decrypt, a wrong context, a disabled key', async () => {
  const { CustomKeyStoreId } = await t.kms.send(
    new CreateCustomKeyStoreCommand({
      CustomKeyStoreName: 'own-proxy',
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
      XksProxyUriEndpoint: `https://${HOST}`,
      XksProxyUriPath: URI_PATH,
      XksProxyAuthenticationCredential: { AccessKeyId: CREDENTIAL.accessKeyId, RawSecretAccessKey: CREDENTIAL.secretAccessKey },
      XksProxyConnectivity: 'PUBLIC_ENDPOINT',
    }),
  );
  await t.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId }));
  let state: string | undefined;
  for (let i = 0; i < 100 && state !== 'CONNECTED' && state !== 'FAILED'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = (await t.kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId }))).CustomKeyStores?.[0]?.ConnectionState;
  }
  assert.equal(state, 'CONNECTED');

  const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId, XksKeyId: 'key-both' }));
  assert.equal(KeyMetadata?.XksKeyConfiguration?.Id, 'key-both');
  const KeyId = KeyMetadata!.KeyId!;
  const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('end to end'), EncryptionContext: { app: 'e2e' } }));
  const { Plaintext } = await t.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { app: 'e2e' } }));
  assert.equal(Buffer.from(Plaintext!).toString(), 'end to end');

  const wrongContext = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { app: 'other' } })));
  assert.equal(wrongContext.name, 'KMSInvalidStateException');
  assert.match(wrongContext.message, /The external key store proxy rejected the request because the specified ciphertext or encryption context/);
  assert.ok(proxy.logs.some((line) => line.includes('"api":"Decrypt"') && line.includes('InvalidCiphertextException')));

  await proxy.disable('key-both');
  const disabled = await awsError(t.kms.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('x') })));
  assert.equal(disabled.name, 'KMSInvalidStateException');
  assert.match(disabled.message, /is not enabled in the external key manager/);
  await proxy.enable('key-both');
});
