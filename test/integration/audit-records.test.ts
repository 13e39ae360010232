// The audit trail through the real AWS SDK: one CloudTrail record per call, successful or not, with AWS's fields for
// every operation family, service events from the jobs, and no secret anywhere in any record (kms-behaviour.md 9).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_SECRET_ACCESS_KEY,
  ManualClock,
  startTestServer,
  TEST_ACCOUNT,
  type TestServer,
} from '../support/test-server.js';

const OTHER_ACCOUNT = '444455556666';
const OTHER_KEY = { accessKeyId: 'AKIAOPENKMSOTHERUSER', secretAccessKey: 'openkms-test-other-secret-access-key-0002' };

let t: TestServer;
let clock: ManualClock;
let db: Database.Database;
before(async () => {
  clock = new ManualClock();
  t = await startTestServer({ clock });
  db = new Database(join(t.dataDir, DATABASE_FILE), { readonly: true });
  // A user of another account, for cross-account and AccessDenied records.
  await t.server.store.write(async (tx) => {
    await tx.putAccount(OTHER_ACCOUNT);
    await tx.putPrincipal({ accountId: OTHER_ACCOUNT, arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, kind: 'user', name: 'bob', principalId: 'AIDAOTHERBOB00000001' });
    await tx.putAccessKey({ ...OTHER_KEY, principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, createdAt: new Date() });
  });
});
after(async () => {
  db.close();
  await t.cleanup();
});

type AuditRecord = Record<string, any>;

/** The records written for one request id (durable before the response, so readable as soon as the call returns). */
function recordsOf(requestId: string | undefined): AuditRecord[] {
  assert.ok(requestId, 'the response carries x-amzn-RequestId');
  const rows = db.prepare('SELECT record FROM audit_events WHERE record LIKE ? ORDER BY seq').all(`%"requestID":"${requestId}"%`) as { record: string }[];
  return rows.map((row) => JSON.parse(row.record) as AuditRecord);
}

function recordOf(requestId: string | undefined): AuditRecord {
  const records = recordsOf(requestId);
  assert.equal(records.length, 1, `one record for request ${requestId}`);
  return records[0]!;
}

async function failed(action: Promise<unknown>): Promise<{ name: string; requestId: string | undefined }> {
  try {
    await action;
  } catch (error) {
    const e = error as { name: string; $metadata?: { requestId?: string } };
    return { name: e.name, requestId: e.$metadata?.requestId };
  }
  throw new Error('expected the call to fail');
}

const adminIdentity = () => ({
  type: 'IAMUser',
  principalId: recordOf(lastRequestId).userIdentity.principalId,
  arn: `arn:aws:iam::${TEST_ACCOUNT}:user/admin`,
  accountId: TEST_ACCOUNT,
  accessKeyId: ADMIN_ACCESS_KEY_ID,
  userName: 'admin',
});
let lastRequestId: string | undefined;

async function newKey(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) {
  const out = await t.kms.send(new CreateKeyCommand(input));
  lastRequestId = out.$metadata.requestId;
  return out.KeyMetadata!;
}

const resource = (arn: string) => [{ accountId: TEST_ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }];

