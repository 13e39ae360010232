// CloudTrail LookupEvents is an IAM permission, as in AWS: a caller needs cloudtrail:LookupEvents in an identity
// policy (the account root and administrators have it); anyone else is refused, and the refusal is itself recorded.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_A, signedPost, type Credentials, writePrincipalsFile } from '../support/authorization-fixture.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite, type TestServer } from '../support/test-server.js';

const key = (id: string): Credentials => ({ accessKeyId: id, secretAccessKey: `secret-of-${id.toLowerCase()}` });
const caller = {
  admin: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
  root: key('AKIALOOKUPROOTAAAAAA'),
  reader: key('AKIALOOKUPREADERAAAA'),
  nobody: key('AKIALOOKUPNOBODYAAAA'),
  kmsOnly: key('AKIALOOKUPKMSONLYAAA'),
  denied: key('AKIALOOKUPDENIEDAAAA'),
};
const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const principalsFile = writePrincipalsFile({
  accounts: [
    {
      id: ACCOUNT_A,
      accessKeys: [caller.root],
      users: [
        { name: 'reader', accessKeys: [caller.reader], policies: { Lookup: allow('cloudtrail:LookupEvents') } },
        { name: 'nobody', accessKeys: [caller.nobody] },
        { name: 'kms-only', accessKeys: [caller.kmsOnly], policies: { Kms: allow('kms:*') } },
        {
          name: 'denied',
          accessKeys: [caller.denied],
          policies: {
            Everything: allow('*'),
            NoTrail: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudtrail:*', Resource: '*' }] },
          },
        },
      ],
    },
  ],
});

let t: TestServer;
serveForSuite({ principalsFile }, (server) => {
  t = server;
});

const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';

function lookup(credentials: Credentials, input: object = { MaxResults: 50 }) {
  return signedPost(t.server.url, credentials, 'cloudtrail', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET }, JSON.stringify(input));
}

describe('who may call cloudtrail:LookupEvents', () => {
  test('the account root, the administrator and a user allowed cloudtrail:LookupEvents read the trail', async () => {
    for (const credentials of [caller.root, caller.admin, caller.reader]) {
      const answer = await lookup(credentials);
      assert.equal(answer.status, 200, credentials.accessKeyId);
      assert.ok(Array.isArray(answer.json.Events));
    }
  });

  test('a user with no policies is refused with no identity-based policy allowing the action, and sees no record', async () => {
    const answer = await lookup(caller.nobody);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, {
      __type: 'AccessDeniedException',
      Message: `User: arn:aws:iam::${ACCOUNT_A}:user/nobody is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
    });
  });

  test('kms:* does not include cloudtrail:LookupEvents', async () => {
    const answer = await lookup(caller.kmsOnly);
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'AccessDeniedException');
    assert.equal(answer.json.Events, undefined);
  });

  test('an explicit deny beats an Allow of *', async () => {
    const answer = await lookup(caller.denied);
    assert.equal(answer.status, 400);
    assert.equal(
      answer.json.Message,
      `User: arn:aws:iam::${ACCOUNT_A}:user/denied is not authorized to perform: cloudtrail:LookupEvents with an explicit deny in an identity-based policy`,
    );
  });

  test('the refusal is recorded, with the refused caller and AccessDeniedException', async () => {
    await lookup(caller.nobody);
    const answer = await lookup(caller.admin, {
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'nobody' }],
    });
    assert.equal(answer.status, 200);
    const records = (answer.json.Events as { CloudTrailEvent: string }[]).map((event) => JSON.parse(event.CloudTrailEvent));
    const refused = records.filter((record) => record.eventName === 'LookupEvents');
    assert.ok(refused.length > 0, 'the refused LookupEvents calls are in the trail');
    for (const record of refused) {
      assert.equal(record.errorCode, 'AccessDeniedException');
      assert.equal(record.userIdentity.arn, `arn:aws:iam::${ACCOUNT_A}:user/nobody`);
    }
  });
});
