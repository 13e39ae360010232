// The IAM API on the KMS endpoint, driven by @aws-sdk/client-iam, raw query-protocol requests and the aws CLI: users
// with access keys and managed or inline policies that take effect for KMS at once, roles whose trust policies STS
// AssumeRole honours, IAM's errors in IAM's XML, the trail, and attackers (no iam:* permission, another account,
// malformed and oversize input).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListRolesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { awsError, serveForSuite, TEST_REGION, type TestServer } from '../support/test-server.js';
import { ACCOUNT_A, ACCOUNT_B, arn, signedPost, who, writePrincipalsFile, xmlValue, type Credentials } from '../support/authorization-fixture.js';

const run = promisify(execFile);

let t: TestServer;
serveForSuite({ principalsFile: writePrincipalsFile() }, (server) => (t = server));

const clients: { destroy(): void }[] = [];
function iamAs(credentials: Credentials, region = TEST_REGION): IAMClient {
  const client = new IAMClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
}
function kmsAs(credentials: Credentials): KMSClient {
  const client = t.clientFor(credentials);
  clients.push(client);
  return client;
}

const allow = (action: string | string[], resource: string | string[] = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const trusting = (principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
const plaintext = new Uint8Array([1, 2, 3]);

/** A raw IAM query call signed for `iam`, for what the SDK would not send. */
function iamCall(credentials: Credentials, params: Record<string, string>) {
  const body = new URLSearchParams({ Version: '2010-05-08', ...params }).toString();
  return signedPost(t.server.url, credentials, 'iam', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body);
}

async function iamRefused(credentials: Credentials, params: Record<string, string>, status: number, code: string, message?: string | RegExp) {
  const response = await iamCall(credentials, params);
  assert.equal(response.status, status, response.text);
  assert.match(response.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  assert.equal(xmlValue(response.text, 'Type'), status >= 500 ? 'Receiver' : 'Sender');
  assert.equal(xmlValue(response.text, 'Code'), code);
  assert.match(xmlValue(response.text, 'RequestId') ?? '', /^[0-9a-f-]{36}$/);
  if (typeof message === 'string') assert.equal(xmlValue(response.text, 'Message'), message);
  else if (message) assert.match(xmlValue(response.text, 'Message') ?? '', message);
}

describe('users, access keys and policies through @aws-sdk/client-iam', () => {
  test('an attached managed policy allows kms:Encrypt on one key only, at once; detaching it denies again', async () => {
    const admin = iamAs(who.admin);
    const kms = t.kms;
    const allowedKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const otherKey = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;

    const created = await admin.send(new CreateUserCommand({ UserName: 'app', Path: '/services/', Tags: [{ Key: 'team', Value: 'payments' }] }));
    assert.equal(created.User!.Arn, `arn:aws:iam::${ACCOUNT_A}:user/services/app`);
    assert.match(created.User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(created.User!.CreateDate instanceof Date);
    const policy = await admin.send(new CreatePolicyCommand({ PolicyName: 'EncryptOneKey', PolicyDocument: allow('kms:Encrypt', allowedKey), Description: 'one key' }));
    assert.equal(policy.Policy!.Arn, `arn:aws:iam::${ACCOUNT_A}:policy/EncryptOneKey`);
    assert.equal(policy.Policy!.DefaultVersionId, 'v1');
    await admin.send(new AttachUserPolicyCommand({ UserName: 'app', PolicyArn: policy.Policy!.Arn }));

    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'app' }))).AccessKey!;
    assert.match(key.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.SecretAccessKey!.length, 40);
    assert.equal(key.Status, 'Active');
    const app = kmsAs({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });

    assert.ok((await app.send(new EncryptCommand({ KeyId: allowedKey, Plaintext: plaintext }))).CiphertextBlob);
    const denied = await awsError(app.send(new EncryptCommand({ KeyId: otherKey, Plaintext: plaintext })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /user\/services\/app is not authorized to perform: kms:Encrypt/);

    const attached = await admin.send(new ListAttachedUserPoliciesCommand({ UserName: 'app' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'EncryptOneKey', PolicyArn: policy.Policy!.Arn }]);
    assert.equal((await admin.send(new GetPolicyCommand({ PolicyArn: policy.Policy!.Arn }))).Policy!.AttachmentCount, 1);
    const version = await admin.send(new GetPolicyVersionCommand({ PolicyArn: policy.Policy!.Arn, VersionId: 'v1' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)), JSON.parse(allow('kms:Encrypt', allowedKey)));

    const inUse = await awsError(admin.send(new DeletePolicyCommand({ PolicyArn: policy.Policy!.Arn })));
    assert.deepEqual([inUse.name, inUse.status], ['DeleteConflictException', 409]);
    await admin.send(new DetachUserPolicyCommand({ UserName: 'app', PolicyArn: policy.Policy!.Arn }));
    assert.equal((await awsError(app.send(new EncryptCommand({ KeyId: allowedKey, Plaintext: plaintext })))).name, 'AccessDeniedException');

    // An inline policy works the same way, and goes the same way.
    await admin.send(new PutUserPolicyCommand({ UserName: 'app', PolicyName: 'Inline', PolicyDocument: allow('kms:Encrypt', otherKey) }));
    assert.ok((await app.send(new EncryptCommand({ KeyId: otherKey, Plaintext: plaintext }))).CiphertextBlob);
    const inline = await admin.send(new GetUserPolicyCommand({ UserName: 'app', PolicyName: 'Inline' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(inline.PolicyDocument!)), JSON.parse(allow('kms:Encrypt', otherKey)));
    assert.deepEqual((await admin.send(new ListUserPoliciesCommand({ UserName: 'app' }))).PolicyNames, ['Inline']);

    const conflict = await awsError(admin.send(new DeleteUserCommand({ UserName: 'app' })));
    assert.deepEqual([conflict.name, conflict.message], ['DeleteConflictException', 'Cannot delete entity, must delete access keys first.']);

    // An inactive key is refused by the very next request: the access-key lookup is cached only until an IAM change.
    await admin.send(new UpdateAccessKeyCommand({ UserName: 'app', AccessKeyId: key.AccessKeyId!, Status: 'Inactive' }));
    const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'app' }));
    assert.deepEqual(listed.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.Status, k.UserName]), [[key.AccessKeyId, 'Inactive', 'app']]);
    assert.equal((await awsError(app.send(new EncryptCommand({ KeyId: otherKey, Plaintext: plaintext })))).name, 'UnrecognizedClientException');
    // Active again it works (its cached signing key is still right), and once deleted it is refused at once.
    await admin.send(new UpdateAccessKeyCommand({ UserName: 'app', AccessKeyId: key.AccessKeyId!, Status: 'Active' }));
    assert.ok((await app.send(new EncryptCommand({ KeyId: otherKey, Plaintext: plaintext }))).CiphertextBlob);

    await admin.send(new DeleteAccessKeyCommand({ UserName: 'app', AccessKeyId: key.AccessKeyId! }));
    assert.equal((await awsError(app.send(new EncryptCommand({ KeyId: otherKey, Plaintext: plaintext })))).name, 'UnrecognizedClientException');
    const policies = await awsError(admin.send(new DeleteUserCommand({ UserName: 'app' })));
    assert.equal(policies.message, 'Cannot delete entity, must delete policies first.');
    await admin.send(new DeleteUserPolicyCommand({ UserName: 'app', PolicyName: 'Inline' }));
    await admin.send(new DeleteUserCommand({ UserName: 'app' }));
    await admin.send(new DeletePolicyCommand({ PolicyArn: policy.Policy!.Arn }));
    const gone = await awsError(admin.send(new GetUserCommand({ UserName: 'app' })));
    assert.deepEqual([gone.name, gone.message, gone.status], ['NoSuchEntityException', 'The user with name app cannot be found.', 404]);
  });

  test('names are unique in an account whatever their case; listings page with Marker and MaxItems', async () => {
    const admin = iamAs(who.admin);
    for (const name of ['page-1', 'page-2', 'page-3']) await admin.send(new CreateUserCommand({ UserName: name, Path: '/paging/' }));
    const duplicate = await awsError(admin.send(new CreateUserCommand({ UserName: 'PAGE-1' })));
    assert.deepEqual([duplicate.name, duplicate.message, duplicate.status], ['EntityAlreadyExistsException', 'User with name PAGE-1 already exists.', 409]);
    const first = await admin.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    assert.deepEqual(first.Users!.map((u) => u.UserName), ['page-1', 'page-2']);
    assert.equal(first.IsTruncated, true);
    const second = await admin.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.Users!.map((u) => u.UserName), ['page-3']);
    assert.equal(second.IsTruncated, false);
    await admin.send(new TagUserCommand({ UserName: 'page-1', Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.deepEqual((await admin.send(new GetUserCommand({ UserName: 'page-1' }))).User!.Tags, [{ Key: 'k', Value: 'v' }]);
    for (const name of ['page-1', 'page-2', 'page-3']) await admin.send(new DeleteUserCommand({ UserName: name }));
  });

  test('GetAccountAuthorizationDetails: users and roles with their policies, filtered and paged', async () => {
    const admin = iamAs(who.admin);
    const all = await admin.send(new GetAccountAuthorizationDetailsCommand({}));
    const alice = all.UserDetailList!.find((u) => u.Arn === arn.alice)!;
    assert.deepEqual(alice.UserPolicyList!.map((p) => p.PolicyName), ['KmsAndRoles']);
    assert.deepEqual(JSON.parse(decodeURIComponent(alice.UserPolicyList![0]!.PolicyDocument!)).Statement[0].Action, ['kms:*', 'sts:AssumeRole']);
    const role = all.RoleDetailList!.find((r) => r.Arn === arn.keyUserRole)!;
    assert.equal(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Principal.AWS, arn.alice);
    assert.ok(!all.UserDetailList!.some((u) => u.Arn === arn.carol), "another account's users are not listed");
    const roles = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    assert.deepEqual([roles.UserDetailList, roles.Policies], [[], []]);
    assert.ok(roles.RoleDetailList!.length >= 3);
    const page = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1 }));
    assert.equal(page.RoleDetailList!.length, 1);
    assert.equal(page.IsTruncated, true);
    const next = await admin.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'], MaxItems: 1, Marker: page.Marker }));
    assert.notEqual(next.RoleDetailList![0]!.Arn, page.RoleDetailList![0]!.Arn);
    await iamRefused(who.alice, { Action: 'GetAccountAuthorizationDetails' }, 403, 'AccessDenied');
    await iamRefused(who.admin, { Action: 'GetAccountAuthorizationDetails', 'Filter.member.1': 'Everything' }, 400, 'ValidationError', /Member must satisfy enum value set/);
  });

  test('GetUser without a name describes the caller; the bootstrap administrator is a user like any other', async () => {
    const self = await iamAs(who.admin).send(new GetUserCommand({}));
    assert.equal(self.User!.Arn, arn.admin);
  });
});