describe('records of key management calls', () => {
  test('CreateKey: the whole record, keyMetadata in camelCase', async () => {
    const key = await newKey({ Description: 'audit me', Tags: [{ TagKey: 'team', TagValue: 'payments' }] });
    const r = recordOf(lastRequestId);
    assert.match(r.eventID, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(r.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(r.userAgent, /aws-sdk-js/);
    assert.match(r.userIdentity.principalId, /^AIDA/);
    const { eventID: _id, eventTime: _time, userAgent: _agent, ...rest } = r;
    assert.deepEqual(rest, {
      eventVersion: '1.11',
      userIdentity: adminIdentity(),
      eventSource: 'kms.amazonaws.com',
      eventName: 'CreateKey',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { description: 'audit me', tags: [{ tagKey: 'team', tagValue: 'payments' }] },
      responseElements: {
        keyMetadata: {
          aWSAccountId: TEST_ACCOUNT,
          keyId: key.KeyId,
          arn: key.Arn,
          creationDate: r.responseElements.keyMetadata.creationDate,
          enabled: true,
          description: 'audit me',
          keyUsage: 'ENCRYPT_DECRYPT',
          keyState: 'Enabled',
          origin: 'AWS_KMS',
          keyManager: 'CUSTOMER',
          customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
          keySpec: 'SYMMETRIC_DEFAULT',
          encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
          multiRegion: false,
          currentKeyMaterialId: key.CurrentKeyMaterialId,
        },
      },
      requestID: lastRequestId,
      readOnly: false,
      resources: resource(key.Arn!),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: TEST_ACCOUNT,
      eventCategory: 'Management',
    });
  });

  test('state changes name the key in responseElements; reads have none', async () => {
    const key = await newKey();
    const arn = key.Arn!;
    const run = async (name: string, send: () => Promise<{ $metadata: { requestId?: string } }>, request: object, response: object | null, readOnly: boolean) => {
      const out = await send();
      const r = recordOf(out.$metadata.requestId);
      assert.equal(r.eventName, name);
      assert.deepEqual(r.requestParameters, request, `${name} requestParameters`);
      assert.deepEqual(r.responseElements, response, `${name} responseElements`);
      assert.equal(r.readOnly, readOnly, `${name} readOnly`);
      assert.deepEqual(r.resources, resource(arn), `${name} resources`);
      assert.ok(!('errorCode' in r));
    };
    await run('DescribeKey', () => t.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId })), { keyId: key.KeyId }, null, true);
    await run('DisableKey', () => t.kms.send(new DisableKeyCommand({ KeyId: key.KeyId })), { keyId: key.KeyId }, { keyId: arn }, false);
    await run('EnableKey', () => t.kms.send(new EnableKeyCommand({ KeyId: arn })), { keyId: arn }, { keyId: arn }, false);
    await run('UpdateKeyDescription', () => t.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'new' })), { keyId: key.KeyId, description: 'new' }, null, false);
    await run('TagResource', () => t.kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] })), { keyId: key.KeyId, tags: [{ tagKey: 'k', tagValue: 'v' }] }, { keyId: arn }, false);
    await run('UntagResource', () => t.kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['k'] })), { keyId: key.KeyId, tagKeys: ['k'] }, { keyId: arn }, false);
    await run('ListResourceTags', () => t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId })), { keyId: key.KeyId }, null, true);
    await run('GetKeyPolicy', () => t.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' })), { keyId: key.KeyId, policyName: 'default' }, null, true);
    await run('ListKeyPolicies', () => t.kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId })), { keyId: key.KeyId }, null, true);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    await run('PutKeyPolicy', () => t.kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy })), { keyId: key.KeyId, policyName: 'default', policy }, null, false);
    await run('CreateAlias', () => t.kms.send(new CreateAliasCommand({ AliasName: 'alias/audit-a', TargetKeyId: key.KeyId })), { aliasName: 'alias/audit-a', targetKeyId: key.KeyId }, { keyId: arn }, false);
    await run('UpdateAlias', () => t.kms.send(new UpdateAliasCommand({ AliasName: 'alias/audit-a', TargetKeyId: key.KeyId })), { aliasName: 'alias/audit-a', targetKeyId: key.KeyId }, { keyId: arn }, false);
    await run('DeleteAlias', () => t.kms.send(new DeleteAliasCommand({ AliasName: 'alias/audit-a' })), { aliasName: 'alias/audit-a' }, { keyId: arn }, false);
    const scheduled = await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    const r = recordOf(scheduled.$metadata.requestId);
    assert.deepEqual(r.responseElements, {
      keyId: arn,
      keyState: 'PendingDeletion',
      deletionDate: scheduled.DeletionDate!.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      pendingWindowInDays: 7,
    });
    await run('CancelKeyDeletion', () => t.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId })), { keyId: key.KeyId }, { keyId: arn }, false);
  });

  test('calls that touch no key have no resources', async () => {
    const listKeys = await t.kms.send(new ListKeysCommand({ Limit: 5 }));
    const r = recordOf(listKeys.$metadata.requestId);
    assert.deepEqual(r.requestParameters, { limit: 5 });
    assert.ok(!('resources' in r));
    const aliases = await t.kms.send(new ListAliasesCommand({}));
    assert.equal(recordOf(aliases.$metadata.requestId).readOnly, true);
  });
});

