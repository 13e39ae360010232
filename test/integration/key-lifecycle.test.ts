// A key's life through the real AWS SDK: create, describe, disable, enable, schedule and cancel deletion, with the
// exact KeyMetadata AWS returns and AWS's errors for keys in the wrong state.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetKeyPolicyCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { awsError, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

let t: TestServer;
serveForSuite({}, (server) => (t = server));

describe('CreateKey and DescribeKey', () => {
  test('a symmetric key gets every always-present KeyMetadata field', async () => {
    const { KeyMetadata: m } = await t.kms.send(new CreateKeyCommand({ Description: 'first key' }));
    assert.ok(m);
    assert.match(m.KeyId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(m.Arn, `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${m.KeyId}`);
    assert.equal(m.AWSAccountId, TEST_ACCOUNT);
    assert.equal(m.Enabled, true);
    assert.equal(m.KeyState, 'Enabled');
    assert.equal(m.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(m.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.CustomerMasterKeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(m.Origin, 'AWS_KMS');
    assert.equal(m.KeyManager, 'CUSTOMER');
    assert.equal(m.MultiRegion, false);
    assert.equal(m.Description, 'first key');
    assert.deepEqual(m.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.match(m.CurrentKeyMaterialId!, /^[0-9a-f]{64}$/);
    assert.ok(m.CreationDate instanceof Date);

    const described = await t.kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }));
    assert.deepEqual(described.KeyMetadata, m);
    const byArn = await t.kms.send(new DescribeKeyCommand({ KeyId: m.Arn }));
    assert.equal(byArn.KeyMetadata?.KeyId, m.KeyId);
  });

  test('the description defaults to the empty string', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
    assert.equal(KeyMetadata?.Description, '');
  });

  const cases = [
    ['RSA_2048', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['RSA_3072', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms'],
    ['ECC_NIST_P256', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms'],
    ['ECC_NIST_P521', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['HMAC_224', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms'],
    ['ML_DSA_44', 'SIGN_VERIFY', 'SigningAlgorithms'],
    ['ML_DSA_87', 'SIGN_VERIFY', 'SigningAlgorithms'],
  ] as const;
  for (const [KeySpec, KeyUsage, list] of cases) {
    test(`${KeySpec} with ${KeyUsage} carries only ${list} and no CurrentKeyMaterialId`, async () => {
      const { KeyMetadata: m } = await t.kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }));
      assert.equal(m?.KeySpec, KeySpec);
      assert.equal(m?.KeyUsage, KeyUsage);
      const lists = ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms', 'KeyAgreementAlgorithms'].filter(
        (name) => (m as unknown as Record<string, unknown>)[name] !== undefined,
      );
      assert.deepEqual(lists, [list]);
      assert.equal(m?.CurrentKeyMaterialId, undefined);
    });
  }

  test('Ed25519 signs with ED25519_SHA_512 and ED25519_PH_SHA_512; ECC P-521 with ECDSA_SHA_512', async () => {
    const ed = await t.kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_EDWARDS25519', KeyUsage: 'SIGN_VERIFY' }));
    assert.deepEqual(ed.KeyMetadata?.SigningAlgorithms, ['ED25519_SHA_512', 'ED25519_PH_SHA_512']);
    const p521 = await t.kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P521', KeyUsage: 'SIGN_VERIFY' }));
    assert.deepEqual(p521.KeyMetadata?.SigningAlgorithms, ['ECDSA_SHA_512']);
  });

  test('a multi-Region key gets an mrk- id and a PRIMARY configuration', async () => {
    const { KeyMetadata: m } = await t.kms.send(new CreateKeyCommand({ MultiRegion: true }));
    assert.match(m!.KeyId!, /^mrk-[0-9a-f]{32}$/);
    assert.equal(m!.MultiRegion, true);
    assert.deepEqual(m!.MultiRegionConfiguration, {
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: m!.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });
  });

  test('an EXTERNAL key starts PendingImport, disabled, without key material', async () => {
    const { KeyMetadata: m } = await t.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    assert.equal(m?.KeyState, 'PendingImport');
    assert.equal(m?.Enabled, false);
    assert.equal(m?.Origin, 'EXTERNAL');
    assert.equal(m?.CurrentKeyMaterialId, undefined);
    assert.equal(m?.ExpirationModel, undefined);
  });
});

describe('CreateKey refuses invalid combinations with AWS errors, and creates nothing', () => {
  const refused = [
    [{ KeySpec: 'RSA_2048' }, 'ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'],
    [{ KeySpec: 'RSA_2048', KeyUsage: 'KEY_AGREEMENT' }, 'ValidationException', 'KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048'],
    [{ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' }, 'ValidationException', 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256'],
    [
      { KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' },
      'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    ],
    [{ KeySpec: 'ML_DSA_65', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' }, 'UnsupportedOperationException', undefined],
    [{ Description: 'x'.repeat(8193) }, 'ValidationException', undefined],
    [{ Policy: '{"not json' }, 'MalformedPolicyDocumentException', undefined],
    [{ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [], pad: 'x'.repeat(33_000) }) }, 'LimitExceededException', undefined],
    [{ Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] }, 'TagException', 'Tags beginning with aws: are reserved'],
    [{ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] }, 'TagException', 'Duplicate tag keys'],
    [{ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) }, 'TagException', 'Too many tags'],
  ] as const;
  for (const [input, name, message] of refused) {
    test(`${JSON.stringify(input).slice(0, 90)} → ${name}`, async () => {
      const before = await t.kms.send(new ListKeysCommand({ Limit: 1000 }));
      const error = await awsError(t.kms.send(new CreateKeyCommand(input as never)));
      assert.equal(error.name, name);
      assert.equal(error.status, 400);
      if (message !== undefined) assert.equal(error.message, message);
      const afterwards = await t.kms.send(new ListKeysCommand({ Limit: 1000 }));
      assert.equal(afterwards.Keys?.length, before.Keys?.length);
    });
  }

  test('an unknown KeySpec gets the model validation message', async () => {
    const error = await awsError(t.kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_random' as never })));
    assert.equal(error.name, 'ValidationException');
    assert.match(error.message, /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[/);
  });
});

describe('state changes', () => {
  test('disable, enable, schedule deletion and cancel, as AWS does', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata!.KeyId!;
    const arn = KeyMetadata!.Arn!;
    await t.kms.send(new DisableKeyCommand({ KeyId }));
    let m = (await t.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, 'Disabled');
    assert.equal(m.Enabled, false);
    await t.kms.send(new EnableKeyCommand({ KeyId }));
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState, 'Enabled');

    const scheduled = await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyId, arn);
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    const days = (scheduled.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.99 && days <= 7.01, `deletion in ${days} days`);
    m = (await t.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, 'PendingDeletion');
    assert.equal(m.Enabled, false);
    assert.deepEqual(m.DeletionDate, scheduled.DeletionDate);

    const refusedWhilePending: Promise<unknown>[] = [
      t.kms.send(new EnableKeyCommand({ KeyId })),
      t.kms.send(new DisableKeyCommand({ KeyId })),
      t.kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description: 'x' })),
    ];
    for (const call of refusedWhilePending) {
      const error = await awsError(call);
      assert.equal(error.name, 'KMSInvalidStateException');
      assert.equal(error.message, `${arn} is pending deletion.`);
    }
    const again = await awsError(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId })));
    assert.equal(again.name, 'KMSInvalidStateException');

    const cancelled = await t.kms.send(new CancelKeyDeletionCommand({ KeyId }));
    assert.equal(cancelled.KeyId, arn);
    m = (await t.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;
    assert.equal(m.KeyState, 'Disabled');
    assert.equal(m.DeletionDate, undefined);
    const notPending = await awsError(t.kms.send(new CancelKeyDeletionCommand({ KeyId })));
    assert.equal(notPending.name, 'KMSInvalidStateException');
    assert.equal(notPending.message, `${arn} is not pending deletion (or pending replica deletion).`);
  });

  test('ScheduleKeyDeletion defaults to 30 days and refuses windows outside 7-30', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
    const KeyId = KeyMetadata!.KeyId!;
    for (const PendingWindowInDays of [6, 31]) {
      const error = await awsError(t.kms.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays })));
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, 'PendingWindowInDays must be between 7 and 30');
    }
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata?.KeyState, 'Enabled');
    const scheduled = await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId }));
    assert.equal(scheduled.PendingWindowInDays, 30);
  });

  test('UpdateKeyDescription replaces the description', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ Description: 'old' }));
    await t.kms.send(new UpdateKeyDescriptionCommand({ KeyId: KeyMetadata!.KeyId, Description: 'new' }));
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata?.Description, 'new');
  });
});

