// Grant rules without I/O: grant IDs, principal ARNs a grant may name, constraint limits, idempotent retries, entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountOfPrincipalArn,
  assertConstraintLimits,
  assertGrantId,
  grantListEntry,
  isGrantId,
  sameGrantParameters,
  type KmsGrant,
} from './grant.js';

const grant: KmsGrant = {
  accountId: '111122223333',
  region: 'us-east-1',
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  keyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  grantId: 'a'.repeat(64),
  creationDate: new Date('2026-01-02T03:04:05Z'),
  granteePrincipal: 'arn:aws:iam::111122223333:user/bob',
  issuingAccount: '111122223333',
  operations: ['Encrypt', 'Decrypt'],
  constraints: { encryptionContextSubset: { b: '2', a: '1' } },
};

test('a grant ID is 64 lower-case hexadecimal characters; anything else is InvalidGrantIdException', () => {
  assert.ok(isGrantId('0123456789abcdef'.repeat(4)));
  assert.ok(!isGrantId('0123456789ABCDEF'.repeat(4)));
  assert.ok(!isGrantId('abc'));
  assert.throws(() => assertGrantId('abc'), { name: 'InvalidGrantIdException' });
});

test('grantees are account roots, users, roles (with paths), assumed-role sessions and federated users', () => {
  assert.equal(accountOfPrincipalArn('arn:aws:iam::111122223333:root'), '111122223333');
  assert.equal(accountOfPrincipalArn('arn:aws:iam::111122223333:user/team/bob'), '111122223333');
  assert.equal(accountOfPrincipalArn('arn:aws:iam::111122223333:role/Admin'), '111122223333');
  assert.equal(accountOfPrincipalArn('arn:aws:sts::444455556666:assumed-role/Admin/session-1'), '444455556666');
  assert.equal(accountOfPrincipalArn('arn:aws:sts::444455556666:federated-user/carol'), '444455556666');
  for (const bad of ['111122223333', 'bob', 'arn:aws:iam::111122223333:group/devs', 'arn:aws:iam::111122223333:user/*', 'arn:aws:kms:us-east-1:111122223333:key/x']) {
    assert.equal(accountOfPrincipalArn(bad), undefined, bad);
  }
});

test('an encryption-context constraint has at most 8 pairs and values of at most 384 characters', () => {
  assertConstraintLimits('EncryptionContextEquals', Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(384)])));
  assert.throws(() => assertConstraintLimits('EncryptionContextEquals', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']))), {
    name: 'ValidationException',
  });
  assert.throws(() => assertConstraintLimits('EncryptionContextSubset', { k: 'v'.repeat(385) }), { name: 'ValidationException' });
});

test('a retry is the same grant when grantee, retiring principal, operations (any order) and constraints match', () => {
  const { grantId: _id, creationDate: _date, ...parameters } = grant;
  assert.ok(sameGrantParameters(grant, { ...parameters, operations: ['Decrypt', 'Encrypt'], constraints: { encryptionContextSubset: { a: '1', b: '2' } } }));
  assert.ok(!sameGrantParameters(grant, { ...parameters, operations: ['Encrypt'] }));
  assert.ok(!sameGrantParameters(grant, { ...parameters, retiringPrincipal: 'arn:aws:iam::111122223333:root' }));
  assert.ok(!sameGrantParameters(grant, { ...parameters, constraints: { encryptionContextEquals: { a: '1', b: '2' } } }));
});

test('a GrantListEntry names the key by ARN, the issuing account by its root ARN, and an absent Name as ""', () => {
  assert.deepEqual(grantListEntry(grant), {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    Name: '',
    CreationDate: grant.creationDate,
    IssuingAccount: 'arn:aws:iam::111122223333:root',
    Operations: ['Encrypt', 'Decrypt'],
    GranteePrincipal: grant.granteePrincipal,
    Constraints: { EncryptionContextSubset: { b: '2', a: '1' } },
  });
});