describe('records of cryptographic calls (responseElements null, no plaintext)', () => {
  test('Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateRandom', async () => {
    const key = await newKey();
    const arn = key.Arn!;
    const enc = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello'), EncryptionContext: { order: '42' } }));
    const e = recordOf(enc.$metadata.requestId);
    assert.deepEqual(e.requestParameters, { keyId: key.KeyId, encryptionContext: { order: '42' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    assert.equal(e.responseElements, null);
    assert.equal(e.readOnly, true);
    assert.deepEqual(e.resources, resource(arn));
    assert.deepEqual(e.additionalEventData, { keyMaterialId: key.CurrentKeyMaterialId });

    const dec = await t.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { order: '42' } }));
    const d = recordOf(dec.$metadata.requestId);
    assert.deepEqual(d.requestParameters, { encryptionContext: { order: '42' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    assert.equal(d.responseElements, null);
    assert.deepEqual(d.resources, resource(arn));

    const re = await t.kms.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { order: '42' }, DestinationKeyId: arn }));
    const rr = recordOf(re.$metadata.requestId);
    assert.deepEqual(rr.requestParameters, {
      sourceEncryptionContext: { order: '42' },
      destinationKeyId: arn,
      sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
    assert.equal(rr.responseElements, null);

    const dk = await t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    assert.deepEqual(recordOf(dk.$metadata.requestId).requestParameters, { keyId: key.KeyId, keySpec: 'AES_256' });
    const random = await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 }));
    const g = recordOf(random.$metadata.requestId);
    assert.deepEqual([g.requestParameters, g.responseElements, g.readOnly], [{ numberOfBytes: 16 }, null, true]);
  });

  test('Sign and Verify, GenerateMac: the message and signature are not recorded', async () => {
    const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const signed = await t.kms.send(new SignCommand({ KeyId: signing.KeyId, Message: Buffer.from('msg'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    assert.deepEqual(recordOf(signed.$metadata.requestId).requestParameters, { keyId: signing.KeyId, signingAlgorithm: 'ECDSA_SHA_256' });
    const verified = await t.kms.send(
      new VerifyCommand({ KeyId: signing.KeyId, Message: Buffer.from('msg'), Signature: signed.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    const v = recordOf(verified.$metadata.requestId);
    assert.deepEqual([v.requestParameters, v.responseElements], [{ keyId: signing.KeyId, signingAlgorithm: 'ECDSA_SHA_256' }, null]);
    const hmac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const mac = await t.kms.send(new GenerateMacCommand({ KeyId: hmac.KeyId, Message: Buffer.from('msg'), MacAlgorithm: 'HMAC_SHA_256' }));
    assert.deepEqual(recordOf(mac.$metadata.requestId).requestParameters, { keyId: hmac.KeyId, macAlgorithm: 'HMAC_SHA_256' });
  });
});

describe('records of failed calls', () => {
  test('a validation failure: errorCode, errorMessage, the request as far as it was read', async () => {
    const failure = await failed(t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 2000 })));
    const r = recordOf(failure.requestId);
    assert.equal(r.errorCode, 'ValidationException');
    assert.match(r.errorMessage, /numberOfBytes/);
    assert.equal(r.requestParameters, null);
    assert.equal(r.responseElements, null);
  });

  test('a key that does not exist: NotFoundException with AWS\'s message', async () => {
    const failure = await failed(t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })));
    const r = recordOf(failure.requestId);
    assert.equal(r.errorCode, 'NotFoundException');
    assert.equal(r.errorMessage, `Alias arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/none is not found.`);
    assert.deepEqual(r.requestParameters, { keyId: 'alias/none' });
  });

  test('AccessDenied across accounts is recorded in the caller\'s account only', async () => {
    const key = await newKey();
    const other = new KMSClient({ endpoint: t.server.url, region: 'us-east-1', credentials: OTHER_KEY, maxAttempts: 1 });
    try {
      const failure = await failed(other.send(new DescribeKeyCommand({ KeyId: key.Arn })));
      assert.equal(failure.name, 'AccessDeniedException');
      const records = recordsOf(failure.requestId);
      assert.equal(records.length, 1);
      const r = records[0]!;
      assert.equal(r.errorCode, 'AccessDeniedException');
      assert.equal(r.recipientAccountId, OTHER_ACCOUNT);
      assert.equal(r.userIdentity.arn, `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`);
      const row = db.prepare('SELECT account_id FROM audit_events WHERE event_id = ?').get(r.eventID) as { account_id: string };
      assert.equal(row.account_id, OTHER_ACCOUNT);
    } finally {
      other.destroy();
    }
  });

  test('a bad signature is recorded with an Unknown identity in the server\'s account', async () => {
    const forged = new KMSClient({ endpoint: t.server.url, region: 'us-east-1', credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    try {
      const failure = await failed(forged.send(new ListKeysCommand({})));
      assert.equal(failure.name, 'InvalidSignatureException');
      const r = recordOf(failure.requestId);
      assert.deepEqual(r.userIdentity, { type: 'Unknown' });
      assert.equal(r.errorCode, 'InvalidSignatureException');
      assert.equal(r.recipientAccountId, TEST_ACCOUNT);
    } finally {
      forged.destroy();
    }
  });
});

describe('service events (AwsServiceEvent)', () => {
  test('RotateKeyOnDemand is recorded with a RotateKey service event in the same transaction', async () => {
    const key = await newKey();
    const rotated = await t.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    assert.deepEqual(recordOf(rotated.$metadata.requestId).responseElements, { keyId: key.Arn });
    const rows = db.prepare("SELECT record FROM audit_events WHERE event_name = 'RotateKey' AND resource_names = ?").all(key.Arn) as { record: string }[];
    assert.equal(rows.length, 1);
    const r = JSON.parse(rows[0]!.record) as AuditRecord;
    assert.equal(r.eventType, 'AwsServiceEvent');
    assert.deepEqual(r.userIdentity, { accountId: TEST_ACCOUNT, invokedBy: 'AWS Internal' });
    assert.equal(r.serviceEventDetails.rotationType, 'ON_DEMAND');
    assert.equal(r.serviceEventDetails.previousKeyMaterialId, key.CurrentKeyMaterialId);
    assert.equal(r.serviceEventDetails.keyId, key.Arn);
  });

  test('DeleteKey when the waiting period ends', async () => {
    const key = await newKey();
    await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    clock.advanceDays(8);
    try {
      await t.server.jobs.runDue();
    } finally {
      // Back to the present, or signatures made from now on would look 8 days old.
      clock.advanceDays(-8);
    }
    const rows = db.prepare("SELECT record FROM audit_events WHERE event_name = 'DeleteKey' AND resource_names = ?").all(key.Arn) as { record: string }[];
    assert.equal(rows.length, 1);
    const r = JSON.parse(rows[0]!.record) as AuditRecord;
    assert.deepEqual(
      [r.eventType, r.readOnly, r.requestParameters, r.responseElements, r.sourceIPAddress, r.recipientAccountId, 'requestID' in r],
      ['AwsServiceEvent', false, null, { keyId: key.Arn }, 'AWS Internal', TEST_ACCOUNT, false],
    );
    assert.deepEqual(r.resources, resource(key.Arn!));
  });
});

describe('no secret is ever recorded', () => {
  test('after calls with known plaintexts, no record holds any of them in any encoding', async () => {
    const known = ['KNOWN-PLAINTEXT-ENCRYPT-6f1c', 'KNOWN-MESSAGE-SIGN-77aa', 'KNOWN-MESSAGE-MAC-0c3e'];
    const secrets: Buffer[] = known.map((s) => Buffer.from(s));
    const key = await newKey();
    const enc = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: secrets[0] }));
    secrets.push(Buffer.from(enc.CiphertextBlob!));
    const dec = await t.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), known[0]);
    const dk = await t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 32 }));
    secrets.push(Buffer.from(dk.Plaintext!), Buffer.from(dk.CiphertextBlob!));
    const random = await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    secrets.push(Buffer.from(random.Plaintext!));
    const signing = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const signed = await t.kms.send(new SignCommand({ KeyId: signing.KeyId, Message: secrets[1], SigningAlgorithm: 'ECDSA_SHA_256' }));
    secrets.push(Buffer.from(signed.Signature!));
    const hmac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const mac = await t.kms.send(new GenerateMacCommand({ KeyId: hmac.KeyId, Message: secrets[2], MacAlgorithm: 'HMAC_SHA_256' }));
    secrets.push(Buffer.from(mac.Mac!));
    // A failing call that carried a plaintext.
    await failed(t.kms.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: secrets[0] })));

    const all = (db.prepare('SELECT record FROM audit_events').all() as { record: string }[]).map((row) => row.record).join('\n');
    assert.ok(all.length > 0);
    const forbidden = [
      ...secrets.flatMap((secret) => [secret.toString('base64'), secret.toString('hex'), secret.toString('base64url')]),
      ...known,
      ADMIN_SECRET_ACCESS_KEY,
      OTHER_KEY.secretAccessKey,
    ];
    for (const needle of forbidden) assert.ok(!all.includes(needle), `a record contains a secret (${needle.slice(0, 6)}...)`);
  });
});
