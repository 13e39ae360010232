// Multi-Region keys through the real AWS SDK in two (and three) Regions of one server: ReplicateKey with every
// parameter and AWS's refusals, Creating then Enabled, MultiRegionConfiguration from every key of the set, the same
// material (ciphertext, signatures, MACs work across Regions), independent properties, UpdatePrimaryRegion with its
// Updating state, deletion with PendingReplicaDeletion and the deletion job, rotation of the primary reaching every
// replica, imported material in a multi-Region set, and the audit records (docs/kms-behaviour.md 10).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ImportKeyMaterialCommand,
  GetParametersForImportCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  UpdatePrimaryRegionCommand,
  VerifyCommand,
  VerifyMacCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_SECRET_ACCESS_KEY,
  awsError,
  ManualClock,
  serveForSuite,
  TEST_ACCOUNT,
  type TestServer,
} from '../support/test-server.js';
import { externalKey, importMaterial, wrapKeyMaterial } from './import-support.js';

const EAST = 'us-east-1';
const WEST = 'eu-west-1';
const SOUTH = 'ap-south-1';
const DAY_MS = 86_400_000;

let t: TestServer;
const clock = new ManualClock();
const regions = new Map<string, KMSClient>();
const { advanceDays } = serveForSuite({ clock }, (server) => {
  t = server;
  for (const client of regions.values()) client.destroy();
  regions.clear();
});

/** An admin client of the Region, signing with the server's clock. */
function kms(region: string): KMSClient {
  let client = regions.get(region);
  if (!client) {
    client = t.clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, region);
    regions.set(region, client);
  }
  return client;
}

async function primaryKey(input: CreateKeyCommandInput = {}) {
  return (await kms(EAST).send(new CreateKeyCommand({ MultiRegion: true, ...input }))).KeyMetadata!;
}

async function describe_(region: string, keyId: string) {
  return (await kms(region).send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

/** Moves the clock past the settling time and runs the due jobs: Creating and Updating keys settle. */
async function settle(): Promise<void> {
  advanceDays(2 / 86_400);
  await t.server.jobs.runDue();
}

async function replicate(keyId: string, region = WEST, extra: Partial<{ Description: string; Policy: string; Tags: { TagKey: string; TagValue: string }[] }> = {}) {
  const response = await kms(EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: region, ...extra }));
  await settle();
  return response;
}

const arnIn = (region: string, keyId: string) => `arn:aws:kms:${region}:${TEST_ACCOUNT}:key/${keyId}`;

