// External key stores, KMS side, end to end: a real openkms on 127.0.0.1 driven by @aws-sdk/client-kms, its custom
// key store pointing at the test XKS proxy of test/support/xks-test-proxy.ts over HTTPS (a scratch CA trusted through
// the server's xks CA bundle, the host sent to the proxy by an xks resolve entry). The custom key store operations,
// CreateKey with Origin EXTERNAL_KEY_STORE, double-encrypted crypto, every proxy failure mapped to AWS's exception and
// text, Unavailable keys, reconnection, a restart, the audit records.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetParametersForImportCommand,
  RotateKeyOnDemandCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import { XKS_MESSAGES } from '../../src/operations/steps/xks-proxy-errors.js';
import { awsError, startTestServer, type TestServer } from '../support/test-server.js';
import { TestXksProxy, type Behaviour } from '../support/xks-test-proxy.js';

/** Roomy enough for a TLS handshake on a loaded 2-core machine; the slow proxy sleeps past it. */
const ATTEMPT_TIMEOUT_MS = 1000;

let proxy: TestXksProxy;
let t: TestServer;
let kms: KMSClient;

async function startKms(dataDir?: string): Promise<TestServer> {
  return startTestServer({
    ...(dataDir !== undefined ? { dataDir } : {}),
    xks: { caBundleFile: proxy.caFile, resolve: [{ host: 'xks.openkms.test', address: '127.0.0.1', port: proxy.port }] },
    xksAttemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
  });
}

after(async () => {
  await t.cleanup();
  await proxy.stop();
});

let storeCount = 0;
/** A fresh store on the test proxy (a path of its own is not possible: one prefix), by a unique name. */
function storeInput(overrides: Record<string, unknown> = {}) {
  storeCount += 1;
  return {
    CustomKeyStoreName: `xks-store-${storeCount}`,
    CustomKeyStoreType: 'EXTERNAL_KEY_STORE' as const,
    XksProxyUriEndpoint: proxy.uriEndpoint,
    XksProxyUriPath: proxy.uriPath,
    XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secretAccessKey },
    XksProxyConnectivity: 'PUBLIC_ENDPOINT' as const,
    ...overrides,
  };
}