describe('roles and STS AssumeRole', () => {
  test('a role created through IAM is assumed by the principal its trust policy names, and no longer once it is changed', async () => {
    const admin = iamAs(who.admin);
    const created = await admin.send(new CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trusting(arn.alice), Description: 'deploys', MaxSessionDuration: 7200 }));
    assert.equal(created.Role!.Arn, `arn:aws:iam::${ACCOUNT_A}:role/Deployer`);
    assert.match(created.Role!.RoleId!, /^AROA/);
    await admin.send(new PutRolePolicyCommand({ RoleName: 'Deployer', PolicyName: 'Describe', PolicyDocument: allow('kms:DescribeKey') }));
    await admin.send(new TagRoleCommand({ RoleName: 'Deployer', Tags: [{ Key: 'env', Value: 'ci' }] }));
    const role = (await admin.send(new GetRoleCommand({ RoleName: 'Deployer' }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), JSON.parse(trusting(arn.alice)));
    assert.deepEqual([role.Description, role.MaxSessionDuration, role.Tags], ['deploys', 7200, [{ Key: 'env', Value: 'ci' }]]);
    assert.ok((await admin.send(new ListRolesCommand({}))).Roles!.some((r) => r.RoleName === 'Deployer'));

    const stsClient = new STSClient({ endpoint: t.server.url, region: TEST_REGION, credentials: who.alice, maxAttempts: 1 });
    clients.push(stsClient);
    const assumed = await stsClient.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'deploy' }));
    const session = kmsAs({
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    });
    const keyArn = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    assert.equal((await session.send(new DescribeKeyCommand({ KeyId: keyArn }))).KeyMetadata!.Arn, keyArn);
    assert.equal((await awsError(session.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext })))).name, 'AccessDeniedException');

    // A managed policy attached to the role counts for its sessions at once.
    await admin.send(new AttachRolePolicyCommand({ RoleName: 'Deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    assert.ok((await session.send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }))).CiphertextBlob);
    await admin.send(new DetachRolePolicyCommand({ RoleName: 'Deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));

    await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Deployer', PolicyDocument: trusting(arn.bob) }));
    assert.equal((await awsError(stsClient.send(new AssumeRoleCommand({ RoleArn: role.Arn, RoleSessionName: 'again' })))).name, 'AccessDenied');

    // What Terraform asks before it deletes a role: openkms has no instance profiles.
    const profiles = await iamCall(who.admin, { Action: 'ListInstanceProfilesForRole', RoleName: 'Deployer' });
    assert.match(profiles.text, /<InstanceProfiles\/>\n\s*<IsTruncated>false<\/IsTruncated>/);
    const conflict = await awsError(admin.send(new DeleteRoleCommand({ RoleName: 'Deployer' })));
    assert.deepEqual([conflict.name, conflict.message], ['DeleteConflictException', 'Cannot delete entity, must delete policies first.']);
    await admin.send(new DeleteRolePolicyCommand({ RoleName: 'Deployer', PolicyName: 'Describe' }));
    await admin.send(new DeleteRoleCommand({ RoleName: 'Deployer' }));
    // The role's sessions went with it, from the very next request.
    assert.equal((await awsError(session.send(new DescribeKeyCommand({ KeyId: keyArn })))).name, 'UnrecognizedClientException');
  });

  test('a trust policy that is not valid policy grammar is MalformedPolicyDocument, and nothing is created', async () => {
    const admin = iamAs(who.admin);
    const noPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] });
    for (const document of ['{not json', noPrincipal]) {
      const error = await awsError(admin.send(new CreateRoleCommand({ RoleName: 'Broken', AssumeRolePolicyDocument: document })));
      assert.deepEqual([error.name, error.status], ['MalformedPolicyDocumentException', 400]);
    }
    assert.equal((await awsError(admin.send(new GetRoleCommand({ RoleName: 'Broken' })))).name, 'NoSuchEntityException');
    // A principal openkms does not know is refused, as IAM refuses it (--dev accepts it: dev-mode.test.ts).
    const unknown = await awsError(admin.send(new CreateRoleCommand({ RoleName: 'Broken', AssumeRolePolicyDocument: trusting('arn:aws:iam::999988887777:role/Nobody') })));
    assert.deepEqual([unknown.name, unknown.message], ['MalformedPolicyDocumentException', 'Invalid principal in policy: "AWS":"arn:aws:iam::999988887777:role/Nobody"']);
  });
});