describe('ReplicateKey', () => {
  test('the replica answers Creating with the set, becomes Enabled, and keeps its own policy, description and tags', async () => {
    const primary = await primaryKey({ Description: 'primary', Tags: [{ TagKey: 'side', TagValue: 'east' }] });
    assert.equal(primary.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY');
    assert.deepEqual(primary.MultiRegionConfiguration?.ReplicaKeys, []);

    const response = await kms(EAST).send(
      new ReplicateKeyCommand({
        KeyId: primary.KeyId!,
        ReplicaRegion: WEST,
        Description: 'replica',
        Tags: [{ TagKey: 'side', TagValue: 'west' }],
      }),
    );
    const replica = response.ReplicaKeyMetadata!;
    assert.equal(replica.KeyId, primary.KeyId);
    assert.equal(replica.Arn, arnIn(WEST, primary.KeyId!));
    assert.equal(replica.KeyState, 'Creating');
    assert.equal(replica.Enabled, false);
    assert.equal(replica.Description, 'replica');
    assert.equal(replica.CurrentKeyMaterialId, undefined, 'no CurrentKeyMaterialId while Creating');
    assert.deepEqual(replica.MultiRegionConfiguration, {
      MultiRegionKeyType: 'REPLICA',
      PrimaryKey: { Arn: primary.Arn, Region: EAST },
      ReplicaKeys: [{ Arn: replica.Arn, Region: WEST }],
    });
    assert.deepEqual(response.ReplicaTags, [{ TagKey: 'side', TagValue: 'west' }]);
    assert.match(response.ReplicaPolicy!, /"Id" : "key-default-1"/);
    const encryptWhileCreating = await awsError(kms(WEST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('x') })));
    assert.deepEqual([encryptWhileCreating.name, encryptWhileCreating.message], ['KMSInvalidStateException', `${replica.Arn} is creating.`]);

    await settle();
    const settled = await describe_(WEST, primary.KeyId!);
    assert.equal(settled.KeyState, 'Enabled');
    assert.equal(settled.Enabled, true);
    assert.equal(settled.CurrentKeyMaterialId, (await describe_(EAST, primary.KeyId!)).CurrentKeyMaterialId);
    assert.deepEqual((await describe_(EAST, primary.KeyId!)).MultiRegionConfiguration?.ReplicaKeys, [{ Arn: replica.Arn, Region: WEST }]);
    assert.equal((await describe_(EAST, primary.KeyId!)).Description, 'primary');
    const westTags = await kms(WEST).send(new ListResourceTagsCommand({ KeyId: primary.KeyId! }));
    assert.deepEqual(westTags.Tags, [{ TagKey: 'side', TagValue: 'west' }]);
    const listed = await kms(WEST).send(new ListKeysCommand({ Limit: 1000 }));
    assert.ok(listed.Keys!.some((key) => key.KeyArn === replica.Arn), 'ListKeys in the replica Region lists it');
  });

  test('a ciphertext, a signature and a MAC made in one Region are accepted in the other', async () => {
    const symmetric = await primaryKey();
    await replicate(symmetric.KeyId!);
    const { CiphertextBlob } = await kms(EAST).send(
      new EncryptCommand({ KeyId: symmetric.KeyId!, Plaintext: Buffer.from('across Regions'), EncryptionContext: { a: 'b' } }),
    );
    const decrypted = await kms(WEST).send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'b' } }));
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), 'across Regions');
    assert.equal(decrypted.KeyId, arnIn(WEST, symmetric.KeyId!));

    const signing = await primaryKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await replicate(signing.KeyId!);
    const message = Buffer.from('signed in the west');
    const { Signature } = await kms(WEST).send(
      new SignCommand({ KeyId: signing.KeyId!, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const verified = await kms(EAST).send(
      new VerifyCommand({ KeyId: signing.KeyId!, Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    assert.equal(verified.SignatureValid, true);

    const hmac = await primaryKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await replicate(hmac.KeyId!);
    const { Mac } = await kms(EAST).send(new GenerateMacCommand({ KeyId: hmac.KeyId!, Message: message, MacAlgorithm: 'HMAC_SHA_256' }));
    const westMac = await kms(WEST).send(new GenerateMacCommand({ KeyId: hmac.KeyId!, Message: message, MacAlgorithm: 'HMAC_SHA_256' }));
    assert.deepEqual(Buffer.from(westMac.Mac!), Buffer.from(Mac!));
    const valid = await kms(WEST).send(new VerifyMacCommand({ KeyId: hmac.KeyId!, Message: message, Mac, MacAlgorithm: 'HMAC_SHA_256' }));
    assert.equal(valid.MacValid, true);
  });

  test("AWS's refusals: single-Region key, replica, same Region, a Region that has one, other partition, disabled primary", async () => {
    const single = (await kms(EAST).send(new CreateKeyCommand({}))).KeyMetadata!;
    const notMulti = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: single.KeyId!, ReplicaRegion: WEST })));
    assert.equal(notMulti.name, 'UnsupportedOperationException');

    const primary = await primaryKey();
    await replicate(primary.KeyId!);
    const ofReplica = await awsError(kms(WEST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: SOUTH })));
    assert.deepEqual([ofReplica.name, ofReplica.message], ['UnsupportedOperationException', `${arnIn(WEST, primary.KeyId!)} is not a multi-region primary key.`]);
    const again = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: WEST })));
    assert.equal(again.name, 'AlreadyExistsException');
    const same = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: EAST })));
    assert.equal(same.name, 'ValidationException');
    const china = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: 'cn-north-1' })));
    assert.equal(china.name, 'ValidationException');
    const malformed = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: 'Mars' })));
    assert.equal(malformed.name, 'ValidationException');

    const disabled = await primaryKey();
    await kms(EAST).send(new DisableKeyCommand({ KeyId: disabled.KeyId! }));
    const refused = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: disabled.KeyId!, ReplicaRegion: WEST })));
    assert.deepEqual([refused.name, refused.message], ['DisabledException', `${disabled.Arn} is disabled.`]);
    // Nothing was created in the replica Region by the refused calls.
    const missing = await awsError(kms(WEST).send(new DescribeKeyCommand({ KeyId: disabled.KeyId! })));
    assert.equal(missing.name, 'NotFoundException');
  });

  test('a given replica policy is checked (lockout) and returned; aliases are per Region', async () => {
    const primary = await primaryKey();
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    const refused = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: WEST, Policy: lockout })));
    assert.equal(refused.name, 'MalformedPolicyDocumentException');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'west', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    const response = await replicate(primary.KeyId!, WEST, { Policy: policy });
    assert.equal(response.ReplicaPolicy, policy);
    const westPolicy = await kms(WEST).send(new GetKeyPolicyCommand({ KeyId: primary.KeyId!, PolicyName: 'default' }));
    assert.equal(westPolicy.Policy, policy);
    const eastPolicy = await kms(EAST).send(new GetKeyPolicyCommand({ KeyId: primary.KeyId!, PolicyName: 'default' }));
    assert.notEqual(eastPolicy.Policy, policy);

    await kms(WEST).send(new CreateAliasCommand({ AliasName: 'alias/mrk-west-only', TargetKeyId: primary.KeyId! }));
    const eastAliases = await kms(EAST).send(new ListAliasesCommand({ KeyId: primary.KeyId! }));
    assert.deepEqual(eastAliases.Aliases, []);
    const viaAlias = await kms(WEST).send(new DescribeKeyCommand({ KeyId: 'alias/mrk-west-only' }));
    assert.equal(viaAlias.KeyMetadata!.Arn, arnIn(WEST, primary.KeyId!));
  });
});

