// Key policies and identity policies as AWS evaluates them (docs/kms-behaviour.md 2.6, 7): validation with
// MalformedPolicyDocumentException, the lockout safety check, explicit deny, delegation to IAM, cross-account use,
// AccessDeniedException texts, and denied calls that change nothing and are audited as denied.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { putIdentityPolicy } from '../../src/provision/principal-admin.js';
import { serveForSuite, TEST_REGION, type TestServer } from '../support/test-server.js';
import {
  ACCOUNT_A, ACCOUNT_B, allowRoot, arn, b64, denyMessage, kmsCaller, noIdentityPolicy, noResourcePolicy, policy, who,
  writePrincipalsFile, type Credentials,
} from '../support/authorization-fixture.js';

let t: TestServer;
serveForSuite({ principalsFile: writePrincipalsFile() }, (server) => (t = server));

const { call, ok, refused, createKey } = kmsCaller(() => t.server.url);

describe('key policy validation on CreateKey and PutKeyPolicy', () => {
  const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
  const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';
  const cases: [string, string, string, string | undefined][] = [
    ['not JSON', '{"Statement": ', 'MalformedPolicyDocumentException', 'Syntax errors in policy.'],
    ['an unknown element', policy({ ...allowRoot, Foo: 1 }), 'MalformedPolicyDocumentException', 'Policy contains an unknown element: Foo.'],
    ['a statement without a principal', policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }), 'MalformedPolicyDocumentException', 'Policy contains a statement with no principal.'],
    ['an account that does not exist', policy(allowRoot, { ...allowRoot, Principal: { AWS: '999988887777' } }), 'MalformedPolicyDocumentException', INVALID_PRINCIPALS],
    ['a user that does not exist', policy(allowRoot, { ...allowRoot, Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/mallory` } }), 'MalformedPolicyDocumentException', INVALID_PRINCIPALS],
    ['a role that does not exist', policy(allowRoot, { ...allowRoot, Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:role/Nope` } }), 'MalformedPolicyDocumentException', INVALID_PRINCIPALS],
    ['a wildcard in a principal ARN', policy(allowRoot, { ...allowRoot, Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/*` } }), 'MalformedPolicyDocumentException', INVALID_PRINCIPALS],
    ['more than 32 KB', policy({ ...allowRoot, Sid: 'x'.repeat(33_000) }), 'LimitExceededException', undefined],
    ['a policy that would lock the caller out', policy({ ...allowRoot, Principal: { AWS: arn.bob } }), 'MalformedPolicyDocumentException', LOCKOUT],
  ];

  for (const [what, text, type, message] of cases) {
    test(`PutKeyPolicy with ${what} → ${type}, and the policy is unchanged`, async () => {
      const key = await createKey();
      const before = (await ok(who.admin, 'GetKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default' })).Policy;
      await refused(who.admin, 'PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: text }, type, message);
      assert.equal((await ok(who.admin, 'GetKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default' })).Policy, before);
    });

    test(`CreateKey with ${what} → ${type}, and no key is created`, async () => {
      const count = (await ok(who.admin, 'ListKeys', { Limit: 1000 })).Keys.length;
      await refused(who.admin, 'CreateKey', { Policy: text }, type, message);
      assert.equal((await ok(who.admin, 'ListKeys', { Limit: 1000 })).Keys.length, count);
    });
  }

  test('principals that exist (other account, its users, roles, sessions) are accepted and returned as submitted', async () => {
    const text = policy(allowRoot, {
      Sid: 'Others',
      Effect: 'Allow',
      Principal: { AWS: [ACCOUNT_B, arn.carol, arn.keyUserRole, `arn:aws:sts::${ACCOUNT_A}:assumed-role/KeyUserRole/any-session`] },
      Action: ['kms:Encrypt', 'kms:Decrypt'],
      Resource: '*',
    });
    const key = await createKey({ Policy: text });
    assert.equal((await ok(who.admin, 'GetKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default' })).Policy, text);
  });

  test('BypassPolicyLockoutSafetyCheck lets the lockout through, and then even the administrator is locked out', async () => {
    const key = await createKey();
    const bobOnly = policy({ ...allowRoot, Principal: { AWS: arn.bob } });
    await ok(who.admin, 'PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: bobOnly, BypassPolicyLockoutSafetyCheck: true });
    await refused(who.admin, 'DescribeKey', { KeyId: key.KeyId }, 'AccessDeniedException', noResourcePolicy(arn.admin, 'kms:DescribeKey', key.Arn));
    // bob is named directly: he needs no identity policy in the key's account.
    assert.equal((await ok(who.bob, 'DescribeKey', { KeyId: key.KeyId })).KeyMetadata.Arn, key.Arn);
  });

  test('the lockout check counts the caller identity policies when the policy delegates to the account', async () => {
    const key = await createKey();
    // The default policy delegates to IAM: alice (kms:*) may replace it; bob (no IAM policy) may not even call it.
    const delegating = policy(allowRoot, { Sid: 'Readers', Effect: 'Allow', Principal: { AWS: arn.bob }, Action: 'kms:DescribeKey', Resource: '*' });
    await ok(who.alice, 'PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: delegating });
    await refused(who.bob, 'PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: delegating }, 'AccessDeniedException');
  });

  test('kms:BypassPolicyLockoutSafetyCheck in a key policy can forbid using the bypass', async () => {
    const guarded = policy(allowRoot, {
      Sid: 'NoBypass',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } },
    });
    const key = await createKey({ Policy: guarded });
    await refused(
      who.admin,
      'PutKeyPolicy',
      { KeyId: key.KeyId, PolicyName: 'default', Policy: policy(allowRoot), BypassPolicyLockoutSafetyCheck: true },
      'AccessDeniedException',
      denyMessage(arn.admin, 'kms:PutKeyPolicy', key.Arn, 'with an explicit deny in a resource-based policy'),
    );
    await ok(who.admin, 'PutKeyPolicy', { KeyId: key.KeyId, PolicyName: 'default', Policy: policy(allowRoot) });
  });
});

describe('evaluation: key policy, identity policies, explicit deny, cross-account', () => {
  test('the default key policy delegates to IAM: kms:* users may, users without an identity policy may not', async () => {
    const key = await createKey();
    await ok(who.alice, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') });
    await ok(who.rootA, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') });
    await refused(who.bob, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') }, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:Encrypt', key.Arn));
  });

  test('an explicit deny in an identity policy wins over its allow', async () => {
    const key = await createKey();
    await ok(who.dave, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') });
    await refused(
      who.dave,
      'ScheduleKeyDeletion',
      { KeyId: key.KeyId, PendingWindowInDays: 7 },
      'AccessDeniedException',
      denyMessage(arn.dave, 'kms:ScheduleKeyDeletion', key.Arn, 'with an explicit deny in an identity-based policy'),
    );
    assert.equal((await ok(who.admin, 'DescribeKey', { KeyId: key.KeyId })).KeyMetadata.KeyState, 'Enabled');
  });

  test('an explicit deny in the key policy wins over every allow', async () => {
    const key = await createKey({
      Policy: policy(allowRoot, { Sid: 'NoDecryptForAlice', Effect: 'Deny', Principal: { AWS: arn.alice }, Action: 'kms:Decrypt', Resource: '*' }),
    });
    const { CiphertextBlob } = await ok(who.alice, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x') });
    await refused(
      who.alice,
      'Decrypt',
      { KeyId: key.KeyId, CiphertextBlob },
      'AccessDeniedException',
      denyMessage(arn.alice, 'kms:Decrypt', key.Arn, 'with an explicit deny in a resource-based policy'),
    );
    await ok(who.admin, 'Decrypt', { CiphertextBlob });
  });

  test('cross-account use needs both the key policy and the caller identity policy', async () => {
    const plain = await createKey();
    await refused(who.carol, 'Encrypt', { KeyId: plain.Arn, Plaintext: b64('x') }, 'AccessDeniedException', noResourcePolicy(arn.carol, 'kms:Encrypt', plain.Arn));
    const shared = await createKey({
      Policy: policy(allowRoot, { Sid: 'AccountB', Effect: 'Allow', Principal: { AWS: arn.rootB }, Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: '*' }),
    });
    await ok(who.carol, 'Encrypt', { KeyId: shared.Arn, Plaintext: b64('x') });
    await ok(who.rootB, 'DescribeKey', { KeyId: shared.Arn });
    // The key's own account is not where carol's key id would resolve: cross-account use needs the key ARN.
    await refused(who.carol, 'DescribeKey', { KeyId: shared.KeyId }, 'NotFoundException');
    await putIdentityPolicy(t.server.store, arn.carol, 'KmsAndRoles', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }));
    try {
      await refused(who.carol, 'Encrypt', { KeyId: shared.Arn, Plaintext: b64('x') }, 'AccessDeniedException', noIdentityPolicy(arn.carol, 'kms:Encrypt', shared.Arn));
    } finally {
      await putIdentityPolicy(t.server.store, arn.carol, 'KmsAndRoles', policy({ Effect: 'Allow', Action: ['kms:*', 'sts:AssumeRole'], Resource: '*' }));
    }
  });

  test('only the cross-account operations work on another account key, whatever its key policy allows', async () => {
    const key = await createKey({ Policy: policy(allowRoot, { Sid: 'AccountB', Effect: 'Allow', Principal: { AWS: ACCOUNT_B }, Action: 'kms:*', Resource: '*' }) });
    await ok(who.carol, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') });
    await ok(who.carol, 'GetKeyRotationStatus', { KeyId: key.Arn });
    for (const [operation, input] of [
      ['DisableKey', { KeyId: key.Arn }],
      ['ScheduleKeyDeletion', { KeyId: key.Arn, PendingWindowInDays: 7 }],
      ['PutKeyPolicy', { KeyId: key.Arn, PolicyName: 'default', Policy: policy({ ...allowRoot, Principal: { AWS: arn.rootB } }), BypassPolicyLockoutSafetyCheck: true }],
      ['TagResource', { KeyId: key.Arn, Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
    ] as const) {
      await refused(who.carol, operation, input, 'AccessDeniedException', noResourcePolicy(arn.carol, `kms:${operation}`, key.Arn));
    }
    await refused(who.carol, 'ListAliases', { KeyId: key.Arn }, 'NotFoundException');
    const { KeyMetadata } = await ok(who.admin, 'DescribeKey', { KeyId: key.KeyId });
    assert.equal(KeyMetadata.KeyState, 'Enabled');
    assert.deepEqual((await ok(who.admin, 'ListResourceTags', { KeyId: key.KeyId })).Tags, []);
  });

  test('operations without a key are authorized by identity policies alone', async () => {
    await refused(who.bob, 'ListKeys', {}, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:ListKeys', '*'));
    await refused(who.bob, 'CreateKey', {}, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:CreateKey', '*'));
    await refused(who.dave, 'GenerateRandom', { NumberOfBytes: 8 }, 'AccessDeniedException', noIdentityPolicy(arn.dave, 'kms:GenerateRandom', '*'));
    await ok(who.alice, 'GenerateRandom', { NumberOfBytes: 8 });
    await ok(who.rootA, 'ListKeys', {});
  });

  test('CreateAlias is authorized on the alias (identity policy) and on the key (key policy)', async () => {
    const key = await createKey();
    const aliasArn = `arn:aws:kms:${TEST_REGION}:${ACCOUNT_A}:alias/bobs`;
    await refused(who.bob, 'CreateAlias', { AliasName: 'alias/bobs', TargetKeyId: key.KeyId }, 'AccessDeniedException', noIdentityPolicy(arn.bob, 'kms:CreateAlias', aliasArn));
    const bobOnly = await createKey({ Policy: policy(allowRoot, { Effect: 'Deny', Principal: { AWS: arn.alice }, Action: 'kms:CreateAlias', Resource: '*' }) });
    await refused(who.alice, 'CreateAlias', { AliasName: 'alias/alices', TargetKeyId: bobOnly.KeyId }, 'AccessDeniedException', /explicit deny in a resource-based policy$/);
    const aliases = (await ok(who.admin, 'ListAliases', {})).Aliases as { AliasName: string }[];
    assert.ok(!aliases.some((a) => a.AliasName === 'alias/bobs' || a.AliasName === 'alias/alices'));
  });

  test('a denied call is audited as denied, with AWS message', async () => {
    const key = await createKey();
    const response = await call(who.bob, 'DescribeKey', { KeyId: key.Arn });
    assert.equal(response.json.__type, 'AccessDeniedException');
    const events = await t.server.store.queryAuditEvents({
      accountId: ACCOUNT_A,
      region: TEST_REGION,
      limit: 50,
      attribute: { name: 'eventName', value: 'DescribeKey' },
    });
    const records = events.map((e) => JSON.parse(e.record) as Record<string, any>);
    const denied = records.find((r) => r.userIdentity?.arn === arn.bob && r.errorCode === 'AccessDeniedException');
    assert.ok(denied, 'the denied DescribeKey is in the audit trail');
    assert.equal(denied.errorMessage, noIdentityPolicy(arn.bob, 'kms:DescribeKey', key.Arn));
    assert.equal(denied.responseElements, null);
  });
});