describe('attackers', () => {
  test('a user without iam:* permissions cannot create users or keys, nor give itself more rights', async () => {
    for (const [params, action] of [
      [{ Action: 'CreateUser', UserName: 'mallory' }, 'iam:CreateUser'],
      [{ Action: 'CreateAccessKey', UserName: 'alice' }, 'iam:CreateAccessKey'],
      [{ Action: 'CreateAccessKey' }, 'iam:CreateAccessKey'],
      [{ Action: 'AttachUserPolicy', UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, 'iam:AttachUserPolicy'],
      [{ Action: 'PutUserPolicy', UserName: 'alice', PolicyName: 'Me', PolicyDocument: allow('*') }, 'iam:PutUserPolicy'],
      [{ Action: 'UpdateAssumeRolePolicy', RoleName: 'OtherRole', PolicyDocument: trusting(arn.alice) }, 'iam:UpdateAssumeRolePolicy'],
      [{ Action: 'CreatePolicy', PolicyName: 'Everything', PolicyDocument: allow('*') }, 'iam:CreatePolicy'],
    ] as const) {
      await iamRefused(who.alice, params, 403, 'AccessDenied', new RegExp(`^User: ${arn.alice} is not authorized to perform: ${action}`));
    }
    await iamRefused(who.bob, { Action: 'ListUsers' }, 403, 'AccessDenied', `User: ${arn.bob} is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`);
    // Nothing changed: alice still cannot do what AdministratorAccess would allow.
    assert.deepEqual((await iamAs(who.admin).send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }))).AttachedPolicies, []);
    assert.equal((await awsError(iamAs(who.admin).send(new GetUserCommand({ UserName: 'mallory' })))).name, 'NoSuchEntityException');
  });

  test("another account's users, roles and policies are invisible", async () => {
    const rootB = iamAs(who.rootB);
    const users = (await rootB.send(new ListUsersCommand({}))).Users!.map((u) => u.Arn);
    assert.deepEqual(users, [arn.carol]);
    assert.equal((await awsError(rootB.send(new GetUserCommand({ UserName: 'alice' })))).name, 'NoSuchEntityException');
    assert.equal((await awsError(rootB.send(new GetRoleCommand({ RoleName: 'OtherRole' })))).name, 'NoSuchEntityException');
    const policyArn = (await iamAs(who.admin).send(new CreatePolicyCommand({ PolicyName: 'PrivateToA', PolicyDocument: allow('kms:DescribeKey') }))).Policy!.Arn!;
    for (const command of [new GetPolicyCommand({ PolicyArn: policyArn }), new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: policyArn })]) {
      const error = await awsError(rootB.send(command as GetPolicyCommand));
      assert.ok(['AccessDenied', 'NoSuchEntityException'].includes(error.name), error.name);
    }
    assert.deepEqual((await rootB.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol' }))).AttachedPolicies, []);
    // Account B's root creating a user makes it in account B, whatever the name.
    const made = await rootB.send(new CreateUserCommand({ UserName: 'alice' }));
    assert.equal(made.User!.Arn, `arn:aws:iam::${ACCOUNT_B}:user/alice`);
    await rootB.send(new DeleteUserCommand({ UserName: 'alice' }));
    await iamAs(who.admin).send(new DeletePolicyCommand({ PolicyArn: policyArn }));
  });

  test('malformed policy documents, oversize and out-of-model input get IAM errors and change nothing', async () => {
    await iamRefused(who.admin, { Action: 'CreatePolicy', PolicyName: 'Bad', PolicyDocument: '{"Version":' }, 400, 'MalformedPolicyDocument');
    const withPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] });
    await iamRefused(who.admin, { Action: 'PutUserPolicy', UserName: 'bob', PolicyName: 'P', PolicyDocument: withPrincipal }, 400, 'MalformedPolicyDocument');
    const longName = 'u'.repeat(65);
    await iamRefused(who.admin, { Action: 'CreateUser', UserName: longName }, 400, 'ValidationError',
      `1 validation error detected: Value '${longName}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    await iamRefused(who.admin, { Action: 'CreateUser', UserName: 'a/b' }, 400, 'ValidationError', /Member must satisfy regular expression pattern: \[\\w\+=,\.@-\]\+/);
    await iamRefused(who.admin, { Action: 'CreateUser' }, 400, 'ValidationError', "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
    await iamRefused(who.admin, { Action: 'CreatePolicy', PolicyName: 'Huge', PolicyDocument: 'x'.repeat(131_073) }, 400, 'ValidationError', /Member must have length less than or equal to 131072/);
    const big = allow(Array.from({ length: 150 }, (_, i) => `kms:Action${i}`));
    await iamRefused(who.admin, { Action: 'PutUserPolicy', UserName: 'bob', PolicyName: 'Big', PolicyDocument: big }, 409, 'LimitExceeded', 'Maximum policy size of 2048 bytes exceeded for user bob');
    await iamRefused(who.admin, { Action: 'ListUsers', MaxItems: '0' }, 400, 'ValidationError', /Member must have value greater than or equal to 1/);
    await iamRefused(who.admin, { Action: 'ListUsers', Marker: 'not-a-marker!' }, 400, 'ValidationError');
    await iamRefused(who.admin, { Action: 'CreateUser', UserName: 'tagged', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'a', 'Tags.member.2.Key': 'K', 'Tags.member.2.Value': 'b' }, 400, 'InvalidInput');
    await iamRefused(who.admin, { Action: 'CreateRole', RoleName: 'Bounded', AssumeRolePolicyDocument: trusting(arn.alice), PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' }, 400, 'InvalidInput');
    await iamRefused(who.admin, { Action: 'AttachUserPolicy', UserName: 'bob', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' }, 404, 'NoSuchEntity', 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.');
    await iamRefused(who.admin, { Action: 'CreateLoginProfile', UserName: 'bob' }, 400, 'InvalidAction', 'Could not find operation CreateLoginProfile for version 2010-05-08');
    await iamRefused(who.admin, { Action: 'ListUsers', Version: '2011-06-15' }, 400, 'InvalidAction');
    // A control character quoted back in the message is replaced: the answer stays XML the SDK can parse.
    const control = await awsError(iamAs(who.admin).send(new CreateUserCommand({ UserName: 'bad\u0001name' })));
    assert.deepEqual([control.name, control.status], ['ValidationError', 400]);
    assert.match(control.message, /Value 'bad\uFFFDname' at 'userName'/);
    // Members the model does not have are ignored, and none reaches the audit record's shape (`__proto__`).
    const junk = await iamCall(who.admin, { Action: 'ListUsers', ...(JSON.parse('{"__proto__":"x"}') as Record<string, string>), 'constructor.member.1': 'y', 'Tags.member.99999.Key': 'z' });
    assert.equal(junk.status, 200, junk.text);
    const bob = await iamAs(who.admin).send(new ListUserPoliciesCommand({ UserName: 'bob' }));
    assert.deepEqual(bob.PolicyNames, []);
    assert.equal((await awsError(iamAs(who.admin).send(new GetUserCommand({ UserName: 'tagged' })))).name, 'NoSuchEntityException');
  });

  test('signatures: a wrong secret, an unknown key and a credential for another service are refused in IAM XML', async () => {
    await iamRefused({ ...who.admin, secretAccessKey: 'wrong' }, { Action: 'ListUsers' }, 403, 'SignatureDoesNotMatch');
    await iamRefused({ accessKeyId: 'AKIANOBODYKNOWSTHIS1', secretAccessKey: 'x' }, { Action: 'ListUsers' }, 403, 'InvalidClientTokenId');
    // Signed for STS, IAM's actions are not STS's: STS answers, as before.
    const body = new URLSearchParams({ Action: 'ListUsers', Version: '2010-05-08' }).toString();
    const sts = await signedPost(t.server.url, who.admin, 'sts', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    assert.equal(xmlValue(sts.text, 'Code'), 'InvalidAction');
    // Any Region signs (the SDK signs us-east-1 for the global endpoint, or the client's Region).
    assert.ok((await iamAs(who.admin, 'eu-west-1').send(new ListUsersCommand({}))).Users!.length > 0);
  });
});

describe('the trail', () => {
  test('IAM calls are recorded with eventSource iam.amazonaws.com; CreateAccessKey shows the key id, never the secret', async () => {
    const admin = iamAs(who.admin);
    await admin.send(new CreateUserCommand({ UserName: 'audited' }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'audited' }))).AccessKey!;
    await iamCall(who.bob, { Action: 'CreateUser', UserName: 'denied' });
    const events = await t.server.store.queryAuditEvents({ accountId: ACCOUNT_A, region: TEST_REGION, limit: 500 });
    const records = events.map((e) => JSON.parse(e.record) as Record<string, any>).filter((r) => r.eventSource === 'iam.amazonaws.com');
    const createUser = records.find((r) => r.eventName === 'CreateUser' && r.requestParameters?.userName === 'audited')!;
    assert.equal(createUser.userIdentity.arn, arn.admin);
    assert.equal(createUser.readOnly, false);
    const createKey = records.find((r) => r.eventName === 'CreateAccessKey' && r.requestParameters?.userName === 'audited')!;
    assert.equal(createKey.responseElements.accessKey.accessKeyId, key.AccessKeyId);
    assert.ok(!JSON.stringify(events).includes(key.SecretAccessKey!), 'the secret access key is nowhere in the trail');
    const refused = records.find((r) => r.eventName === 'CreateUser' && r.requestParameters?.userName === 'denied')!;
    assert.equal(refused.errorCode, 'AccessDenied');
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'audited', AccessKeyId: key.AccessKeyId! }));
    await admin.send(new DeleteUserCommand({ UserName: 'audited' }));
  });
});

describe('the aws CLI', () => {
  test('aws iam create-user, create-access-key, attach-user-policy, create-role, get-role; the new key works with aws kms', async () => {
    const base = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const aws = async (args: string[], credentials: Credentials) => {
      const env = { ...base, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
      const { stdout } = await run('aws', [...args, '--endpoint-url', t.server.url, '--output', 'json'], { env, timeout: 60_000 }).catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
        if (error.code === 'ENOENT') throw new Error('the aws CLI is needed for this test: install it (pip install awscli, or apt-get install awscli)');
        throw new Error(`aws ${args.join(' ')} failed: ${error.stderr ?? error.message}`);
      });
      return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, any>);
    };
    const user = await aws(['iam', 'create-user', '--user-name', 'cli-user'], who.admin);
    assert.equal(user.User.Arn, `arn:aws:iam::${ACCOUNT_A}:user/cli-user`);
    await aws(['iam', 'attach-user-policy', '--user-name', 'cli-user', '--policy-arn', 'arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser'], who.admin);
    const key = (await aws(['iam', 'create-access-key', '--user-name', 'cli-user'], who.admin)).AccessKey;
    const credentials = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    const created = await aws(['kms', 'create-key', '--description', 'made by a user made with aws iam'], credentials);
    assert.equal(created.KeyMetadata.KeyState, 'Enabled');
    await assert.rejects(aws(['kms', 'schedule-key-deletion', '--key-id', created.KeyMetadata.KeyId], credentials), /AccessDeniedException/);
    await assert.rejects(aws(['iam', 'create-user', '--user-name', 'escalate'], credentials), /AccessDenied/);

    await aws(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', trusting(arn.alice)], who.admin);
    const role = await aws(['iam', 'get-role', '--role-name', 'cli-role'], who.admin);
    // The CLI decodes the URL-encoded document into JSON.
    assert.deepEqual(role.Role.AssumeRolePolicyDocument, JSON.parse(trusting(arn.alice)));
    const listed = await aws(['iam', 'list-users'], who.admin);
    assert.ok(listed.Users.some((u: { UserName: string }) => u.UserName === 'cli-user'));
    await assert.rejects(aws(['iam', 'delete-user', '--user-name', 'cli-user'], who.admin), /DeleteConflict/);
  });
});

process.on('exit', () => clients.forEach((client) => client.destroy()));
