// The calls the Terraform AWS provider's aws_kms_replica_key makes, in its order, with the states and fields it waits
// for: ReplicateKey from the primary's Region, a wait from Creating to Enabled (PendingImport for imported material)
// on DescribeKey in the replica's Region, the policy and tag propagation checks, the read (DescribeKey: KeyManager
// CUSTOMER, Origin, MultiRegionKeyType REPLICA, PrimaryKey.Arn; GetKeyPolicy; GetKeyRotationStatus;
// ListResourceTags), an update, and the delete (ScheduleKeyDeletion, then a wait until the key reads as gone:
// PendingDeletion or NotFound; a second delete answers "is pending deletion", which the provider takes as done).
// The server runs its job runner on a short interval with the real clock, as a deployment does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReplicateKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { importMaterial } from './import-support.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

const PRIMARY_REGION = 'us-east-1';
const REPLICA_REGION = 'us-west-2';

let t: TestServer;
serveForSuite({ jobIntervalMs: 100 }, (server) => {
  t = server;
});

const client = (region: string): KMSClient =>
  t.clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, region);

/** The provider's StateChangeConf: poll DescribeKey until the state leaves `pending`; anything else than `target` fails. */
async function waitForState(kms: KMSClient, keyId: string, pending: string[], target: string): Promise<KeyMetadata> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { KeyMetadata: metadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    if (metadata!.KeyState === target) return metadata!;
    assert.ok(pending.includes(metadata!.KeyState!), `unexpected state ${metadata!.KeyState} while waiting for ${target}`);
    assert.ok(Date.now() < deadline, `still ${metadata!.KeyState} after 20 s`);
    await sleep(100);
  }
}

/** The provider's findKey: DescribeKey (PendingDeletion reads as not found), GetKeyPolicy, GetKeyRotationStatus, ListResourceTags. */
async function read(kms: KMSClient, keyId: string) {
  const { KeyMetadata: metadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  if (metadata!.KeyState === 'PendingDeletion') return undefined;
  const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }));
  const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  const { Tags } = await kms.send(new ListResourceTagsCommand({ KeyId: keyId }));
  return { metadata: metadata!, policy: Policy!, rotation: rotation.KeyRotationEnabled, tags: Tags ?? [] };
}

test('aws_kms_replica_key: create, read, update, delete as the provider calls them', async () => {
  const primaryClient = client(PRIMARY_REGION);
  const replicaClient = client(REPLICA_REGION);
  try {
    // aws_kms_key.primary with multi_region = true.
    const primary = (await primaryClient.send(new CreateKeyCommand({ MultiRegion: true, Description: 'Multi-Region primary key' }))).KeyMetadata!;
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Id: 'replica',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });

    // Create: ReplicateKey sent to the primary's Region, KeyId the bare id from primary_key_arn.
    const replicated = await primaryClient.send(
      new ReplicateKeyCommand({
        KeyId: primary.KeyId!,
        ReplicaRegion: REPLICA_REGION,
        Description: 'Multi-Region replica key',
        Policy: policy,
        Tags: [{ TagKey: 'Name', TagValue: 'replica' }],
      }),
    );
    const keyId = replicated.ReplicaKeyMetadata!.KeyId!;
    assert.equal(keyId, primary.KeyId);
    await waitForState(replicaClient, keyId, ['Creating'], 'Enabled');
    // enabled = false: DisableKey after the wait.
    await replicaClient.send(new DisableKeyCommand({ KeyId: keyId }));
    const state = await read(replicaClient, keyId);
    assert.ok(state);
    assert.equal(state.policy, policy, 'the policy propagation check compares GetKeyPolicy with the configured policy');
    assert.deepEqual(state.tags, [{ TagKey: 'Name', TagValue: 'replica' }]);
    assert.equal(state.metadata.KeyManager, 'CUSTOMER');
    assert.equal(state.metadata.Origin, 'AWS_KMS');
    assert.equal(state.metadata.MultiRegion, true);
    assert.equal(state.metadata.MultiRegionConfiguration?.MultiRegionKeyType, 'REPLICA');
    assert.equal(state.metadata.MultiRegionConfiguration?.PrimaryKey?.Arn, primary.Arn);
    assert.equal(state.metadata.Arn, `arn:aws:kms:${REPLICA_REGION}:${TEST_ACCOUNT}:key/${keyId}`);
    assert.equal(state.metadata.Enabled, false);
    assert.equal(state.metadata.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(state.metadata.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(state.rotation, false);

    // Update: enable first, then description and policy.
    await replicaClient.send(new EnableKeyCommand({ KeyId: keyId }));
    await replicaClient.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'renamed' }));
    await replicaClient.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: policy }));
    const updated = await read(replicaClient, keyId);
    assert.equal(updated?.metadata.Description, 'renamed');
    assert.equal(updated?.metadata.Enabled, true);
    // The primary is untouched by the replica's changes.
    assert.equal((await read(primaryClient, keyId))?.metadata.Description, 'Multi-Region primary key');

    // Delete: ScheduleKeyDeletion with deletion_window_in_days, then wait until Enabled/Disabled is left for "gone".
    const scheduled = await replicaClient.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(await read(replicaClient, keyId), undefined, 'PendingDeletion reads as deleted');
    const again = await awsError(replicaClient.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })));
    assert.equal(again.name, 'KMSInvalidStateException');
    assert.match(again.message, /is pending deletion/);

    // aws_kms_key.primary destroyed after the replica: it waits for the replica in PendingReplicaDeletion.
    const primaryDeletion = await primaryClient.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.equal(primaryDeletion.KeyState, 'PendingReplicaDeletion');
  } finally {
    primaryClient.destroy();
    replicaClient.destroy();
  }
});

test('aws_kms_replica_external_key: the replica of an imported primary settles in PendingImport, then takes the same material', async () => {
  const primaryClient = client(PRIMARY_REGION);
  const replicaClient = client(REPLICA_REGION);
  try {
    const primary = (await primaryClient.send(new CreateKeyCommand({ MultiRegion: true, Origin: 'EXTERNAL' }))).KeyMetadata!;
    // The primary needs its material before it can be replicated (the key-state table refuses PendingImport).
    const refused = await awsError(primaryClient.send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: REPLICA_REGION })));
    assert.equal(refused.name, 'KMSInvalidStateException');
    const material = randomBytes(32);
    await importMaterial(primaryClient, primary.KeyId!, material);

    await primaryClient.send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: REPLICA_REGION }));
    const created = await waitForState(replicaClient, primary.KeyId!, ['Creating'], 'PendingImport');
    assert.equal(created.Origin, 'EXTERNAL');
    assert.equal(created.MultiRegionConfiguration?.MultiRegionKeyType, 'REPLICA');
    // key_material_base64: GetParametersForImport and ImportKeyMaterial in the replica's Region.
    await importMaterial(replicaClient, primary.KeyId!, material);
    const enabled = await waitForState(replicaClient, primary.KeyId!, ['PendingImport'], 'Enabled');
    assert.equal(enabled.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
  } finally {
    primaryClient.destroy();
    replicaClient.destroy();
  }
});
