// STS on the KMS endpoint: GetCallerIdentity and AssumeRole in AWS's query protocol and XML, trust policies honoured,
// temporary credentials that SigV4 accepts with X-Amz-Security-Token until they expire; tampered or expired tokens
// refused; and the aws CLI (v1) using all of it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { createRole, putIdentityPolicy } from '../../src/provision/principal-admin.js';
import { ManualClock, serveForSuite, TEST_REGION, startTestServer, type TestServer } from '../support/test-server.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  arn,
  assumeRole,
  kmsCall,
  signedPost,
  stsCall,
  who,
  writePrincipalsFile,
  xmlValue,
  type Credentials,
} from '../support/authorization-fixture.js';

const run = promisify(execFile);
const INVALID_TOKEN = 'The security token included in the request is invalid.';

let t: TestServer;
serveForSuite({ principalsFile: writePrincipalsFile() }, (server) => (t = server));

const sts = (credentials: Credentials, params: Record<string, string>) => stsCall(t.server.url, credentials, params);
const assumeParams = (roleArn: string, session = 'session') => ({ Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: session });

async function stsRefused(credentials: Credentials, params: Record<string, string>, status: number, code: string, message?: string | RegExp) {
  const response = await sts(credentials, params);
  assert.equal(response.status, status, response.text);
  assert.match(response.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
  assert.equal(xmlValue(response.text, 'Type'), 'Sender');
  assert.equal(xmlValue(response.text, 'Code'), code);
  assert.match(xmlValue(response.text, 'RequestId') ?? '', /^[0-9a-f-]{36}$/);
  if (typeof message === 'string') assert.equal(xmlValue(response.text, 'Message'), message);
  else if (message) assert.match(xmlValue(response.text, 'Message') ?? '', message);
}

describe('GetCallerIdentity', () => {
  test('a user, an account root and a role session, in STS XML', async () => {
    const user = await sts(who.alice, { Action: 'GetCallerIdentity' });
    assert.equal(user.status, 200);
    assert.match(user.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n  <GetCallerIdentityResult>/);
    assert.equal(xmlValue(user.text, 'Arn'), arn.alice);
    assert.match(xmlValue(user.text, 'UserId')!, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(xmlValue(user.text, 'Account'), ACCOUNT_A);
    assert.match(xmlValue(user.text, 'RequestId')!, /^[0-9a-f-]{36}$/);
    const root = await sts(who.rootB, { Action: 'GetCallerIdentity' });
    assert.equal(xmlValue(root.text, 'Arn'), arn.rootB);
    assert.equal(xmlValue(root.text, 'UserId'), ACCOUNT_B);
    const session = await assumeRole(t.server.url, who.alice, arn.keyUserRole, 'who-am-i');
    const role = await sts(session, { Action: 'GetCallerIdentity' });
    assert.equal(xmlValue(role.text, 'Arn'), `arn:aws:sts::${ACCOUNT_A}:assumed-role/KeyUserRole/who-am-i`);
    assert.match(xmlValue(role.text, 'UserId')!, /^AROA[A-Z2-7]{17}:who-am-i$/);
  });

  test('bad requests: unknown action, credentials scoped to another service, unknown access key', async () => {
    await stsRefused(who.alice, { Action: 'GetSessionToken' }, 400, 'InvalidAction', 'Could not find operation GetSessionToken for version 2011-06-15');
    const kmsScoped = await signedPost(t.server.url, who.alice, 'kms', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(kmsScoped.status, 403);
    assert.equal(xmlValue(kmsScoped.text, 'Code'), 'SignatureDoesNotMatch');
    await stsRefused({ accessKeyId: 'AKIANOBODYKNOWSTHIS1', secretAccessKey: 'x' }, { Action: 'GetCallerIdentity' }, 403, 'InvalidClientTokenId', INVALID_TOKEN);
    await stsRefused({ ...who.alice, secretAccessKey: 'wrong' }, { Action: 'GetCallerIdentity' }, 403, 'SignatureDoesNotMatch');
  });
});

describe('AssumeRole', () => {
  test('the temporary credentials work with KMS (X-Amz-Security-Token) and show the session', async () => {
    const response = await sts(who.alice, { ...assumeParams(arn.otherRole, 'sdk'), DurationSeconds: '900' });
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /<AssumeRoleResult>\n    <AssumedRoleUser>\n      <AssumedRoleId>AROA[A-Z2-7]{17}:sdk<\/AssumedRoleId>/);
    assert.equal(xmlValue(response.text, 'Arn'), `arn:aws:sts::${ACCOUNT_A}:assumed-role/OtherRole/sdk`);
    assert.match(xmlValue(response.text, 'AccessKeyId')!, /^ASIA[A-Z2-7]{16}$/);
    const expiration = new Date(xmlValue(response.text, 'Expiration')!);
    assert.match(xmlValue(response.text, 'Expiration')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(expiration.getTime() - Date.now() - 900_000) < 5_000);
    const credentials = {
      accessKeyId: xmlValue(response.text, 'AccessKeyId')!,
      secretAccessKey: xmlValue(response.text, 'SecretAccessKey')!,
      sessionToken: xmlValue(response.text, 'SessionToken')!,
    };
    const kms = t.clientFor(credentials);
    try {
      const { KeyMetadata } = await t.kms.send(new DescribeKeyCommand({ KeyId: (await kmsCall(t.server.url, who.admin, 'CreateKey', {})).json.KeyMetadata.KeyId }));
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn! }))).KeyMetadata?.KeyId, KeyMetadata!.KeyId);
      assert.ok(Array.isArray((await kms.send(new ListKeysCommand({}))).Keys));
    } finally {
      kms.destroy();
    }
  });

  test('the trust policy decides who may assume, with the caller identity policies where it names an account', async () => {
    await assumeRole(t.server.url, who.alice, arn.keyUserRole, 'named-directly');
    await assumeRole(t.server.url, who.alice, arn.otherRole, 'account-trust-and-iam');
    await assumeRole(t.server.url, who.carol, arn.crossAccountRole, 'from-account-b');
    const denied = (caller: string, role: string) => `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`;
    await stsRefused(who.bob, assumeParams(arn.keyUserRole), 403, 'AccessDenied', denied(arn.bob, arn.keyUserRole));
    // dave's account is trusted, but no identity policy of his allows sts:AssumeRole.
    await stsRefused(who.dave, assumeParams(arn.otherRole), 403, 'AccessDenied', denied(arn.dave, arn.otherRole));
    await stsRefused(who.carol, assumeParams(arn.keyUserRole), 403, 'AccessDenied', denied(arn.carol, arn.keyUserRole));
    await stsRefused(who.alice, assumeParams(`arn:aws:iam::${ACCOUNT_A}:role/NoSuchRole`), 403, 'AccessDenied', denied(arn.alice, `arn:aws:iam::${ACCOUNT_A}:role/NoSuchRole`));
    await stsRefused(who.rootB, assumeParams(arn.crossAccountRole), 403, 'AccessDenied', 'Roles may not be assumed by root accounts.');
  });

  test('sts:ExternalId in a trust policy', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_B }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret-id' } } }],
    });
    const role = await createRole(t.server.store, ACCOUNT_A, 'ExternalIdRole', trust);
    await stsRefused(who.carol, assumeParams(role.arn), 403, 'AccessDenied');
    await stsRefused(who.carol, { ...assumeParams(role.arn), ExternalId: 'wrong-id' }, 403, 'AccessDenied');
    await assumeRole(t.server.url, who.carol, role.arn, 'with-id', { ExternalId: 'shared-secret-id' });
  });

  test('durations: the role maximum, role chaining at one hour, and the 900-43200 range', async () => {
    await stsRefused(who.alice, { ...assumeParams(arn.otherRole), DurationSeconds: '7200' }, 400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await assumeRole(t.server.url, who.carol, arn.crossAccountRole, 'long', { DurationSeconds: '7200' });
    // Role chaining: OtherRole's sessions may assume roles (OtherRole trusts its own account).
    const session = await assumeRole(t.server.url, who.alice, arn.otherRole, 'chain');
    await stsRefused(session, assumeParams(arn.otherRole, 'chained'), 403, 'AccessDenied');
    await putIdentityPolicy(t.server.store, arn.otherRole, 'Chain', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn.otherRole }] }));
    await stsRefused(session, { ...assumeParams(arn.otherRole, 'chained'), DurationSeconds: '3601' }, 400, 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const chained = await assumeRole(t.server.url, session, arn.otherRole, 'chained');
    assert.equal(xmlValue((await sts(chained, { Action: 'GetCallerIdentity' })).text, 'Arn'), `arn:aws:sts::${ACCOUNT_A}:assumed-role/OtherRole/chained`);
    await stsRefused(
      who.alice,
      { ...assumeParams(arn.otherRole), DurationSeconds: '899' },
      400,
      'ValidationError',
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  test('validation: missing and malformed parameters, session policies', async () => {
    await stsRefused(
      who.alice,
      { Action: 'AssumeRole' },
      400,
      'ValidationError',
      "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
    await stsRefused(who.alice, assumeParams(arn.otherRole, 'bad name'), 400, 'ValidationError', /roleSessionName.*regular expression pattern/);
    await stsRefused(who.alice, { ...assumeParams(arn.otherRole), Policy: '{}' }, 400, 'ValidationError', /Session policies/);
  });

  test('tampered or missing session tokens → InvalidClientTokenId / UnrecognizedClientException', async () => {
    const session = await assumeRole(t.server.url, who.alice, arn.otherRole, 'tamper');
    const tampered = { ...session, sessionToken: session.sessionToken!.slice(0, -4) + 'AAAA' };
    await stsRefused(tampered, { Action: 'GetCallerIdentity' }, 403, 'InvalidClientTokenId', INVALID_TOKEN);
    const kms = await kmsCall(t.server.url, tampered, 'ListKeys', {});
    assert.deepEqual([kms.status, kms.json.__type, kms.json.message], [400, 'UnrecognizedClientException', INVALID_TOKEN]);
    const { sessionToken: _dropped, ...withoutToken } = session;
    assert.equal((await kmsCall(t.server.url, withoutToken, 'ListKeys', {})).json.__type, 'UnrecognizedClientException');
    // A session token with long-term credentials is not one openkms issued either.
    assert.equal((await kmsCall(t.server.url, { ...who.alice, sessionToken: session.sessionToken! }, 'ListKeys', {})).json.__type, 'UnrecognizedClientException');
  });

  test('AssumeRole is audited without the secret or the session token', async () => {
    const response = await sts(who.alice, assumeParams(arn.otherRole, 'audited'));
    const secret = xmlValue(response.text, 'SecretAccessKey')!;
    const token = xmlValue(response.text, 'SessionToken')!;
    const events = await t.server.store.queryAuditEvents({ accountId: ACCOUNT_A, region: TEST_REGION, limit: 200, attribute: { name: 'eventName', value: 'AssumeRole' } });
    const record = events.map((e) => e.record).find((r) => r.includes('"audited"'));
    assert.ok(record, 'the AssumeRole call is in the audit trail');
    const parsed = JSON.parse(record) as Record<string, any>;
    assert.equal(parsed.eventSource, 'sts.amazonaws.com');
    assert.equal(parsed.requestParameters.roleArn, arn.otherRole);
    assert.equal(parsed.responseElements.credentials.accessKeyId, xmlValue(response.text, 'AccessKeyId'));
    assert.ok(!record.includes(secret) && !record.includes(token));
  });
});

describe('session tokens at rest', () => {
  test('the session token is not on disk: the store keeps only its SHA-256, and the session works', async () => {
    const session = await assumeRole(t.server.url, who.alice, arn.otherRole, 'at-rest');
    assert.equal((await kmsCall(t.server.url, session, 'ListKeys', {})).status, 200);
    const token = Buffer.from(session.sessionToken!, 'utf8');
    const tokenBytes = Buffer.from(session.sessionToken!, 'base64');
    const stored = await t.server.store.getAccessKey(session.accessKeyId);
    assert.equal(stored?.sessionTokenHash, createHash('sha256').update(session.sessionToken!).digest('hex'));
    for (const file of readdirSync(t.dataDir)) {
      const bytes = readFileSync(join(t.dataDir, file));
      assert.equal(bytes.indexOf(token.subarray(0, 48)), -1, `the session token is in ${file}`);
      assert.equal(bytes.indexOf(tokenBytes.subarray(0, 32)), -1, `the session token's bytes are in ${file}`);
    }
  });
});

describe('expiry', () => {
  test('temporary credentials are refused once they expire: ExpiredTokenException / ExpiredToken', async () => {
    const clock = new ManualClock();
    const s = await startTestServer({ clock, principalsFile: writePrincipalsFile() });
    try {
      const response = await stsCall(s.server.url, who.alice, { ...assumeParams(arn.otherRole, 'short'), DurationSeconds: '900' }, clock.now());
      assert.equal(response.status, 200, response.text);
      const session = {
        accessKeyId: xmlValue(response.text, 'AccessKeyId')!,
        secretAccessKey: xmlValue(response.text, 'SecretAccessKey')!,
        sessionToken: xmlValue(response.text, 'SessionToken')!,
      };
      const listKeys = () => signedPost(s.server.url, session, 'kms', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, '{}', clock.now());
      assert.equal((await listKeys()).status, 200);
      clock.advanceDays(899 / 86_400);
      assert.equal((await listKeys()).status, 200);
      clock.advanceDays(2 / 86_400);
      const expired = await listKeys();
      assert.deepEqual([expired.status, expired.json.__type, expired.json.message], [400, 'ExpiredTokenException', 'The security token included in the request is expired']);
      const stsExpired = await stsCall(s.server.url, session, { Action: 'GetCallerIdentity' }, clock.now());
      assert.equal(stsExpired.status, 400);
      assert.equal(xmlValue(stsExpired.text, 'Code'), 'ExpiredToken');
      // The next AssumeRole of the role clears its expired sessions away.
      assert.ok(await s.server.store.getAccessKey(session.accessKeyId));
      assert.equal((await stsCall(s.server.url, who.alice, assumeParams(arn.otherRole, 'next'), clock.now())).status, 200);
      assert.equal(await s.server.store.getAccessKey(session.accessKeyId), undefined);
    } finally {
      await s.cleanup();
    }
  });
});

describe('the aws CLI', () => {
  test('aws sts get-caller-identity, aws sts assume-role, then aws kms with the session', async () => {
    const base = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      AWS_DEFAULT_REGION: TEST_REGION,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const aws = async (args: string[], credentials: Credentials) => {
      const env = { ...base, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}) };
      const { stdout } = await run('aws', [...args, '--endpoint-url', t.server.url, '--output', 'json'], { env, timeout: 60_000 });
      return JSON.parse(stdout) as Record<string, any>;
    };
    assert.deepEqual(await aws(['sts', 'get-caller-identity'], who.alice).then((r) => [r.Arn, r.Account]), [arn.alice, ACCOUNT_A]);
    const assumed = await aws(['sts', 'assume-role', '--role-arn', arn.keyUserRole, '--role-session-name', 'cli-session'], who.alice);
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT_A}:assumed-role/KeyUserRole/cli-session`);
    const session = { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken };
    assert.equal((await aws(['sts', 'get-caller-identity'], session)).Arn, assumed.AssumedRoleUser.Arn);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn.keyUserRole }, Action: 'kms:*', Resource: '*' }] });
    const created = await aws(['kms', 'create-key', '--policy', policy], session);
    assert.equal((await aws(['kms', 'describe-key', '--key-id', created.KeyMetadata.Arn], session)).KeyMetadata.KeyState, 'Enabled');
    await assert.rejects(aws(['kms', 'describe-key', '--key-id', created.KeyMetadata.Arn], who.alice), /AccessDeniedException/);
    await assert.rejects(aws(['sts', 'assume-role', '--role-arn', arn.keyUserRole, '--role-session-name', 'nope'], who.bob), /AccessDenied/);
  });
});
