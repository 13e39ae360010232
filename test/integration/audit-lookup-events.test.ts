// CloudTrail LookupEvents on the openkms endpoint: `aws cloudtrail lookup-events --endpoint-url ...` (the AWS CLI v1)
// finds the records, with lookup attributes, time ranges and pagination; each account sees only its own records.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';
import { awsCli, type Credentials } from '../support/command-line.js';

const OTHER_ACCOUNT = '444455556666';
const OTHER_KEY = { accessKeyId: 'AKIAOPENKMSLOOKUPBOB', secretAccessKey: 'openkms-test-lookup-secret-access-key-03' };

let t: TestServer;
let key: KeyMetadata;
let describeRequestId: string;
const started = new Date(Date.now() - 2000);

before(async () => {
  t = await startTestServer();
  await t.server.store.write(async (tx) => {
    await tx.putAccount(OTHER_ACCOUNT);
    await tx.putPrincipal({ accountId: OTHER_ACCOUNT, arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, kind: 'user', name: 'bob', principalId: 'AIDAOTHERBOB00000002' });
    await tx.putAccessKey({ ...OTHER_KEY, principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, createdAt: new Date() });
    await tx.putIdentityPolicy({
      principalArn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`,
      policyName: 'ReadTrail',
      document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'cloudtrail:LookupEvents', Resource: '*' }] }),
    });
  });
  key = (await t.kms.send(new CreateKeyCommand({ Description: 'lookup' }))).KeyMetadata!;
  await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
  describeRequestId = (await t.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).$metadata.requestId!;
});
after(async () => {
  await t.cleanup();
});

interface LookupOutput {
  Events: {
    EventId: string;
    EventName: string;
    ReadOnly: string;
    AccessKeyId?: string;
    EventTime: number | string;
    EventSource: string;
    Username?: string;
    Resources: { ResourceType: string; ResourceName: string }[];
    CloudTrailEvent: string;
  }[];
  NextToken?: string;
}

async function lookupEvents(args: string[], credentials?: Credentials): Promise<LookupOutput> {
  const stdout = await awsCli(['cloudtrail', 'lookup-events', '--endpoint-url', t.server.url, '--output', 'json', ...args], credentials);
  return JSON.parse(stdout) as LookupOutput;
}

describe('aws cloudtrail lookup-events', () => {
  test('finds the calls, newest first, with the full record as CloudTrailEvent', async () => {
    const out = await lookupEvents(['--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=' + key.Arn]);
    assert.deepEqual(out.Events.map((e) => e.EventName), ['DescribeKey', 'Encrypt', 'CreateKey']);
    const describe = out.Events[0]!;
    assert.equal(describe.ReadOnly, 'true');
    assert.equal(describe.AccessKeyId, ADMIN_ACCESS_KEY_ID);
    assert.equal(describe.Username, 'admin');
    assert.equal(describe.EventSource, 'kms.amazonaws.com');
    assert.deepEqual(describe.Resources, [{ ResourceType: 'AWS::KMS::Key', ResourceName: key.Arn }]);
    const record = JSON.parse(describe.CloudTrailEvent) as Record<string, unknown>;
    assert.equal(record.requestID, describeRequestId);
    assert.equal(record.eventID, describe.EventId);
    assert.equal(record.recipientAccountId, TEST_ACCOUNT);
  });

  test('each lookup attribute narrows the result', async () => {
    const names = async (key: string, value: string) =>
      (await lookupEvents(['--lookup-attributes', `AttributeKey=${key},AttributeValue=${value}`])).Events.map((e) => e.EventName);
    assert.deepEqual(await names('EventName', 'Encrypt'), ['Encrypt']);
    assert.deepEqual(await names('ResourceName', key.KeyId!), ['DescribeKey', 'Encrypt', 'CreateKey']);
    assert.ok((await names('ReadOnly', 'false')).includes('CreateKey'));
    assert.ok(!(await names('ReadOnly', 'true')).includes('CreateKey'));
    assert.ok((await names('Username', 'admin')).length >= 3);
    assert.ok((await names('AccessKeyId', ADMIN_ACCESS_KEY_ID)).length >= 3);
    assert.ok((await names('ResourceType', 'AWS::KMS::Key')).length >= 3);
    assert.ok((await names('EventSource', 'cloudtrail.amazonaws.com')).includes('LookupEvents'));
    const all = await lookupEvents(['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateKey']);
    assert.deepEqual(await names('EventId', all.Events[0]!.EventId), ['CreateKey']);
  });

  test('the CLI pages through every result with NextToken', async () => {
    // --page-size is MaxResults: one event per request, followed to the end through NextToken.
    const all = await lookupEvents(['--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=' + key.Arn, '--page-size', '1']);
    assert.deepEqual(all.Events.map((e) => e.EventName), ['DescribeKey', 'Encrypt', 'CreateKey']);
    const firstPage = await lookupEvents(['--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=' + key.Arn, '--max-items', '2']);
    assert.equal(firstPage.Events.length, 2);
    assert.ok(firstPage.NextToken);
  });

  test('a time range selects by event time, inclusively', async () => {
    const inRange = await lookupEvents(['--start-time', started.toISOString(), '--end-time', new Date(Date.now() + 60_000).toISOString()]);
    assert.ok(inRange.Events.some((e) => e.EventName === 'CreateKey'));
    const before = await lookupEvents(['--end-time', '2001-01-01T00:00:00Z']);
    assert.deepEqual(before.Events, []);
  });

  test('another account sees none of these records', async () => {
    const out = await lookupEvents([], OTHER_KEY);
    assert.ok(out.Events.every((e) => JSON.parse(e.CloudTrailEvent).recipientAccountId === OTHER_ACCOUNT));
    assert.ok(!out.Events.some((e) => e.EventName === 'CreateKey'));
  });

  test('CloudTrail\'s own errors come back by name', async () => {
    await assert.rejects(lookupEvents(['--start-time', '2030-01-01T00:00:00Z', '--end-time', '2020-01-01T00:00:00Z']), /InvalidTimeRangeException/);
    await assert.rejects(
      lookupEvents(['--lookup-attributes', 'AttributeKey=EventName,AttributeValue=A', 'AttributeKey=EventName,AttributeValue=B']),
      /InvalidLookupAttributesException/,
    );
  });
});

describe('@aws-sdk/client-cloudtrail', () => {
  test('a recent SDK, which sends X-Amz-Target CloudTrail_20131101.LookupEvents, reads the trail', async () => {
    const cloudtrail = new CloudTrailClient({
      endpoint: t.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
    let sentTarget: string | undefined;
    cloudtrail.middlewareStack.add(
      (next) => async (args) => {
        sentTarget = (args.request as { headers: Record<string, string> }).headers['x-amz-target'];
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordTarget' },
    );
    const out = await cloudtrail.send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }], MaxResults: 5 }),
    );
    cloudtrail.destroy();
    assert.equal(sentTarget, 'CloudTrail_20131101.LookupEvents');
    assert.ok((out.Events ?? []).some((event) => event.EventName === 'CreateKey'));
  });
});

describe('the CloudTrail endpoint itself', () => {
  async function post(target: string, body: object, service = 'cloudtrail') {
    const url = new URL(t.server.url);
    const signer = new SignatureV4({
      service,
      region: 'us-east-1',
      credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
      sha256: Hash.bind(null, 'sha256'),
    });
    const request = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: JSON.stringify(body),
    });
    const response = await fetch(t.server.url, { method: 'POST', headers: request.headers, body: JSON.stringify(body) });
    return { status: response.status, requestId: response.headers.get('x-amzn-requestid'), body: (await response.json()) as Record<string, unknown> };
  }
  const target = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

  test('answers in CloudTrail\'s JSON shape, with epoch-second EventTime and a request id', async () => {
    const response = await post(`${target}LookupEvents`, { MaxResults: 1 });
    assert.equal(response.status, 200);
    assert.match(response.requestId!, /^[0-9a-f-]{36}$/);
    const events = response.body.Events as { EventTime: number }[];
    assert.equal(events.length, 1);
    assert.equal(typeof events[0]!.EventTime, 'number');
    assert.ok(typeof response.body.NextToken === 'string');
  });

  test('a request signed for kms is refused', async () => {
    const response = await post(`${target}LookupEvents`, {}, 'kms');
    assert.equal(response.status, 400);
    assert.equal(response.body.__type, 'InvalidSignatureException');
  });

  test('other CloudTrail operations are unknown; model violations are ValidationException', async () => {
    assert.equal((await post(`${target}CreateTrail`, {})).body.__type, 'UnknownOperationException');
    const invalid = await post(`${target}LookupEvents`, { MaxResults: 51 });
    assert.equal(invalid.body.__type, 'ValidationException');
    const badToken = await post(`${target}LookupEvents`, { NextToken: 'nope' });
    assert.equal(badToken.body.__type, 'InvalidNextTokenException');
  });
});
