// The rules of multi-Region sets that need no storage: the configuration every key shows, ReplicateKey's refusals,
// the replica a primary makes, and what is shared (docs/kms-behaviour.md 10).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlreadyExistsException, UnsupportedOperationException, ValidationException } from '../api/errors.js';
import { testKey } from './kms-key.test-helper.js';
import { keyMetadata } from './kms-key.js';
import { assertCanReplicate, multiRegionConfiguration, newReplicaKey, relatedRegions, setMultiRegionSet } from './multi-region.js';

const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
const primary = () =>
  testKey({ keyId: MRK, multiRegion: true, multiRegionKeyType: 'PRIMARY', primaryRegion: 'us-east-1', replicaRegions: [] });

test('every key of a set shows the same primary and replicas; only the type differs', () => {
  const east = primary();
  setMultiRegionSet(east, 'us-east-1', ['eu-west-1', 'ap-south-1']);
  const west = newReplicaKey(east, { region: 'eu-west-1', creationDate: new Date(1) });
  setMultiRegionSet(west, 'us-east-1', ['eu-west-1', 'ap-south-1']);
  const expected = {
    PrimaryKey: { Arn: `arn:aws:kms:us-east-1:111122223333:key/${MRK}`, Region: 'us-east-1' },
    ReplicaKeys: [
      { Arn: `arn:aws:kms:eu-west-1:111122223333:key/${MRK}`, Region: 'eu-west-1' },
      { Arn: `arn:aws:kms:ap-south-1:111122223333:key/${MRK}`, Region: 'ap-south-1' },
    ],
  };
  assert.deepEqual(multiRegionConfiguration(east), { MultiRegionKeyType: 'PRIMARY', ...expected });
  assert.deepEqual(multiRegionConfiguration(west), { MultiRegionKeyType: 'REPLICA', ...expected });
  assert.deepEqual(relatedRegions(west), ['us-east-1', 'ap-south-1']);
});

test('a key stored before sets were tracked is its own primary with no replicas', () => {
  const old = testKey({ keyId: MRK, multiRegion: true, multiRegionKeyType: 'PRIMARY' });
  assert.deepEqual(keyMetadata(old).MultiRegionConfiguration, {
    MultiRegionKeyType: 'PRIMARY',
    PrimaryKey: { Arn: old.arn, Region: 'us-east-1' },
    ReplicaKeys: [],
  });
});

test("ReplicateKey's refusals", () => {
  assert.throws(() => assertCanReplicate(testKey(), 'eu-west-1'), UnsupportedOperationException);
  const east = primary();
  assert.throws(() => assertCanReplicate(east, 'us-east-1'), ValidationException);
  assert.throws(() => assertCanReplicate(east, 'cn-north-1'), ValidationException);
  setMultiRegionSet(east, 'us-east-1', ['eu-west-1']);
  assert.throws(() => assertCanReplicate(east, 'eu-west-1'), AlreadyExistsException);
  const west = newReplicaKey(east, { region: 'eu-west-1', creationDate: new Date(1) });
  setMultiRegionSet(west, 'us-east-1', ['eu-west-1']);
  assert.throws(() => assertCanReplicate(west, 'ap-south-1'), {
    name: 'UnsupportedOperationException',
    message: `${west.arn} is not a multi-region primary key.`,
  });
  assert.doesNotThrow(() => assertCanReplicate(east, 'ap-south-1'));
});

test('a replica: shared spec, usage, origin and rotation; its own policy, description, tags; Creating; no material id shown', () => {
  const east = primary();
  east.keySpec = 'SYMMETRIC_DEFAULT';
  east.rotation = { enabled: true, periodInDays: 90, nextRotationDate: new Date(5) };
  east.currentKeyMaterialId = 'a'.repeat(64);
  east.description = 'primary';
  east.tags = [{ TagKey: 'side', TagValue: 'east' }];
  const west = newReplicaKey(east, { region: 'eu-west-1', creationDate: new Date(1), tags: [{ TagKey: 'side', TagValue: 'west' }] });
  assert.equal(west.keyId, MRK);
  assert.equal(west.keyState, 'Creating');
  assert.equal(west.settlesTo, 'Enabled');
  assert.deepEqual(west.rotation, east.rotation);
  assert.equal(west.description, '');
  assert.deepEqual(west.tags, [{ TagKey: 'side', TagValue: 'west' }]);
  assert.match(west.policy, /arn:aws:iam::111122223333:root/);
  assert.equal(keyMetadata(west).CurrentKeyMaterialId, undefined);
  assert.equal(newReplicaKey({ ...east, origin: 'EXTERNAL' }, { region: 'eu-west-1', creationDate: new Date(1) }).settlesTo, 'PendingImport');
});
