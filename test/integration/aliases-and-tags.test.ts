// Aliases and tags through the real AWS SDK: AWS's name rules, exceptions and pagination; aliases resolve wherever a
// KeyId is accepted.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
} from '@aws-sdk/client-kms';
import { awsError, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

let t: TestServer;
serveForSuite({}, (server) => (t = server));

async function newKey(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}) {
  return (await t.kms.send(new CreateKeyCommand(input))).KeyMetadata!;
}

describe('aliases', () => {
  test('create, resolve by name and ARN, list, update, delete', async () => {
    const a = await newKey();
    const b = await newKey();
    await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/app-key', TargetKeyId: a.KeyId }));
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-key' }))).KeyMetadata?.KeyId, a.KeyId);
    const aliasArn = `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/app-key`;
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: aliasArn }))).KeyMetadata?.KeyId, a.KeyId);

    const listed = await t.kms.send(new ListAliasesCommand({ KeyId: a.KeyId }));
    assert.equal(listed.Aliases?.length, 1);
    const entry = listed.Aliases![0]!;
    assert.equal(entry.AliasName, 'alias/app-key');
    assert.equal(entry.AliasArn, aliasArn);
    assert.equal(entry.TargetKeyId, a.KeyId);
    assert.ok(entry.CreationDate instanceof Date && entry.LastUpdatedDate instanceof Date);

    await t.kms.send(new UpdateAliasCommand({ AliasName: 'alias/app-key', TargetKeyId: b.Arn }));
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-key' }))).KeyMetadata?.KeyId, b.KeyId);
    assert.equal((await t.kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases?.length, 0);

    await t.kms.send(new DeleteAliasCommand({ AliasName: 'alias/app-key' }));
    const gone = await awsError(t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/app-key' })));
    assert.equal(gone.name, 'NotFoundException');
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: b.KeyId }))).KeyMetadata?.KeyState, 'Enabled');
  });

  test('a duplicate name is AlreadyExistsException and changes nothing', async () => {
    const a = await newKey();
    const b = await newKey();
    await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: a.KeyId }));
    const error = await awsError(t.kms.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: b.KeyId })));
    assert.equal(error.name, 'AlreadyExistsException');
    assert.equal(error.message, `An alias with the name arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/dup already exists`);
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/dup' }))).KeyMetadata?.KeyId, a.KeyId);
  });

  const badNames = [
    ['app-key', 'ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'],
    // No message on the wire: the SDK shows its own 'UnknownError'.
    ['alias/aws/ebs', 'NotAuthorizedException', 'UnknownError'],
    ['alias/has:colon', 'ValidationException', 'alias/has:colon contains invalid characters for an alias'],
    ['alias/', 'InvalidAliasNameException', undefined],
    ['alias/space name', 'ValidationException', undefined],
    [`alias/${'x'.repeat(251)}`, 'ValidationException', undefined],
  ] as const;
  for (const [AliasName, name, message] of badNames) {
    test(`CreateAlias '${AliasName.slice(0, 40)}' → ${name}`, async () => {
      const key = await newKey();
      const error = await awsError(t.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId: key.KeyId })));
      assert.equal(error.name, name);
      if (message !== undefined) assert.equal(error.message, message);
      assert.equal((await t.kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases?.length, 0);
    });
  }

  // The model gives InvalidAliasNameException to CreateAlias alone; a name CreateAlias refuses names no alias, and the
  // fuzzing suite (test/fuzz) checks every answer's __type against the model.
  test('DeleteAlias and UpdateAlias of a name CreateAlias refuses → NotFoundException (their models list no InvalidAliasNameException), changing nothing', async () => {
    const key = await newKey();
    await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/kept-by-refusals', TargetKeyId: key.KeyId }));
    const before = (await t.kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases;
    for (const AliasName of ['alias/aws/ebs', 'alias/has:colon', 'alias/']) {
      const message = `Alias arn:aws:kms:us-east-1:${TEST_ACCOUNT}:${AliasName} is not found.`;
      const deleted = await awsError(t.kms.send(new DeleteAliasCommand({ AliasName })));
      assert.deepEqual([deleted.name, deleted.message], ['NotFoundException', message]);
      const updated = await awsError(t.kms.send(new UpdateAliasCommand({ AliasName, TargetKeyId: key.KeyId })));
      assert.deepEqual([updated.name, updated.message], ['NotFoundException', message]);
    }
    const unprefixed = await awsError(t.kms.send(new DeleteAliasCommand({ AliasName: 'app-key' })));
    assert.equal(unprefixed.name, 'ValidationException');
    assert.deepEqual((await t.kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases, before);
  });

  test('targets must be keys of this account: aliases and unknown keys are refused', async () => {
    const key = await newKey();
    await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/target', TargetKeyId: key.KeyId }));
    const viaAlias = await awsError(t.kms.send(new CreateAliasCommand({ AliasName: 'alias/second', TargetKeyId: 'alias/target' })));
    assert.equal(viaAlias.name, 'ValidationException');
    const missing = await awsError(
      t.kms.send(new CreateAliasCommand({ AliasName: 'alias/second', TargetKeyId: '11111111-2222-4333-8444-555555555555' })),
    );
    assert.equal(missing.name, 'NotFoundException');
    const unknownAlias = await awsError(t.kms.send(new DeleteAliasCommand({ AliasName: 'alias/never' })));
    assert.equal(unknownAlias.name, 'NotFoundException');
    assert.equal(unknownAlias.message, `Alias arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/never is not found.`);
  });

  test('a key pending deletion takes no new alias, and UpdateAlias keeps key usage', async () => {
    const doomed = await newKey();
    await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    const error = await awsError(t.kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed.KeyId })));
    assert.equal(error.name, 'KMSInvalidStateException');
    assert.equal(error.message, `${doomed.Arn} is pending deletion.`);

    const symmetric = await newKey();
    const hmac = await newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/kind', TargetKeyId: symmetric.KeyId }));
    const mismatch = await awsError(t.kms.send(new UpdateAliasCommand({ AliasName: 'alias/kind', TargetKeyId: hmac.KeyId })));
    assert.equal(mismatch.name, 'ValidationException');
    const toDoomed = await awsError(t.kms.send(new UpdateAliasCommand({ AliasName: 'alias/kind', TargetKeyId: doomed.KeyId })));
    assert.equal(toDoomed.name, 'KMSInvalidStateException');
    assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/kind' }))).KeyMetadata?.KeyId, symmetric.KeyId);
  });

  test('ListAliases pages with Limit and Marker', async () => {
    const key = await newKey();
    for (let i = 0; i < 5; i++) await t.kms.send(new CreateAliasCommand({ AliasName: `alias/page-${i}`, TargetKeyId: key.KeyId }));
    const names: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await t.kms.send(new ListAliasesCommand({ KeyId: key.KeyId, Limit: 2, Marker }));
      names.push(...page.Aliases!.map((a) => a.AliasName!));
      Marker = page.Truncated ? page.NextMarker : undefined;
    } while (Marker);
    assert.deepEqual(names, ['alias/page-0', 'alias/page-1', 'alias/page-2', 'alias/page-3', 'alias/page-4']);
  });
});