describe('key policies', () => {
  test('the default key policy is AWS text, byte for byte', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
    const { Policy, PolicyName } = await t.kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default' }));
    assert.equal(PolicyName, 'default');
    assert.equal(
      Policy,
      `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${TEST_ACCOUNT}:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`,
    );
    const listed = await t.kms.send(new ListKeyPoliciesCommand({ KeyId: KeyMetadata!.KeyId }));
    assert.deepEqual(listed.PolicyNames, ['default']);
    assert.equal(listed.Truncated, false);
    const other = await awsError(t.kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId, PolicyName: 'other' })));
    assert.equal(other.name, 'NotFoundException');
  });
});

describe('key lookup errors', () => {
  test('unknown key id, malformed id, other Region, alias not found', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    let error = await awsError(t.kms.send(new DescribeKeyCommand({ KeyId: missing })));
    assert.equal(error.name, 'NotFoundException');
    assert.equal(error.message, `Key 'arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${missing}' does not exist`);
    error = await awsError(t.kms.send(new DescribeKeyCommand({ KeyId: 'mrk-fake-key-id' })));
    assert.equal(error.message, "Invalid keyId 'mrk-fake-key-id'");
    error = await awsError(t.kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/${missing}` })));
    assert.equal(error.message, 'Invalid arn eu-west-1');
    error = await awsError(t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    assert.equal(error.message, `Alias arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/nope is not found.`);
    error = await awsError(t.kms.send(new EnableKeyCommand({ KeyId: 'alias/nope' })));
    assert.equal(error.name, 'NotFoundException');
  });

  test('keys live per Region: a key of us-east-1 does not exist in eu-west-1', async () => {
    const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
    const eu = t.clientFor({ accessKeyId: 'AKIAOPENKMSTESTADMIN', secretAccessKey: 'openkms-test-admin-secret-access-key-0001' }, 'eu-west-1');
    const error = await awsError(eu.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId })));
    assert.equal(error.name, 'NotFoundException');
    const created = await eu.send(new CreateKeyCommand({}));
    assert.match(created.KeyMetadata!.Arn!, /^arn:aws:kms:eu-west-1:/);
    eu.destroy();
  });
});

describe('ListKeys', () => {
  test('pages with Limit and Marker through every key exactly once', async () => {
    const all = await t.kms.send(new ListKeysCommand({ Limit: 1000 }));
    assert.equal(all.Truncated, false);
    const seen: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await t.kms.send(new ListKeysCommand({ Limit: 2, Marker }));
      assert.ok(page.Keys!.length <= 2);
      seen.push(...page.Keys!.map((k) => k.KeyId!));
      Marker = page.Truncated ? page.NextMarker : undefined;
      if (page.Truncated) assert.ok(page.NextMarker);
    } while (Marker);
    assert.deepEqual(seen, all.Keys!.map((k) => k.KeyId));
    const bad = await awsError(t.kms.send(new ListKeysCommand({ Marker: 'garbage' })));
    assert.equal(bad.name, 'InvalidMarkerException');
  });
});
