// The one way a new key starts, shared by CreateKey and seeded keys: its state, defaults, ARN and multi-Region
// type (docs/kms-behaviour.md 2.2-2.5).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultKeyPolicy } from './default-key-policy.js';
import { keyMetadata, newKmsKey, type NewKmsKey } from './kms-key.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const spec: NewKmsKey = {
  accountId: '111122223333',
  region: 'us-east-1',
  keyId: '11111111-2222-4333-8444-555555555555',
  creationDate: T0,
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  origin: 'AWS_KMS',
};

test('a new key is Enabled, single-Region, with an empty description, no tags, no rotation and no key material', () => {
  assert.deepEqual(newKmsKey(spec), {
    accountId: '111122223333',
    region: 'us-east-1',
    keyId: spec.keyId,
    arn: `arn:aws:kms:us-east-1:111122223333:key/${spec.keyId}`,
    creationDate: T0,
    description: '',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyState: 'Enabled',
    multiRegion: false,
    policy: defaultKeyPolicy('111122223333', 'aws'),
    tags: [],
    rotation: { enabled: false },
    onDemandRotationCount: 0,
  });
});

test('without a policy, the default key policy names the account root in the partition of its Region', () => {
  const key = newKmsKey({ ...spec, region: 'cn-north-1', keySpec: 'SM2', keyUsage: 'SIGN_VERIFY' });
  assert.equal(key.arn, `arn:aws-cn:kms:cn-north-1:111122223333:key/${spec.keyId}`);
  assert.equal(key.policy, defaultKeyPolicy('111122223333', 'aws-cn'));
  assert.match(key.policy, /"AWS" : "arn:aws-cn:iam::111122223333:root"/);
});

test('origin EXTERNAL starts PendingImport, without ExpirationModel until material is imported', () => {
  const key = newKmsKey({ ...spec, origin: 'EXTERNAL' });
  assert.equal(key.keyState, 'PendingImport');
  assert.equal(keyMetadata(key).Enabled, false);
  assert.equal('expirationModel' in key, false);
});

test('a key id that starts with mrk- makes a multi-Region primary key', () => {
  const key = newKmsKey({ ...spec, keyId: `mrk-${'a'.repeat(32)}` });
  assert.deepEqual([key.multiRegion, key.multiRegionKeyType], [true, 'PRIMARY']);
  assert.deepEqual(keyMetadata(key).MultiRegionConfiguration, {
    MultiRegionKeyType: 'PRIMARY',
    PrimaryKey: { Arn: key.arn, Region: 'us-east-1' },
    ReplicaKeys: [],
  });
});

test('description, policy and tags given are kept; tags are copied with only TagKey and TagValue', () => {
  const tag = { TagKey: 'team', TagValue: 'payments', extra: 'dropped' };
  const key = newKmsKey({ ...spec, description: 'd', policy: '{"Version":"2012-10-17","Statement":[]}', tags: [tag] });
  assert.deepEqual([key.description, key.policy, key.tags], ['d', '{"Version":"2012-10-17","Statement":[]}', [{ TagKey: 'team', TagValue: 'payments' }]]);
  tag.TagValue = 'changed later';
  assert.equal(key.tags[0]!.TagValue, 'payments');
});