describe('tags', () => {
  test('tag, replace a value, untag (unknown keys ignored), list in order', async () => {
    const key = await newKey({ Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    await t.kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }, { TagKey: 'team', TagValue: 'b' }] }));
    let tags = (await t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags;
    assert.deepEqual(tags, [
      { TagKey: 'team', TagValue: 'b' },
      { TagKey: 'env', TagValue: 'prod' },
    ]);
    await t.kms.send(new UntagResourceCommand({ KeyId: key.KeyId, TagKeys: ['team', 'no-such-tag'] }));
    tags = (await t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags;
    assert.deepEqual(tags, [{ TagKey: 'env', TagValue: 'prod' }]);
  });

  test('TagResource refuses aws: keys, too many tags and bad lengths, changing nothing', async () => {
    const key = await newKey({ Tags: Array.from({ length: 49 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' })) });
    const reserved = await awsError(t.kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'AWS:x', TagValue: 'v' }] })));
    assert.equal(reserved.name, 'TagException');
    const tooMany = await awsError(
      t.kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'n1', TagValue: 'v' }, { TagKey: 'n2', TagValue: 'v' }] })),
    );
    assert.equal(tooMany.name, 'TagException');
    assert.equal(tooMany.message, 'Too many tags');
    const long = await awsError(t.kms.send(new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'x'.repeat(129), TagValue: 'v' }] })));
    assert.equal(long.name, 'ValidationException');
    assert.match(long.message, /at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128/);
    assert.equal((await t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags?.length, 49);
  });

  test('ListResourceTags pages', async () => {
    const key = await newKey({ Tags: Array.from({ length: 5 }, (_, i) => ({ TagKey: `k${i}`, TagValue: `${i}` })) });
    const first = await t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 3 }));
    assert.equal(first.Truncated, true);
    const second = await t.kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Limit: 3, Marker: first.NextMarker }));
    assert.equal(second.Truncated, false);
    assert.deepEqual([...first.Tags!, ...second.Tags!].map((tag) => tag.TagKey), ['k0', 'k1', 'k2', 'k3', 'k4']);
  });
});
