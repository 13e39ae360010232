// The KMS condition keys in key policies and identity policies (docs/kms-behaviour.md 7.3): encryption context,
// aliases, tags, request parameters of CreateKey and other operations, properties of the key and of the caller.

import { describe, test } from 'node:test';
import { putIdentityPolicy } from '../../src/provision/principal-admin.js';
import { serveForSuite, TEST_REGION, type TestServer } from '../support/test-server.js';
import { ACCOUNT_A, allowRoot, arn, b64, kmsCaller, noIdentityPolicy, policy, who, writePrincipalsFile, type Credentials } from '../support/authorization-fixture.js';

let t: TestServer;
serveForSuite({ principalsFile: writePrincipalsFile() }, (server) => (t = server));

const { ok, refused, createKey } = kmsCaller(() => t.server.url);

describe('condition keys', () => {
  const bobMay = (actions: string[], condition: object) =>
    policy(allowRoot, { Sid: 'Bob', Effect: 'Allow', Principal: { AWS: arn.bob }, Action: actions, Resource: '*', Condition: condition });

  test('kms:EncryptionContext:<key> and kms:EncryptionContextKeys', async () => {
    const key = await createKey({ Policy: bobMay(['kms:Encrypt'], { StringEquals: { 'kms:EncryptionContext:Purpose': 'backup' } }) });
    await ok(who.bob, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), EncryptionContext: { purpose: 'backup' } });
    await refused(who.bob, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), EncryptionContext: { purpose: 'other' } }, 'AccessDeniedException');
    await refused(who.bob, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') }, 'AccessDeniedException');
    const keys = await createKey({ Policy: bobMay(['kms:Encrypt'], { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app', 'env'] }, Null: { 'kms:EncryptionContextKeys': 'false' } }) });
    await ok(who.bob, 'Encrypt', { KeyId: keys.KeyId, Plaintext: b64('x'), EncryptionContext: { app: 'a' } });
    await refused(who.bob, 'Encrypt', { KeyId: keys.KeyId, Plaintext: b64('x'), EncryptionContext: { user: 'u' } }, 'AccessDeniedException');
    await refused(who.bob, 'Encrypt', { KeyId: keys.KeyId, Plaintext: b64('x') }, 'AccessDeniedException');
  });

  test('kms:ReEncryptOnSameKey: re-encrypting under the same key can be denied, under another key not', async () => {
    const sameKeyDenied = {
      Sid: 'NotOnTheSameKey',
      Effect: 'Deny',
      Principal: { AWS: arn.bob },
      Action: 'kms:ReEncrypt*',
      Resource: '*',
      Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'true' } },
    };
    const bobReEncrypts = { Sid: 'Bob', Effect: 'Allow', Principal: { AWS: arn.bob }, Action: ['kms:Encrypt', 'kms:ReEncrypt*'], Resource: '*' };
    const first = await createKey({ Policy: policy(allowRoot, bobReEncrypts, sameKeyDenied) });
    const second = await createKey({ Policy: policy(allowRoot, bobReEncrypts, sameKeyDenied) });
    const { CiphertextBlob } = await ok(who.bob, 'Encrypt', { KeyId: first.KeyId, Plaintext: b64('x') });
    await refused(who.bob, 'ReEncrypt', { CiphertextBlob, DestinationKeyId: first.KeyId }, 'AccessDeniedException');
    await ok(who.bob, 'ReEncrypt', { CiphertextBlob, DestinationKeyId: second.KeyId });
  });

  test('kms:RequestAlias: allowed through the alias only', async () => {
    const key = await createKey({ Policy: bobMay(['kms:DescribeKey'], { StringEquals: { 'kms:RequestAlias': 'alias/bob-door' } }) });
    await ok(who.admin, 'CreateAlias', { AliasName: 'alias/bob-door', TargetKeyId: key.KeyId });
    await ok(who.bob, 'DescribeKey', { KeyId: 'alias/bob-door' });
    await ok(who.bob, 'DescribeKey', { KeyId: `arn:aws:kms:${TEST_REGION}:${ACCOUNT_A}:alias/bob-door` });
    await refused(who.bob, 'DescribeKey', { KeyId: key.KeyId }, 'AccessDeniedException');
  });

  test('kms:ResourceAliases and aws:ResourceTag in identity policies (ABAC)', async () => {
    await putIdentityPolicy(
      t.server.store,
      arn.bob,
      'Abac',
      policy(
        { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/finance' } } },
        { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
      ),
    );
    try {
      const finance = await createKey({ Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
      const other = await createKey({ Tags: [{ TagKey: 'team', TagValue: 'red' }] });
      await ok(who.admin, 'CreateAlias', { AliasName: 'alias/finance', TargetKeyId: finance.KeyId });
      await ok(who.bob, 'Encrypt', { KeyId: finance.KeyId, Plaintext: b64('x') });
      await refused(who.bob, 'Encrypt', { KeyId: other.KeyId, Plaintext: b64('x') }, 'AccessDeniedException');
      await ok(who.bob, 'DescribeKey', { KeyId: finance.KeyId });
      await refused(who.bob, 'DescribeKey', { KeyId: other.KeyId }, 'AccessDeniedException');
    } finally {
      await t.server.store.write((tx) => tx.deleteIdentityPolicy(arn.bob, 'Abac'));
    }
  });

  test('CreateKey: kms:KeySpec, kms:KeyOrigin, aws:RequestTag and aws:TagKeys from the request', async () => {
    await putIdentityPolicy(
      t.server.store,
      arn.bob,
      'CreateSymmetricBlue',
      policy(
        { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyOrigin': 'AWS_KMS' } } },
        { Effect: 'Allow', Action: 'kms:TagResource', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } },
      ),
    );
    try {
      await ok(who.bob, 'CreateKey', {});
      await ok(who.bob, 'CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
      await refused(who.bob, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:CreateKey', '*'));
      await refused(who.bob, 'CreateKey', { Origin: 'EXTERNAL' }, 'AccessDeniedException');
      await refused(who.bob, 'CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'red' }] }, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:TagResource', '*'));
      await refused(who.bob, 'CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'blue' }, { TagKey: 'cost', TagValue: '1' }] }, 'AccessDeniedException');
    } finally {
      await t.server.store.write((tx) => tx.deleteIdentityPolicy(arn.bob, 'CreateSymmetricBlue'));
    }
  });

  test('kms:CallerAccount, kms:KeyUsage and kms:KeySpec of the key', async () => {
    const key = await createKey({
      Policy: policy(allowRoot, {
        Sid: 'AnyoneOfAccountA',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:DescribeKey',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT_A, 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } },
      }),
    });
    await ok(who.bob, 'DescribeKey', { KeyId: key.KeyId });
    await refused(who.carol, 'DescribeKey', { KeyId: key.Arn }, 'AccessDeniedException');
  });

  test('kms:ScheduleKeyDeletionPendingWindowInDays and kms:RotationPeriodInDays', async () => {
    const windows = await createKey({
      Policy: policy(allowRoot, {
        Sid: 'Bob',
        Effect: 'Allow',
        Principal: { AWS: arn.bob },
        Action: 'kms:ScheduleKeyDeletion',
        Resource: '*',
        Condition: { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '20' } },
      }),
    });
    await refused(who.bob, 'ScheduleKeyDeletion', { KeyId: windows.KeyId, PendingWindowInDays: 7 }, 'AccessDeniedException');
    await ok(who.bob, 'ScheduleKeyDeletion', { KeyId: windows.KeyId, PendingWindowInDays: 30 });
    const rotation = await createKey({
      Policy: policy(allowRoot, {
        Sid: 'Bob',
        Effect: 'Allow',
        Principal: { AWS: arn.bob },
        Action: 'kms:EnableKeyRotation',
        Resource: '*',
        Condition: { NumericLessThanEquals: { 'kms:RotationPeriodInDays': '180' } },
      }),
    });
    await refused(who.bob, 'EnableKeyRotation', { KeyId: rotation.KeyId, RotationPeriodInDays: 365 }, 'AccessDeniedException');
    await ok(who.bob, 'EnableKeyRotation', { KeyId: rotation.KeyId, RotationPeriodInDays: 90 });
  });

  test('kms:WrappingAlgorithm and kms:WrappingKeySpec on GetParametersForImport', async () => {
    const key = await createKey({
      Origin: 'EXTERNAL',
      Policy: policy(allowRoot, {
        Sid: 'Bob',
        Effect: 'Allow',
        Principal: { AWS: arn.bob },
        Action: 'kms:GetParametersForImport',
        Resource: '*',
        Condition: { StringEquals: { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_256', 'kms:WrappingKeySpec': 'RSA_2048' } },
      }),
    });
    await ok(who.bob, 'GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    await refused(who.bob, 'GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' }, 'AccessDeniedException');
    await refused(who.bob, 'GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }, 'AccessDeniedException');
  });
});
