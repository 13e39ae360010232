// The README's "External key stores" procedure with the `aws` CLI against openkms and the test XKS proxy:
// create-custom-key-store from --cli-input-json (so the CLI v1 does not fetch the https:// endpoint as a URL
// parameter), connect, describe, create-key --origin EXTERNAL_KEY_STORE, encrypt and decrypt.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { awsCli } from '../support/command-line.js';
import { TestXksProxy } from '../support/xks-test-proxy.js';

let proxy: TestXksProxy;
let t: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'openkms-cli-xks-'));
before(async () => {
  proxy = await TestXksProxy.start();
  t = await startTestServer({ xks: { caBundleFile: proxy.caFile, resolve: [{ host: 'xks.openkms.test', address: '127.0.0.1', port: proxy.port }] } });
});
after(async () => {
  await t.cleanup();
  await proxy.stop();
  rmSync(dir, { recursive: true, force: true });
});

const aws = (args: string[]) => awsCli(['kms', '--endpoint-url', t.server.url, '--output', 'text', ...args]);

test('aws kms: create, connect and use an external key store as the README shows', async () => {
  proxy.addKey('cli-key-1');
  const input = join(dir, 'store.json');
  writeFileSync(
    input,
    JSON.stringify({
      CustomKeyStoreName: 'cli-xks',
      CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
      XksProxyUriEndpoint: proxy.uriEndpoint,
      XksProxyUriPath: proxy.uriPath,
      XksProxyConnectivity: 'PUBLIC_ENDPOINT',
      XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secretAccessKey },
    }),
  );
  const storeId = await aws(['create-custom-key-store', '--cli-input-json', `file://${input}`, '--query', 'CustomKeyStoreId']);
  assert.match(storeId, /^cks-[0-9a-f]{17}$/);
  await aws(['connect-custom-key-store', '--custom-key-store-id', storeId]);
  let state = '';
  for (let i = 0; i < 100 && state !== 'CONNECTED'; i++) {
    state = await aws(['describe-custom-key-stores', '--custom-key-store-id', storeId, '--query', 'CustomKeyStores[0].ConnectionState']);
    if (state === 'CONNECTING') await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(state, 'CONNECTED');
  const keyId = await aws(['create-key', '--origin', 'EXTERNAL_KEY_STORE', '--custom-key-store-id', storeId, '--xks-key-id', 'cli-key-1', '--query', 'KeyMetadata.KeyId']);
  assert.equal(await aws(['describe-key', '--key-id', keyId, '--query', 'KeyMetadata.XksKeyConfiguration.Id']), 'cli-key-1');
  const plain = join(dir, 'plain.txt');
  writeFileSync(plain, 'hello through the proxy');
  const cipher = join(dir, 'cipher.bin');
  writeFileSync(cipher, Buffer.from(await aws(['encrypt', '--key-id', keyId, '--plaintext', `fileb://${plain}`, '--encryption-context', 'app=cli', '--query', 'CiphertextBlob']), 'base64'));
  const decrypted = await aws(['decrypt', '--ciphertext-blob', `fileb://${cipher}`, '--encryption-context', 'app=cli', '--query', 'Plaintext']);
  assert.equal(Buffer.from(decrypted, 'base64').toString(), 'hello through the proxy');
  await aws(['disconnect-custom-key-store', '--custom-key-store-id', storeId]);
  assert.equal(await aws(['describe-key', '--key-id', keyId, '--query', 'KeyMetadata.KeyState']), 'Unavailable');
});