describe('UpdatePrimaryRegion', () => {
  test('the roles swap through Updating, crypto keeps working, management waits', async () => {
    const primary = await primaryKey();
    await replicate(primary.KeyId!, WEST);
    await replicate(primary.KeyId!, SOUTH);
    await kms(EAST).send(new EnableKeyRotationCommand({ KeyId: primary.KeyId!, RotationPeriodInDays: 90 }));

    await kms(EAST).send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId!, PrimaryRegion: WEST }));
    const east = await describe_(EAST, primary.KeyId!);
    const west = await describe_(WEST, primary.KeyId!);
    assert.equal(east.KeyState, 'Updating');
    assert.equal(west.KeyState, 'Updating');
    assert.equal((await describe_(SOUTH, primary.KeyId!)).KeyState, 'Enabled');
    const blob = await kms(EAST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('during the update') }));
    await kms(WEST).send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob }));
    const disable = await awsError(kms(EAST).send(new DisableKeyCommand({ KeyId: primary.KeyId! })));
    assert.deepEqual([disable.name, disable.message], ['KMSInvalidStateException', `${east.Arn} is updating.`]);

    await settle();
    const expected = {
      MultiRegionKeyType: 'REPLICA',
      PrimaryKey: { Arn: arnIn(WEST, primary.KeyId!), Region: WEST },
      ReplicaKeys: [
        { Arn: arnIn(SOUTH, primary.KeyId!), Region: SOUTH },
        { Arn: arnIn(EAST, primary.KeyId!), Region: EAST },
      ],
    };
    for (const region of [EAST, SOUTH]) {
      const metadata = await describe_(region, primary.KeyId!);
      assert.equal(metadata.KeyState, 'Enabled');
      assert.deepEqual(metadata.MultiRegionConfiguration, expected);
    }
    assert.deepEqual((await describe_(WEST, primary.KeyId!)).MultiRegionConfiguration, { ...expected, MultiRegionKeyType: 'PRIMARY' });
    // Rotation settings are shared and now managed from the new primary.
    const status = await kms(EAST).send(new GetKeyRotationStatusCommand({ KeyId: primary.KeyId! }));
    assert.equal(status.KeyRotationEnabled, true);
    assert.equal(status.RotationPeriodInDays, 90);
    const onReplica = await awsError(kms(EAST).send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId! })));
    assert.equal(onReplica.name, 'UnsupportedOperationException');
    const notPrimary = await awsError(kms(EAST).send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId!, PrimaryRegion: SOUTH })));
    assert.deepEqual([notPrimary.name, notPrimary.message], ['UnsupportedOperationException', `${east.Arn} is not a multi-region primary key.`]);
    const nowhere = await awsError(kms(WEST).send(new UpdatePrimaryRegionCommand({ KeyId: primary.KeyId!, PrimaryRegion: 'ca-central-1' })));
    assert.equal(nowhere.name, 'NotFoundException');
  });
});

