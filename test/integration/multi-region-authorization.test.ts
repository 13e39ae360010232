// Who may replicate and move a multi-Region key (docs/kms-behaviour.md 7.2, 7.3, 10): ReplicateKey needs
// kms:ReplicateKey on the primary and kms:CreateKey (plus kms:TagResource for tags) in an IAM policy; kms:ReplicaRegion
// and kms:PrimaryRegion conditions are honoured; another account cannot replicate or move the key; UpdatePrimaryRegion
// needs permission on both keys. Every refusal leaves both Regions unchanged.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ListKeysCommand,
  ReplicateKeyCommand,
  UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms';
import { awsError, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';
import { ACCOUNT_B, writePrincipalsFile, type Credentials } from '../support/authorization-fixture.js';

const EAST = 'us-east-1';
const WEST = 'eu-west-1';
const SOUTH = 'ap-south-1';

const credentials = (id: string): Credentials => ({ accessKeyId: id, secretAccessKey: `secret-of-${id.toLowerCase()}` });
const who = {
  owner: credentials('AKIAMRKOWNERAAAAAAAA'),
  replicateOnly: credentials('AKIAMRKREPONLYAAAAAA'),
  westOnly: credentials('AKIAMRKWESTONLYAAAAA'),
  noTags: credentials('AKIAMRKNOTAGSAAAAAAA'),
  other: credentials('AKIAMRKOTHERBBBBBBBB'),
};
const allow = (actions: string[], condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...(condition ? { Condition: condition } : {}) }],
});

let t: TestServer;
serveForSuite(
  {
    principalsFile: writePrincipalsFile({
      accounts: [
        {
          id: TEST_ACCOUNT,
          users: [
            { name: 'owner', accessKeys: [who.owner], policies: { All: allow(['kms:*']) } },
            { name: 'replicate-only', accessKeys: [who.replicateOnly], policies: { Replicate: allow(['kms:ReplicateKey', 'kms:DescribeKey']) } },
            {
              name: 'west-only',
              accessKeys: [who.westOnly],
              policies: {
                Replicate: allow(['kms:ReplicateKey', 'kms:UpdatePrimaryRegion'], { StringEquals: { 'kms:ReplicaRegion': WEST } }),
                Create: allow(['kms:CreateKey', 'kms:DescribeKey']),
              },
            },
            { name: 'no-tags', accessKeys: [who.noTags], policies: { Replicate: allow(['kms:ReplicateKey', 'kms:CreateKey']) } },
          ],
        },
        { id: ACCOUNT_B, users: [{ name: 'other', accessKeys: [who.other], policies: { All: allow(['kms:*']) } }] },
      ],
    }),
  },
  (server) => (t = server),
);

const clients: KMSClient[] = [];
function as(caller: Credentials, region: string): KMSClient {
  const client = t.clientFor(caller, region);
  clients.push(client);
  return client;
}

async function primary(): Promise<string> {
  return (await as(who.owner, EAST).send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!.KeyId!;
}

async function assertNoKeyIn(region: string, keyId: string, account: Credentials = who.owner): Promise<void> {
  const missing = await awsError(as(account, region).send(new DescribeKeyCommand({ KeyId: keyId })));
  assert.equal(missing.name, 'NotFoundException');
}

describe('ReplicateKey authorization', () => {
  test('kms:ReplicateKey alone is not enough: kms:CreateKey is needed too, and nothing is created', async () => {
    const keyId = await primary();
    const refused = await awsError(as(who.replicateOnly, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: WEST })));
    assert.equal(refused.name, 'AccessDeniedException');
    assert.match(refused.message, /kms:CreateKey/);
    await assertNoKeyIn(WEST, keyId);
    const { KeyMetadata } = await as(who.owner, EAST).send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.deepEqual(KeyMetadata!.MultiRegionConfiguration?.ReplicaKeys, []);
  });

  test('tags on the replica need kms:TagResource', async () => {
    const keyId = await primary();
    const refused = await awsError(
      as(who.noTags, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: WEST, Tags: [{ TagKey: 'a', TagValue: 'b' }] })),
    );
    assert.equal(refused.name, 'AccessDeniedException');
    assert.match(refused.message, /kms:TagResource/);
    await assertNoKeyIn(WEST, keyId);
    await as(who.noTags, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: WEST }));
  });

  test('kms:ReplicaRegion limits where a key may be replicated', async () => {
    const keyId = await primary();
    const refused = await awsError(as(who.westOnly, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: SOUTH })));
    assert.equal(refused.name, 'AccessDeniedException');
    await assertNoKeyIn(SOUTH, keyId);
    const replicated = await as(who.westOnly, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: WEST }));
    assert.equal(replicated.ReplicaKeyMetadata!.KeyState, 'Creating');
  });

  test('another account can neither replicate the key nor move its primary, even by key ARN', async () => {
    const keyId = await primary();
    const keyArn = `arn:aws:kms:${EAST}:${TEST_ACCOUNT}:key/${keyId}`;
    const replicate = await awsError(as(who.other, EAST).send(new ReplicateKeyCommand({ KeyId: keyArn, ReplicaRegion: WEST })));
    assert.ok(['AccessDeniedException', 'NotFoundException'].includes(replicate.name), replicate.name);
    await assertNoKeyIn(WEST, keyId);
    const listed = await as(who.other, WEST).send(new ListKeysCommand({}));
    assert.ok(!(listed.Keys ?? []).some((key) => key.KeyId === keyId));
    await as(who.owner, EAST).send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: WEST }));
    const move = await awsError(as(who.other, EAST).send(new UpdatePrimaryRegionCommand({ KeyId: keyArn, PrimaryRegion: WEST })));
    assert.ok(['AccessDeniedException', 'NotFoundException'].includes(move.name), move.name);
    const { KeyMetadata } = await as(who.owner, EAST).send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(KeyMetadata!.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY');
    assert.notEqual(KeyMetadata!.KeyState, 'Updating');
  });

  test('a key ARN of another Region is refused, as for every operation', async () => {
    const keyId = await primary();
    const refused = await awsError(
      as(who.owner, WEST).send(new ReplicateKeyCommand({ KeyId: `arn:aws:kms:${EAST}:${TEST_ACCOUNT}:key/${keyId}`, ReplicaRegion: SOUTH })),
    );
    assert.deepEqual([refused.name, refused.message], ['NotFoundException', `Invalid arn ${EAST}`]);
    await assertNoKeyIn(SOUTH, keyId);
  });
});

test.after(() => {
  for (const client of clients) client.destroy();
});