async function describeStore(id: string) {
  return (await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
}

/** Connect is asynchronous: waits until the store leaves CONNECTING. */
async function settle(id: string) {
  for (let i = 0; i < 200; i++) {
    const store = await describeStore(id);
    if (store.ConnectionState !== 'CONNECTING') return store;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${id} stayed CONNECTING`);
}

async function connect(id: string) {
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  return settle(id);
}

let keyCount = 0;
async function externalKey(storeId: string, xksKeyId = `ext-key-${++keyCount}`, key: Parameters<TestXksProxy['addKey']>[1] = {}) {
  if (!proxy.keys.has(xksKeyId)) proxy.addKey(xksKeyId, key);
  const out = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: xksKeyId, Description: 'xks' }));
  return out.KeyMetadata!;
}

/**
 * One CONNECTED store for the crypto tests. The test proxy serves one prefix and credential, and endpoint + path are
 * unique per account and Region, so the other tests that need a store of their own use another account (clientFor).
 */
let storeId: string;
before(async () => {
  proxy = await TestXksProxy.start();
  t = await startKms();
  kms = t.kms;
  storeId = (await kms.send(new CreateCustomKeyStoreCommand(storeInput()))).CustomKeyStoreId!;
  const state = await connect(storeId);
  assert.equal(state.ConnectionState, 'CONNECTED');
});

describe('custom key stores', () => {
  test('CreateCustomKeyStore health-checks the proxy and stores the store DISCONNECTED; Describe shows every field but the secret', async () => {
    const health = proxy.seen.filter((seen) => seen.api === 'health' && seen.requestMetadata.kmsOperation === 'CreateCustomKeyStore');
    assert.ok(health.length >= 1);
    assert.deepEqual(Object.keys(health[0]!.requestMetadata).sort(), ['kmsOperation', 'kmsRequestId']);
    assert.equal(health[0]!.signedHeaders, 'host;x-amz-date');
    const store = await describeStore(storeId);
    assert.match(store.CustomKeyStoreId!, /^cks-[0-9a-f]{17}$/);
    assert.equal(store.CustomKeyStoreType, 'EXTERNAL_KEY_STORE');
    assert.equal(store.ConnectionState, 'CONNECTED');
    assert.equal(store.ConnectionErrorCode, undefined);
    assert.ok(store.CreationDate instanceof Date);
    assert.deepEqual(store.XksProxyConfiguration, {
      Connectivity: 'PUBLIC_ENDPOINT',
      AccessKeyId: proxy.accessKeyId,
      UriEndpoint: proxy.uriEndpoint,
      UriPath: proxy.uriPath,
    });
    assert.ok(!JSON.stringify(store).includes(proxy.secretAccessKey));
    const byName = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: store.CustomKeyStoreName }));
    assert.equal(byName.CustomKeyStores![0]!.CustomKeyStoreId, storeId);
  });

  test('name and proxy URI are unique per account and Region; the endpoint keeps AWS validation; CloudHSM is not hosted', async () => {
    const name = (await describeStore(storeId)).CustomKeyStoreName;
    assert.equal((await awsError(kms.send(new CreateCustomKeyStoreCommand(storeInput({ CustomKeyStoreName: name }))))).name, 'CustomKeyStoreNameInUseException');
    assert.equal((await awsError(kms.send(new CreateCustomKeyStoreCommand(storeInput())))).name, 'XksProxyUriInUseException');
    for (const endpoint of ['https://127.0.0.1', 'https://xks.openkms.test:4443', 'http://xks.openkms.test', 'https://xks.openkms.test/path']) {
      const error = await awsError(kms.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyUriEndpoint: endpoint }))));
      assert.equal(error.name, 'ValidationException', endpoint);
    }
    assert.equal((await awsError(kms.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyUriPath: '/no/suffix' }))))).name, 'ValidationException');
    const noConnectivity = storeInput();
    delete (noConnectivity as Record<string, unknown>).XksProxyConnectivity;
    assert.equal((await awsError(kms.send(new CreateCustomKeyStoreCommand(noConnectivity)))).name, 'ValidationException');
    const vpcWithoutService = await awsError(kms.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE' }))));
    assert.equal(vpcWithoutService.name, 'ValidationException');
    const cloudHsm = await awsError(
      kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: 'hsm', CloudHsmClusterId: 'cluster-234567abcde', TrustAnchorCertificate: 'x', KeyStorePassword: 'password1' })),
    );
    assert.equal(cloudHsm.name, 'CloudHsmClusterNotFoundException', cloudHsm.message);
    assert.equal((await awsError(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: 'cks-00000000000000000' })))).name, 'CustomKeyStoreNotFoundException');
    // GenerateRandom takes CloudHSM key stores only.
    assert.equal((await awsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: storeId })))).name, 'UnsupportedOperationException');
    assert.equal((await awsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-00000000000000000' })))).name, 'CustomKeyStoreNotFoundException');
  });

  test('the proxy health check of CreateCustomKeyStore: each failure answered with its Xks* exception', async () => {
    const cases: [Behaviour, string, string][] = [
      [{ kind: 'error', status: 401, errorName: 'AuthenticationFailedException' }, 'XksProxyIncorrectAuthenticationCredentialException', XKS_MESSAGES.authentication],
      [{ kind: 'error', status: 404, errorName: 'InvalidUriPathException' }, 'XksProxyInvalidConfigurationException', XKS_MESSAGES.uriPath],
      [{ kind: 'error', status: 500, errorName: 'InternalException' }, 'XksProxyInvalidResponseException', XKS_MESSAGES.internal],
      [{ kind: 'error', status: 503, errorName: 'DependencyTimeoutException' }, 'XksProxyUriUnreachableException', XKS_MESSAGES.dependencyTimeout],
      [{ kind: 'garbage' }, 'XksProxyInvalidResponseException', XKS_MESSAGES.cannotInterpret],
      [{ kind: 'unhealthy' }, 'XksProxyUriUnreachableException', XKS_MESSAGES.unhealthy],
    ];
    // Another account, so that endpoint + path are free there.
    const other = await otherAccountClient();
    try {
      for (const [behaviour, name, message] of cases) {
        proxy.behaviour = behaviour;
        const error = await awsError(other.send(new CreateCustomKeyStoreCommand(storeInput())));
        assert.deepEqual([error.name, error.message], [name, message], behaviour.kind);
      }
      proxy.reset();
      const wrongSecret = await awsError(
        other.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: 'A'.repeat(43) } }))),
      );
      assert.equal(wrongSecret.name, 'XksProxyIncorrectAuthenticationCredentialException');
      const wrongPath = await awsError(other.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyUriPath: '/wrong/kms/xks/v1' }))));
      assert.equal(wrongPath.name, 'XksProxyInvalidConfigurationException');
      assert.deepEqual((await other.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores, []);
      // Another account cannot see, use or change this account's store by its id.
      for (const command of [
        new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: storeId }),
        new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }),
        new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }),
        new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, NewCustomKeyStoreName: 'taken-over' }),
        new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId }),
        new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-describe' }),
      ]) {
        assert.equal((await awsError(other.send(command as never))).name, 'CustomKeyStoreNotFoundException', command.constructor.name);
      }
      assert.equal((await describeStore(storeId)).ConnectionState, 'CONNECTED');
    } finally {
      proxy.reset();
      other.destroy();
    }
  });

  test('VPC_ENDPOINT_SERVICE is validated and stored; at most 10 stores per account and Region; pages of Describe', async () => {
    const other = await otherAccountClient('555566667777');
    try {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const out = await other.send(
          new CreateCustomKeyStoreCommand(
            storeInput({
              XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE',
              XksProxyUriPath: `/p${i}/kms/xks/v1`,
              XksProxyVpcEndpointServiceName: `com.amazonaws.vpce.us-east-1.vpce-svc-0000000000000000${i}`,
            }),
          ),
        );
        ids.push(out.CustomKeyStoreId!);
      }
      const eleventh = await awsError(
        other.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE', XksProxyUriPath: '/p10/kms/xks/v1', XksProxyVpcEndpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0000000000000000a' }))),
      );
      assert.equal(eleventh.name, 'LimitExceededException');
      const first = await other.send(new DescribeCustomKeyStoresCommand({ Limit: 4 }));
      assert.equal(first.Truncated, true);
      assert.equal(first.CustomKeyStores!.length, 4);
      assert.deepEqual(first.CustomKeyStores![0]!.XksProxyConfiguration, {
        Connectivity: 'VPC_ENDPOINT_SERVICE',
        AccessKeyId: proxy.accessKeyId,
        UriEndpoint: proxy.uriEndpoint,
        UriPath: '/p0/kms/xks/v1',
        VpcEndpointServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-00000000000000000',
        VpcEndpointServiceOwner: '555566667777',
      });
      const rest = await other.send(new DescribeCustomKeyStoresCommand({ Limit: 100, Marker: first.NextMarker }));
      assert.equal(rest.Truncated, false);
      assert.deepEqual([...first.CustomKeyStores!, ...rest.CustomKeyStores!].map((s) => s.CustomKeyStoreId), ids);
      assert.equal((await awsError(other.send(new DescribeCustomKeyStoresCommand({ Marker: 'bm90LWEtbWFya2Vy' })))).name, 'InvalidMarkerException');
      for (const id of ids) await other.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    } finally {
      other.destroy();
    }
  });

  test('Connect with a credential the proxy no longer accepts → FAILED INVALID_CREDENTIALS; FAILED must be disconnected first', async () => {
    const other = await otherAccountClient('666677778888');
    try {
      const id = (await other.send(new CreateCustomKeyStoreCommand(storeInput()))).CustomKeyStoreId!;
      assert.equal((await other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!.ConnectionState, 'DISCONNECTED');
      proxy.behaviour = { kind: 'error', status: 401, errorName: 'AuthenticationFailedException' };
      await other.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      let store;
      for (let i = 0; i < 200; i++) {
        store = (await other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
        if (store.ConnectionState !== 'CONNECTING') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      proxy.reset();
      assert.equal(store!.ConnectionState, 'FAILED');
      assert.equal(store!.ConnectionErrorCode, 'INVALID_CREDENTIALS');
      assert.equal((await awsError(other.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })))).name, 'CustomKeyStoreInvalidStateException');
      assert.equal((await awsError(other.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })))).name, 'CustomKeyStoreInvalidStateException');
      await other.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      const disconnected = (await other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
      assert.equal(disconnected.ConnectionState, 'DISCONNECTED');
      assert.equal(disconnected.ConnectionErrorCode, undefined);
      assert.equal((await awsError(other.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id })))).name, 'CustomKeyStoreInvalidStateException');
      // Update: the endpoint only while disconnected; a new name any time; connectivity switched both ways.
      await other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, NewCustomKeyStoreName: 'renamed' }));
      const service = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
      assert.equal((await awsError(other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE' })))).name, 'ValidationException');
      assert.equal((await awsError(other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyVpcEndpointServiceName: service })))).name, 'ValidationException');
      await other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyConnectivity: 'VPC_ENDPOINT_SERVICE', XksProxyVpcEndpointServiceName: service }));
      const vpc = (await other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
      assert.deepEqual([vpc.CustomKeyStoreName, vpc.XksProxyConfiguration!.Connectivity, vpc.XksProxyConfiguration!.VpcEndpointServiceName, vpc.XksProxyConfiguration!.VpcEndpointServiceOwner], [
        'renamed',
        'VPC_ENDPOINT_SERVICE',
        service,
        '666677778888',
      ]);
      await other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, XksProxyConnectivity: 'PUBLIC_ENDPOINT' }));
      const back = (await other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!.XksProxyConfiguration!;
      assert.deepEqual([back.Connectivity, back.VpcEndpointServiceName, back.VpcEndpointServiceOwner], ['PUBLIC_ENDPOINT', undefined, undefined]);
      assert.equal((await awsError(other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: 'password1' })))).name, 'ValidationException');
      assert.equal((await awsError(other.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: 'cks-00000000000000000', NewCustomKeyStoreName: 'x' })))).name, 'CustomKeyStoreNotFoundException');
      await other.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      assert.equal((await awsError(other.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id })))).name, 'CustomKeyStoreNotFoundException');
    } finally {
      proxy.reset();
      other.destroy();
    }
  });

  test('a proxy whose certificate the server does not trust: the TLS row (XksProxyUriUnreachableException, TLS text)', async () => {
    // The same proxy, from a server that has the resolve entry but not the scratch CA: a private CA is refused.
    const untrusting = await startTestServer({
      xks: { resolve: [{ host: 'xks.openkms.test', address: '127.0.0.1', port: proxy.port }] },
      xksAttemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    });
    try {
      const error = await awsError(untrusting.kms.send(new CreateCustomKeyStoreCommand(storeInput())));
      assert.deepEqual([error.name, error.message], ['XksProxyUriUnreachableException', XKS_MESSAGES.tls]);
      // No resolve entry: the name does not resolve, the unreachable row.
      const unknownHost = await awsError(untrusting.kms.send(new CreateCustomKeyStoreCommand(storeInput({ XksProxyUriEndpoint: 'https://nowhere.invalid' }))));
      assert.deepEqual([unknownHost.name, unknownHost.message], ['XksProxyUriUnreachableException', XKS_MESSAGES.unreachable]);
      // A store whose proxy certificate stops being trusted (written directly: Create would refuse it): Connect FAILS.
      const id = 'cks-0000000000000aaaa';
      await untrusting.server.store.write((tx) =>
        tx.putCustomKeyStore({
          accountId: '111122223333',
          region: 'us-east-1',
          customKeyStoreId: id,
          name: 'untrusted',
          creationDate: new Date(),
          connectionState: 'DISCONNECTED',
          xks: { connectivity: 'PUBLIC_ENDPOINT', uriEndpoint: proxy.uriEndpoint, uriPath: proxy.uriPath, accessKeyId: proxy.accessKeyId, secretAccessKey: proxy.secretAccessKey },
        }),
      );
      await untrusting.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      let store;
      for (let i = 0; i < 200; i++) {
        store = (await untrusting.kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }))).CustomKeyStores![0]!;
        if (store.ConnectionState !== 'CONNECTING') break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.deepEqual([store!.ConnectionState, store!.ConnectionErrorCode], ['FAILED', 'XKS_PROXY_INVALID_TLS_CONFIGURATION']);
    } finally {
      await untrusting.cleanup();
    }
  });

  test('UpdateCustomKeyStore: the endpoint needs DISCONNECTED; new proxy settings are health-checked first', async () => {
    const endpoint = await awsError(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyUriEndpoint: 'https://other.openkms.test' })));
    assert.equal(endpoint.name, 'CustomKeyStoreInvalidStateException');
    const badPath = await awsError(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyUriPath: '/nowhere/kms/xks/v1' })));
    assert.equal(badPath.name, 'XksProxyInvalidConfigurationException');
    const badSecret = await awsError(
      kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: 'B'.repeat(50) } })),
    );
    assert.equal(badSecret.name, 'XksProxyIncorrectAuthenticationCredentialException');
    // A rotated credential the proxy also accepts is taken while CONNECTED.
    const rotated = { AccessKeyId: 'AKIAXKSROTATEDKEY234', RawSecretAccessKey: 'rotated+secret/0123456789abcdefghijklmnopqrstu' };
    proxy.acceptedSecrets.set(rotated.AccessKeyId, rotated.RawSecretAccessKey);
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyAuthenticationCredential: rotated }));
    assert.equal((await describeStore(storeId)).XksProxyConfiguration!.AccessKeyId, rotated.AccessKeyId);
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secretAccessKey } }));
  });
});

describe('keys in an external key store', () => {
  test('CreateKey asks the proxy for the external key metadata and DescribeKey shows the store and the external key', async () => {
    const key = await externalKey(storeId, 'ext-describe');
    assert.equal(key.Origin, 'EXTERNAL_KEY_STORE');
    assert.equal(key.CustomKeyStoreId, storeId);
    assert.deepEqual(key.XksKeyConfiguration, { Id: 'ext-describe' });
    assert.equal(key.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(key.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(key.KeyState, 'Enabled');
    assert.equal(key.MultiRegion, false);
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
    assert.deepEqual(described.XksKeyConfiguration, { Id: 'ext-describe' });
    const metadataCall = proxy.seen.find((seen) => seen.api === 'metadata' && seen.keyId === 'ext-describe')!;
    assert.equal(metadataCall.requestMetadata.kmsOperation, 'CreateKey');
    assert.equal(metadataCall.requestMetadata.kmsKeyArn, undefined);
    assert.match(String(metadataCall.requestMetadata.awsPrincipalArn), /^arn:aws:iam::111122223333:/);
  });

  test('CreateKey refuses what AWS refuses: unknown, disabled, encrypt-only, wrong-spec and already used external keys', async () => {
    const create = (xksKeyId: string, extra: Record<string, unknown> = {}) =>
      awsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: xksKeyId, ...extra })));
    assert.deepEqual(Object.values(await create('no-such-key')).slice(0, 2), ['XksKeyNotFoundException', XKS_MESSAGES.keyNotFound]);
    proxy.addKey('ext-disabled', { status: 'DISABLED' });
    assert.equal((await create('ext-disabled')).name, 'XksKeyInvalidConfigurationException');
    proxy.addKey('ext-encrypt-only', { usage: ['ENCRYPT'] });
    assert.equal((await create('ext-encrypt-only')).name, 'XksKeyInvalidConfigurationException');
    proxy.addKey('ext-hmac', { keySpec: 'HMAC_256' });
    assert.equal((await create('ext-hmac')).name, 'XksKeyInvalidConfigurationException');
    await externalKey(storeId, 'ext-once');
    assert.equal((await create('ext-once')).name, 'XksKeyAlreadyInUseException');
    assert.equal((await create('ext-x', { MultiRegion: true })).name, 'ValidationException');
    assert.equal((await create('ext-x', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).name, 'UnsupportedOperationException');
    assert.equal((await awsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId })))).name, 'ValidationException');
    assert.equal((await awsError(kms.send(new CreateKeyCommand({ XksKeyId: 'ext-x' })))).name, 'ValidationException');
    assert.equal((await awsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: 'cks-00000000000000000', XksKeyId: 'x' })))).name, 'CustomKeyStoreNotFoundException');
    proxy.behaviour = { kind: 'error', status: 500, errorName: 'InternalException' };
    proxy.addKey('ext-proxy-down');
    const down = await create('ext-proxy-down');
    proxy.reset();
    assert.deepEqual([down.name, down.message], ['CustomKeyStoreInvalidStateException', XKS_MESSAGES.internal]);
  });

  test('Encrypt, Decrypt, ReEncrypt and the data keys work through the proxy, which sees only the inner ciphertext', async () => {
    const key = await externalKey(storeId);
    const plaintext = Buffer.from('secret text for the external key store');
    const context = { purpose: 'xks-test' };
    const connectionsBefore = proxy.connections;
    const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: context }));
    assert.equal(encrypted.KeyId, key.Arn);
    assert.ok(!Buffer.from(encrypted.CiphertextBlob!).includes(plaintext));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }));
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
    assert.equal(decrypted.KeyId, key.Arn);

    const encryptCall = proxy.seen.filter((seen) => seen.api === 'encrypt').at(-1)!;
    assert.deepEqual(encryptCall.requestMetadata.kmsKeyArn, key.Arn);
    assert.equal(encryptCall.requestMetadata.kmsOperation, 'Encrypt');
    assert.equal(encryptCall.requestMetadata.kmsRequestId, encrypted.$metadata.requestId);
    assert.equal(encryptCall.signedHeaders, 'host;x-amz-date');

    // A wrong encryption context fails at the proxy, as AWS's (KMSInvalidStateException, not InvalidCiphertextException).
    const wrong = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'other' } })));
    assert.deepEqual([wrong.name, wrong.message], ['KMSInvalidStateException', XKS_MESSAGES.proxyRejectedCiphertext]);

    const other = await externalKey(storeId);
    const reEncrypted = await kms.send(
      new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, SourceEncryptionContext: context, DestinationKeyId: other.KeyId, DestinationEncryptionContext: { to: 'other' } }),
    );
    assert.equal(reEncrypted.KeyId, other.Arn);
    assert.equal(reEncrypted.SourceKeyId, key.Arn);
    const again = await kms.send(new DecryptCommand({ CiphertextBlob: reEncrypted.CiphertextBlob, EncryptionContext: { to: 'other' } }));
    assert.deepEqual(Buffer.from(again.Plaintext!), plaintext);
    // A ciphertext of one KMS key does not open under another one over a different external key.
    assert.equal((await awsError(kms.send(new DecryptCommand({ CiphertextBlob: reEncrypted.CiphertextBlob, KeyId: key.KeyId, EncryptionContext: { to: 'other' } })))).name, 'IncorrectKeyException');

    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    assert.equal(dataKey.Plaintext!.length, 32);
    assert.deepEqual((await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }))).Plaintext, dataKey.Plaintext);
    const noPlaintext = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, NumberOfBytes: 64 }));
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: noPlaintext.CiphertextBlob }))).Plaintext!.length, 64);
    const big = Buffer.alloc(4096, 7);
    const bigBlob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: big }))).CiphertextBlob!;
    assert.ok(bigBlob.length <= 6144);
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: bigBlob }))).Plaintext!), big);

    assert.equal((await awsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256' })))).name, 'UnsupportedOperationException');
    assert.equal((await awsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })))).name, 'UnsupportedOperationException');
    assert.equal((await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).name, 'UnsupportedOperationException');
    const importing = await awsError(kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })));
    assert.equal(importing.name, 'UnsupportedOperationException', importing.message);
    // Kept-alive connections: the calls above did not each open a TLS connection.
    assert.ok(proxy.connections - connectionsBefore <= 2, `${proxy.connections - connectionsBefore} TLS handshakes`);
  });

  test('every proxy failure of a crypto call is KMSInvalidStateException with AWS text, never a 500', async () => {
    const key = await externalKey(storeId);
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const errorRows: [string, number, string][] = [
      ['ValidationException', 400, XKS_MESSAGES.cannotInterpret],
      ['InvalidStateException', 400, XKS_MESSAGES.keyNotEnabled],
      ['InvalidKeyUsageException', 400, XKS_MESSAGES.keyUsage],
      ['AuthenticationFailedException', 401, XKS_MESSAGES.authentication],
      ['AccessDeniedException', 403, XKS_MESSAGES.accessDenied],
      ['KeyNotFoundException', 404, XKS_MESSAGES.keyNotFound],
      ['InvalidUriPathException', 404, XKS_MESSAGES.uriPath],
      ['ThrottlingException', 429, XKS_MESSAGES.throttling],
      ['InternalException', 500, XKS_MESSAGES.internal],
      ['UnsupportedOperationException', 501, XKS_MESSAGES.unsupported],
      ['DependencyTimeoutException', 503, XKS_MESSAGES.dependencyTimeout],
    ];
    const cases: [Behaviour, string][] = [
      ...errorRows.map(([errorName, status, message]): [Behaviour, string] => [{ kind: 'error', status, errorName }, message]),
      [{ kind: 'error', status: 400, errorName: 'NoSuchErrorName' }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'non-json-error', status: 502 }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'garbage' }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'wrong-cdiv' }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'long-metadata' }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'huge' }, XKS_MESSAGES.cannotInterpret],
      [{ kind: 'changed-plaintext' }, XKS_MESSAGES.innerCiphertextInvalid],
    ];
    try {
      for (const [behaviour, message] of cases) {
        proxy.behaviour = behaviour;
        if (behaviour.kind !== 'changed-plaintext') {
          const encrypt = await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
          assert.deepEqual([encrypt.name, encrypt.message, encrypt.status], ['KMSInvalidStateException', message, 400], `Encrypt, ${JSON.stringify(behaviour)}`);
        }
        if (behaviour.kind === 'wrong-cdiv' || behaviour.kind === 'long-metadata') continue;
        const decrypt = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })));
        assert.deepEqual([decrypt.name, decrypt.message], ['KMSInvalidStateException', message], `Decrypt, ${JSON.stringify(behaviour)}`);
      }
      proxy.reset();
      // The proxy's own InvalidCiphertextException on Decrypt (a changed proxy ciphertext).
      const changed = Buffer.from(blob);
      changed[changed.length - 1]! ^= 1;
      const tampered = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: changed })));
      assert.deepEqual([tampered.name, tampered.message], ['KMSInvalidStateException', XKS_MESSAGES.proxyRejectedCiphertext]);
      // A truncated blob is refused before any proxy call, as any ciphertext KMS cannot parse.
      assert.equal((await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, 60) })))).name, 'InvalidCiphertextException');
    } finally {
      proxy.reset();
    }
  });

  test('a disabled or encrypt-only external key fails crypto calls while the KMS key stays Enabled', async () => {
    const key = await externalKey(storeId, 'ext-later-disabled');
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    proxy.keys.get('ext-later-disabled')!.status = 'DISABLED';
    const disabled = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })));
    assert.deepEqual([disabled.name, disabled.message], ['KMSInvalidStateException', XKS_MESSAGES.keyNotEnabled]);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Enabled');
    proxy.keys.get('ext-later-disabled')!.status = 'ENABLED';
    proxy.keys.get('ext-later-disabled')!.usage = ['ENCRYPT'];
    const encryptOnly = await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
    assert.deepEqual([encryptOnly.name, encryptOnly.message], ['KMSInvalidStateException', XKS_MESSAGES.keyUsage]);
    const decryptOnly = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })));
    assert.deepEqual([decryptOnly.name, decryptOnly.message], ['KMSInvalidStateException', XKS_MESSAGES.keyUsage]);
    proxy.keys.get('ext-later-disabled')!.usage = ['ENCRYPT', 'DECRYPT'];
    // A disabled KMS key answers DisabledException before any proxy call.
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    assert.equal((await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })))).name, 'DisabledException');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
  });

  test('a slow proxy: the call gives up after the deadline and one retry, in about twice the deadline', async () => {
    const key = await externalKey(storeId);
    proxy.behaviour = { kind: 'slow', delayMs: ATTEMPT_TIMEOUT_MS + 500 };
    const encryptsBefore = proxy.seen.filter((seen) => seen.api === 'encrypt').length;
    const started = Date.now();
    try {
      const error = await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
      const elapsed = Date.now() - started;
      assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', XKS_MESSAGES.timeout]);
      assert.ok(elapsed >= 2 * ATTEMPT_TIMEOUT_MS && elapsed < 2 * ATTEMPT_TIMEOUT_MS + 1500, `${elapsed} ms`);
      assert.equal(proxy.seen.filter((seen) => seen.api === 'encrypt').length - encryptsBefore, 2, 'one attempt and one retry');
    } finally {
      proxy.reset();
    }
    // The late answers were read and dropped, not their connections cut: the next calls need no new TLS handshake.
    const connections = proxy.connections;
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (let i = 0; i < 3; i++) await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    assert.equal(proxy.connections, connections);
  });

  test('the proxy stopped: crypto answers the exact "cannot communicate" text; back up, the key works again', async () => {
    const key = await externalKey(storeId);
    const port = proxy.port;
    await proxy.pause();
    try {
      const error = await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
      assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', XKS_MESSAGES.unreachable]);
      // A CONNECTED store stays so: the key state never mirrors the proxy's health.
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Enabled');
    } finally {
      await proxy.resume(port);
    }
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
  });

  test('disconnect → Unavailable (pending deletion stays), reconnect → usable; DeleteCustomKeyStore refuses a store with keys', async () => {
    const key = await externalKey(storeId);
    const doomed = await externalKey(storeId);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept') }))).CiphertextBlob!;
    assert.equal((await awsError(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })))).name, 'CustomKeyStoreInvalidStateException');
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    try {
      assert.equal((await describeStore(storeId)).ConnectionState, 'DISCONNECTED');
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Unavailable');
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
      const encrypt = await awsError(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') })));
      assert.deepEqual([encrypt.name, encrypt.message], ['KMSInvalidStateException', `${key.Arn} is unavailable.`]);
      const decrypt = await awsError(kms.send(new DecryptCommand({ CiphertextBlob: blob })));
      assert.deepEqual([decrypt.name, decrypt.message], ['KMSInvalidStateException', `${key.Arn} is unavailable.`]);
      const create = await awsError(kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId: storeId, XksKeyId: 'ext-while-down' })));
      assert.deepEqual([create.name, create.message], ['CustomKeyStoreInvalidStateException', XKS_MESSAGES.notConnected]);
      // DisableKey succeeds, and takes effect once the store is back.
      await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
      const hasKeys = await awsError(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })));
      assert.equal(hasKeys.name, 'CustomKeyStoreHasCMKsException');
    } finally {
      assert.equal((await connect(storeId)).ConnectionState, 'CONNECTED');
    }
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'Disabled');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), Buffer.from('kept'));
  });

  test('audit records name the store and the external key on crypto calls, and never hold the proxy secret', async () => {
    const key = await externalKey(storeId, 'ext-audited');
    const out = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    const db = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const row = db.prepare('SELECT record FROM audit_events WHERE record LIKE ?').get(`%"requestID":"${out.$metadata.requestId}"%`) as { record: string };
      const record = JSON.parse(row.record) as Record<string, any>;
      assert.equal(record.eventName, 'Encrypt');
      assert.equal(record.additionalEventData.customKeyStoreId, storeId);
      assert.equal(record.additionalEventData.xksKeyId, 'ext-audited');
      // A failed call names the store and external key too, with AWS's error code and text.
      proxy.behaviour = { kind: 'error', status: 500, errorName: 'InternalException' };
      let failedId: string | undefined;
      try {
        await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
      } catch (error) {
        failedId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
      } finally {
        proxy.reset();
      }
      const failedRow = db.prepare('SELECT record FROM audit_events WHERE record LIKE ?').get(`%"requestID":"${failedId}"%`) as { record: string };
      const failed = JSON.parse(failedRow.record) as Record<string, any>;
      assert.deepEqual([failed.errorCode, failed.errorMessage], ['KMSInvalidStateException', XKS_MESSAGES.internal]);
      assert.equal(failed.additionalEventData.customKeyStoreId, storeId);
      const create = db.prepare(`SELECT record FROM audit_events WHERE record LIKE '%"eventName":"CreateCustomKeyStore"%'`).all() as { record: string }[];
      assert.ok(create.length >= 1);
      const all = (db.prepare('SELECT record FROM audit_events').all() as { record: string }[]).map((r) => r.record).join('\n');
      assert.ok(!all.includes(proxy.secretAccessKey), 'the proxy secret is in an audit record');
      assert.ok(!all.includes('rotated+secret'), 'a rotated proxy secret is in an audit record');
    } finally {
      db.close();
    }
  });

  test('a restart keeps the store CONNECTED and its keys usable; a store left CONNECTING finishes connecting', async () => {
    const key = await externalKey(storeId);
    const blob = (await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('durable') }))).CiphertextBlob!;
    await t.stop();
    t = await startKms(t.dataDir);
    kms = t.kms;
    assert.equal((await describeStore(storeId)).ConnectionState, 'CONNECTED');
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!), Buffer.from('durable'));
    // CONNECTING when the server stopped: the next start runs the health check.
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await t.server.store.write(async (tx) => {
      const record = (await tx.getCustomKeyStore({ accountId: '111122223333', region: 'us-east-1' }, storeId))!;
      await tx.putCustomKeyStore({ ...record, connectionState: 'CONNECTING' });
    });
    await t.stop();
    t = await startKms(t.dataDir);
    kms = t.kms;
    assert.equal((await settle(storeId)).ConnectionState, 'CONNECTED');
  });
});

/** A client of another account (made on the fly), whose endpoint + path are still free. */
async function otherAccountClient(accountId = '444455556666'): Promise<KMSClient> {
  const credentials = { accessKeyId: `AKIAXKSOTHER${accountId.slice(0, 8)}`, secretAccessKey: `openkms-test-xks-other-secret-${accountId}` };
  await t.server.store.write(async (tx) => {
    await tx.putAccount(accountId);
    const arn = `arn:aws:iam::${accountId}:root`;
    await tx.putPrincipal({ accountId, arn, kind: 'root', name: 'root', principalId: accountId });
    await tx.putAccessKey({ ...credentials, principalArn: arn, createdAt: new Date() });
  });
  return t.clientFor(credentials);
}