describe('rotation of a multi-Region primary', () => {
  test('on demand: every replica gets the new material, ListKeyRotations works on a replica, old ciphertexts decrypt', async () => {
    const primary = await primaryKey();
    const before = await kms(EAST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('old') }));
    await replicate(primary.KeyId!);
    await kms(EAST).send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId! }));
    const eastCurrent = (await describe_(EAST, primary.KeyId!)).CurrentKeyMaterialId;
    assert.notEqual(eastCurrent, primary.CurrentKeyMaterialId);
    assert.equal((await describe_(WEST, primary.KeyId!)).CurrentKeyMaterialId, eastCurrent);
    const rotations = await kms(WEST).send(new ListKeyRotationsCommand({ KeyId: primary.KeyId! }));
    assert.equal(rotations.Rotations?.length, 1);
    assert.equal(rotations.Rotations?.[0]?.KeyMaterialId, eastCurrent);
    const after = await kms(WEST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('new') }));
    await kms(WEST).send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    const decrypted = await kms(EAST).send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
    assert.equal(decrypted.KeyMaterialId, eastCurrent);
    const onReplica = await awsError(kms(WEST).send(new EnableKeyRotationCommand({ KeyId: primary.KeyId! })));
    assert.equal(onReplica.name, 'UnsupportedOperationException');
  });

  test('automatic: the RotateKey job rotates the primary and its replicas together', async () => {
    const primary = await primaryKey();
    await replicate(primary.KeyId!);
    await kms(EAST).send(new EnableKeyRotationCommand({ KeyId: primary.KeyId!, RotationPeriodInDays: 90 }));
    const west = await kms(WEST).send(new GetKeyRotationStatusCommand({ KeyId: primary.KeyId! }));
    assert.equal(west.KeyRotationEnabled, true);
    assert.equal(west.RotationPeriodInDays, 90);
    advanceDays(91);
    await t.server.jobs.runDue();
    const eastCurrent = (await describe_(EAST, primary.KeyId!)).CurrentKeyMaterialId;
    assert.notEqual(eastCurrent, primary.CurrentKeyMaterialId);
    assert.equal((await describe_(WEST, primary.KeyId!)).CurrentKeyMaterialId, eastCurrent);
    const westStatus = await kms(WEST).send(new GetKeyRotationStatusCommand({ KeyId: primary.KeyId! }));
    const eastStatus = await kms(EAST).send(new GetKeyRotationStatusCommand({ KeyId: primary.KeyId! }));
    assert.deepEqual(westStatus.NextRotationDate, eastStatus.NextRotationDate);
  });
});

