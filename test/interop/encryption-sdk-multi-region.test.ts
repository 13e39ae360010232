// The AWS Encryption SDK's multi-Region-aware keyrings against openkms: a message encrypted under a multi-Region
// primary in one Region decrypts with a keyring that names only the replica in another Region (the SDK calls
// Decrypt there with the replica's ARN), and with a discovery keyring in that Region; a single-Region key of another
// Region is not accepted in its place (docs/kms-behaviour.md 10).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildAwsKmsMrkAwareDiscoveryMultiKeyringNode,
  buildAwsKmsMrkAwareStrictMultiKeyringNode,
  buildClient,
  CommitmentPolicy,
} from '@aws-crypto/client-node';
import { CreateKeyCommand, DescribeKeyCommand, KMS, ReplicateKeyCommand } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

let t: TestServer;
// Jobs every 100 ms: the replica leaves Creating about a second after ReplicateKey, as a deployment's would.
serveForSuite({ jobIntervalMs: 100 }, (server) => (t = server));

const clientProvider = (region: string) =>
  new KMS({ endpoint: t.server.url, region, credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY } });

test('encrypted under the primary in us-east-1, decrypted by the replica in eu-west-1', async () => {
  const east = clientProvider('us-east-1');
  const { KeyMetadata: primary } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
  const { ReplicaKeyMetadata: replica } = await east.send(new ReplicateKeyCommand({ KeyId: primary!.KeyId!, ReplicaRegion: 'eu-west-1' }));
  const west = clientProvider('eu-west-1');
  for (let i = 0; (await west.send(new DescribeKeyCommand({ KeyId: primary!.KeyId! }))).KeyMetadata!.KeyState === 'Creating'; i++) {
    assert.ok(i < 100, 'the replica is still Creating after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const plaintext = Buffer.from('one key, two Regions');
  const { result } = await encrypt(buildAwsKmsMrkAwareStrictMultiKeyringNode({ generatorKeyId: primary!.Arn!, clientProvider }), plaintext, {
    encryptionContext: { purpose: 'multi-region' },
  });

  const viaReplica = await decrypt(buildAwsKmsMrkAwareStrictMultiKeyringNode({ keyIds: [replica!.Arn!], clientProvider }), result);
  assert.deepEqual(viaReplica.plaintext, plaintext);
  const discovery = buildAwsKmsMrkAwareDiscoveryMultiKeyringNode({
    regions: ['eu-west-1'],
    discoveryFilter: { accountIDs: [TEST_ACCOUNT], partition: 'aws' },
    clientProvider,
  });
  assert.deepEqual((await decrypt(discovery, result)).plaintext, plaintext);

  // An unrelated key in eu-west-1 is not the same key: the SDK finds no keyring that can decrypt.
  const { KeyMetadata: other } = await west.send(new CreateKeyCommand({}));
  await assert.rejects(decrypt(buildAwsKmsMrkAwareStrictMultiKeyringNode({ keyIds: [other!.Arn!], clientProvider }), result));
  east.destroy();
  west.destroy();
});
