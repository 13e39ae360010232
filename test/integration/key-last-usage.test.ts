// GetKeyLastUsage through the real AWS SDK: no usage for a new key (TrackingStartDate = creation), the last successful
// cryptographic call with its operation, time, request id and the eventID of its CloudTrail record; failures and
// non-cryptographic calls do not count; ReEncrypt counts for both keys; replicas keep their own; keys older than
// tracking show the tracking start; usage survives a restart; aliases are refused (management operation).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyLastUsageCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { TRACKING_START_SETTING } from '../../src/audit/key-usage-tracker.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, startTestServer, TEST_REGION } from '../support/test-server.js';

const ADMIN = { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY };

test('GetKeyLastUsage records the last successful cryptographic use of each key, durably', async () => {
  let t = await startTestServer();
  const dataDir = t.dataDir;
  try {
    let kms = t.kms;
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const fresh = await kms.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId! }));
    assert.equal(fresh.KeyLastUsage, undefined);
    assert.equal(fresh.KeyId, key.KeyId);
    assert.deepEqual(fresh.KeyCreationDate, key.CreationDate);
    assert.deepEqual(fresh.TrackingStartDate, key.CreationDate);

    const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('used') }));
    // A failed call and a non-cryptographic call do not count.
    await awsError(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { wrong: 'context' } })));
    await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }));
    await t.server.keyUsage.flush();
    const used = (await kms.send(new GetKeyLastUsageCommand({ KeyId: key.Arn! }))).KeyLastUsage!;
    assert.equal(used.Operation, 'Encrypt');
    assert.equal(used.KmsRequestId, encrypted.$metadata.requestId);
    assert.ok(used.Timestamp!.getTime() >= key.CreationDate!.getTime());
    const trail = new CloudTrailClient({ endpoint: t.server.url, region: TEST_REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }] }));
      const record = Events!.map((event) => JSON.parse(event.CloudTrailEvent!) as { requestID: string; eventID: string }).find(
        (candidate) => candidate.requestID === encrypted.$metadata.requestId,
      );
      assert.equal(used.CloudTrailEventId, record?.eventID);
    } finally {
      trail.destroy();
    }

    // ReEncrypt counts for both keys.
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const reEncrypted = await kms.send(new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, DestinationKeyId: other.KeyId! }));
    await t.server.keyUsage.flush();
    for (const keyId of [key.KeyId!, other.KeyId!]) {
      const usage = (await kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }))).KeyLastUsage!;
      assert.equal(usage.Operation, 'ReEncrypt');
      assert.equal(usage.KmsRequestId, reEncrypted.$metadata.requestId);
    }

    // Sign and Verify on an asymmetric key.
    const signing = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    const signed = await kms.send(new SignCommand({ KeyId: signing.KeyId!, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    await kms.send(new VerifyCommand({ KeyId: signing.KeyId!, Message: Buffer.from('m'), Signature: signed.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }));
    await t.server.keyUsage.flush();
    assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: signing.KeyId! }))).KeyLastUsage?.Operation, 'Verify');

    // Replicas keep their own usage.
    const primary = (await kms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    await kms.send(new ReplicateKeyCommand({ KeyId: primary.KeyId!, ReplicaRegion: 'eu-west-1' }));
    const west = t.clientFor(ADMIN, 'eu-west-1');
    try {
      await kms.send(new EncryptCommand({ KeyId: primary.KeyId!, Plaintext: Buffer.from('east') }));
      await t.server.keyUsage.flush();
      assert.equal((await west.send(new GetKeyLastUsageCommand({ KeyId: primary.KeyId! }))).KeyLastUsage, undefined);
      assert.equal((await kms.send(new GetKeyLastUsageCommand({ KeyId: primary.KeyId! }))).KeyLastUsage?.Operation, 'Encrypt');
    } finally {
      west.destroy();
    }

    // Management operation: no aliases.
    const alias = await awsError(kms.send(new GetKeyLastUsageCommand({ KeyId: 'alias/anything' })));
    assert.deepEqual([alias.name, alias.message], ['NotFoundException', "Invalid keyId 'alias/anything'"]);

    // Keys created before tracking began show the tracking start.
    const later = new Date(Date.now() + 60_000);
    await t.server.store.write((tx) => tx.putSetting(TRACKING_START_SETTING, later.toISOString()));
    const old = await kms.send(new GetKeyLastUsageCommand({ KeyId: other.KeyId! }));
    assert.deepEqual(old.TrackingStartDate, later);
    assert.deepEqual(old.KeyCreationDate, other.CreationDate);
    await t.server.store.write((tx) => tx.putSetting(TRACKING_START_SETTING, new Date(0).toISOString()));

    // Durable: a use noted just before shutdown is written by close() and read after the restart.
    const last = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
    await t.stop();
    t = await startTestServer({ dataDir });
    kms = t.kms;
    const afterRestart = (await kms.send(new GetKeyLastUsageCommand({ KeyId: key.KeyId! }))).KeyLastUsage!;
    assert.equal(afterRestart.Operation, 'Decrypt');
    assert.equal(afterRestart.KmsRequestId, last.$metadata.requestId);
  } finally {
    await t.cleanup();
  }
});