describe('deletion', () => {
  test('a primary with replicas waits in PendingReplicaDeletion until its last replica is deleted', async () => {
    const primary = await primaryKey();
    await replicate(primary.KeyId!);
    const scheduled = await kms(EAST).send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId!, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingReplicaDeletion');
    assert.equal(scheduled.DeletionDate, undefined);
    assert.equal(scheduled.PendingWindowInDays, 7);
    const described = await describe_(EAST, primary.KeyId!);
    assert.equal(described.KeyState, 'PendingReplicaDeletion');
    assert.equal(described.PendingDeletionWindowInDays, 7);
    assert.equal(described.DeletionDate, undefined);
    const encrypt = await awsError(kms(EAST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('x') })));
    assert.equal(encrypt.name, 'KMSInvalidStateException');
    // Cancelling is allowed and leaves the key Disabled; schedule again.
    await kms(EAST).send(new CancelKeyDeletionCommand({ KeyId: primary.KeyId! }));
    assert.equal((await describe_(EAST, primary.KeyId!)).KeyState, 'Disabled');
    await kms(EAST).send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId!, PendingWindowInDays: 7 }));

    const replicaScheduled = await kms(WEST).send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId!, PendingWindowInDays: 7 }));
    assert.equal(replicaScheduled.KeyState, 'PendingDeletion');
    assert.ok(replicaScheduled.DeletionDate);
    advanceDays(8);
    await t.server.jobs.runDue();
    assert.equal((await awsError(kms(WEST).send(new DescribeKeyCommand({ KeyId: primary.KeyId! })))).name, 'NotFoundException');
    const waiting = await describe_(EAST, primary.KeyId!);
    assert.equal(waiting.KeyState, 'PendingDeletion');
    assert.deepEqual(waiting.MultiRegionConfiguration?.ReplicaKeys, []);
    assert.ok(waiting.DeletionDate && waiting.DeletionDate.getTime() > clock.now().getTime() + 6 * DAY_MS);
    advanceDays(8);
    await t.server.jobs.runDue();
    assert.equal((await awsError(kms(EAST).send(new DescribeKeyCommand({ KeyId: primary.KeyId! })))).name, 'NotFoundException');
  });

  test('after a replica is deleted the primary can replicate into that Region again', async () => {
    const primary = await primaryKey();
    await replicate(primary.KeyId!);
    await kms(WEST).send(new ScheduleKeyDeletionCommand({ KeyId: primary.KeyId!, PendingWindowInDays: 7 }));
    const pending = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: WEST })));
    assert.equal(pending.name, 'AlreadyExistsException');
    advanceDays(8);
    await t.server.jobs.runDue();
    await replicate(primary.KeyId!);
    assert.equal((await describe_(WEST, primary.KeyId!)).KeyState, 'Enabled');
  });
});

describe('imported key material in a multi-Region set', () => {
  test('replicas start PendingImport; the same bytes enable them, other bytes are refused; expiry is per key', async () => {
    const primary = await externalKey(kms(EAST), { MultiRegion: true });
    const material = randomBytes(32);
    const pendingImport = await awsError(kms(EAST).send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: WEST })));
    assert.deepEqual([pendingImport.name, pendingImport.message], ['KMSInvalidStateException', `${primary.Arn} is pending import.`]);
    await importMaterial(kms(EAST), primary.KeyId!, material);
    const response = await replicate(primary.KeyId!);
    assert.equal(response.ReplicaKeyMetadata!.Origin, 'EXTERNAL');
    assert.equal((await describe_(WEST, primary.KeyId!)).KeyState, 'PendingImport');

    const other = await awsError(importMaterial(kms(WEST), primary.KeyId!, randomBytes(32)));
    assert.deepEqual(
      [other.name, other.message],
      ['IncorrectKeyMaterialException', `The key material is different from the key material previously imported into KMS key ${arnIn(WEST, primary.KeyId!)}. Import the same key material.`],
    );
    const validTo = new Date(clock.now().getTime() + 10 * DAY_MS);
    await importMaterial(kms(WEST), primary.KeyId!, material, { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } });
    const west = await describe_(WEST, primary.KeyId!);
    assert.equal(west.KeyState, 'Enabled');
    assert.equal(west.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
    assert.equal((await describe_(EAST, primary.KeyId!)).ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
    const blob = await kms(EAST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('imported') }));
    await kms(WEST).send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob }));

    advanceDays(11);
    await t.server.jobs.runDue();
    assert.equal((await describe_(WEST, primary.KeyId!)).KeyState, 'PendingImport');
    assert.equal((await describe_(EAST, primary.KeyId!)).KeyState, 'Enabled');
  });

  test('new material goes into the primary first, then the same bytes into each replica, then RotateKeyOnDemand', async () => {
    const primary = await externalKey(kms(EAST), { MultiRegion: true });
    const first = randomBytes(32);
    await importMaterial(kms(EAST), primary.KeyId!, first);
    await replicate(primary.KeyId!);
    await importMaterial(kms(WEST), primary.KeyId!, first);

    const second = randomBytes(32);
    const intoReplica = await awsError(importMaterial(kms(WEST), primary.KeyId!, second, { request: { ImportType: 'NEW_KEY_MATERIAL' } }));
    assert.equal(intoReplica.name, 'UnsupportedOperationException');
    const staged = await importMaterial(kms(EAST), primary.KeyId!, second, { request: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' } });
    const stateOf = async (region: string) =>
      (await kms(region).send(new ListKeyRotationsCommand({ KeyId: primary.KeyId!, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!.find(
        (rotation) => rotation.KeyMaterialId === staged.KeyMaterialId,
      );
    assert.equal((await stateOf(EAST))?.KeyMaterialState, 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION');
    assert.equal((await stateOf(WEST))?.KeyMaterialDescription, 'second');
    const tooSoon = await awsError(kms(EAST).send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId! })));
    assert.equal(tooSoon.name, 'KMSInvalidStateException');

    await importMaterial(kms(WEST), primary.KeyId!, second, { request: { ImportType: 'EXISTING_KEY_MATERIAL' } });
    assert.equal((await stateOf(EAST))?.KeyMaterialState, 'PENDING_ROTATION');
    await kms(EAST).send(new RotateKeyOnDemandCommand({ KeyId: primary.KeyId! }));
    assert.equal((await describe_(EAST, primary.KeyId!)).CurrentKeyMaterialId, staged.KeyMaterialId);
    assert.equal((await describe_(WEST, primary.KeyId!)).CurrentKeyMaterialId, staged.KeyMaterialId);
    const blob = await kms(WEST).send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('second') }));
    const decrypted = await kms(EAST).send(new DecryptCommand({ CiphertextBlob: blob.CiphertextBlob }));
    assert.equal(decrypted.KeyMaterialId, staged.KeyMaterialId);
  });

  test('deleting material pending rotation from the primary deletes it from the replicas; a replica deletes only its own', async () => {
    const primary = await externalKey(kms(EAST), { MultiRegion: true });
    const first = randomBytes(32);
    await importMaterial(kms(EAST), primary.KeyId!, first);
    await replicate(primary.KeyId!);
    await importMaterial(kms(WEST), primary.KeyId!, first);
    const second = randomBytes(32);
    const staged = await importMaterial(kms(EAST), primary.KeyId!, second, { request: { ImportType: 'NEW_KEY_MATERIAL' } });
    await importMaterial(kms(WEST), primary.KeyId!, second, { request: { ImportType: 'EXISTING_KEY_MATERIAL' } });
    const importStateIn = async (region: string, keyMaterialId: string) =>
      (await kms(region).send(new ListKeyRotationsCommand({ KeyId: primary.KeyId!, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!.find(
        (rotation) => rotation.KeyMaterialId === keyMaterialId,
      )?.ImportState;
    assert.equal(await importStateIn(WEST, staged.KeyMaterialId!), 'IMPORTED');

    await kms(EAST).send(new DeleteImportedKeyMaterialCommand({ KeyId: primary.KeyId!, KeyMaterialId: staged.KeyMaterialId! }));
    assert.equal(await importStateIn(EAST, staged.KeyMaterialId!), 'PENDING_IMPORT');
    assert.equal(await importStateIn(WEST, staged.KeyMaterialId!), 'PENDING_IMPORT');
    assert.equal((await describe_(WEST, primary.KeyId!)).KeyState, 'Enabled');

    await kms(WEST).send(new DeleteImportedKeyMaterialCommand({ KeyId: primary.KeyId! }));
    assert.equal((await describe_(WEST, primary.KeyId!)).KeyState, 'PendingImport');
    assert.equal((await describe_(EAST, primary.KeyId!)).KeyState, 'Enabled');
  });

  test('a token of the primary does not import into the replica', async () => {
    const primary = await externalKey(kms(EAST), { MultiRegion: true });
    const material = randomBytes(32);
    await importMaterial(kms(EAST), primary.KeyId!, material);
    await replicate(primary.KeyId!);
    const parameters = await kms(EAST).send(
      new GetParametersForImportCommand({ KeyId: primary.KeyId!, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
    );
    const refused = await awsError(
      kms(WEST).send(
        new ImportKeyMaterialCommand({
          KeyId: primary.KeyId!,
          ImportToken: parameters.ImportToken,
          EncryptedKeyMaterial: wrapKeyMaterial(parameters.PublicKey!, 'RSAES_OAEP_SHA_256', material),
          ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        }),
      ),
    );
    assert.equal(refused.name, 'InvalidImportTokenException');
  });
});

describe('audit records', () => {
  test('ReplicateKey in the primary Region, CreateKey in the replica Region', async () => {
    const primary = await primaryKey();
    await replicate(primary.KeyId!);
    const trail = (region: string) =>
      new CloudTrailClient({
        endpoint: t.server.url,
        region,
        credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
        maxAttempts: 1,
        systemClockOffset: clock.now().getTime() - Date.now(),
      });
    const lookup = async (region: string, eventName: string) => {
      const client = trail(region);
      try {
        const { Events } = await client.send(
          new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }], MaxResults: 50 }),
        );
        return (Events ?? []).map((event) => JSON.parse(event.CloudTrailEvent!) as Record<string, unknown>);
      } finally {
        client.destroy();
      }
    };
    const replicated = (await lookup(EAST, 'ReplicateKey')).find((record) =>
      JSON.stringify(record.requestParameters).includes(primary.KeyId!),
    );
    assert.ok(replicated, 'a ReplicateKey record in the primary Region');
    assert.equal(replicated.awsRegion, EAST);
    const elements = replicated.responseElements as { replicaKeyMetadata: Record<string, unknown>; replicaPolicy: string };
    assert.equal(elements.replicaKeyMetadata.arn, arnIn(WEST, primary.KeyId!));
    assert.equal(elements.replicaKeyMetadata.keyState, 'Creating');
    assert.equal(elements.replicaKeyMetadata.aWSAccountId, TEST_ACCOUNT);
    assert.deepEqual((elements.replicaKeyMetadata.multiRegionConfiguration as { multiRegionKeyType: string }).multiRegionKeyType, 'REPLICA');
    assert.match(elements.replicaPolicy, /key-default-1/);
    const created = (await lookup(WEST, 'CreateKey')).find((record) =>
      JSON.stringify(record.responseElements).includes(arnIn(WEST, primary.KeyId!)),
    );
    assert.ok(created, 'a CreateKey record in the replica Region');
    assert.equal(created.awsRegion, WEST);
    assert.equal(created.requestID, replicated.requestID);
    assert.notEqual(created.eventID, replicated.eventID);
  });
});
