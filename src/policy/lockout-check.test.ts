// The policy lockout safety check: the caller must still be able to call kms:PutKeyPolicy under the new
// key policy, with its IAM policies when the policy delegates to the account (docs/kms-behaviour.md 2.6).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoLockOut, LOCKOUT_MESSAGE, wouldLockOut } from './lockout-check.js';
import { defaultKeyPolicy } from '../domain/default-key-policy.js';
import { parsePolicyDocument } from './parse-policy.js';
import type { Caller } from './policy-types.js';

const ACCT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const alice: Caller = { arn: `arn:aws:iam::${ACCT}:user/alice`, accountId: ACCT, kind: 'user' };
const root: Caller = { arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT, kind: 'root' };
const keyPolicy = (statement: object) => parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), { kind: 'key' });
const adminOnly = (action: string) => keyPolicy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: action, Resource: '*' });
const iamAllowsAll = parsePolicyDocument(JSON.stringify({ Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } }), { kind: 'identity' });

test('a policy naming the caller for kms:PutKeyPolicy does not lock it out', () => {
  assert.equal(wouldLockOut(adminOnly('kms:PutKeyPolicy'), alice, [], KEY, ACCT), false);
});

test('a policy without kms:PutKeyPolicy for the caller locks it out', () => {
  assert.equal(wouldLockOut(adminOnly('kms:Encrypt'), alice, [], KEY, ACCT), true);
});

test('the default policy locks out a user without IAM permission', () => {
  assert.equal(wouldLockOut(parsePolicyDocument(defaultKeyPolicy(ACCT), { kind: 'key' }), alice, [], KEY, ACCT), true);
});

test('the default policy does not lock out a user whose IAM policy allows PutKeyPolicy', () => {
  assert.equal(wouldLockOut(parsePolicyDocument(defaultKeyPolicy(ACCT), { kind: 'key' }), alice, [iamAllowsAll], KEY, ACCT), false);
});

test('the default policy does not lock out the account root', () => {
  assert.equal(wouldLockOut(parsePolicyDocument(defaultKeyPolicy(ACCT), { kind: 'key' }), root, [], KEY, ACCT), false);
});

test('a Deny of kms:PutKeyPolicy locks the caller out', () => {
  const policy = parsePolicyDocument(
    JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Put*', Resource: '*' }] }),
    { kind: 'key' },
  );
  assert.equal(wouldLockOut(policy, alice, [], KEY, ACCT), true);
});

test('conditions are evaluated with the given request context', () => {
  const policy = keyPolicy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:*', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'false' } } });
  assert.equal(wouldLockOut(policy, alice, [], KEY, ACCT, { 'kms:BypassPolicyLockoutSafetyCheck': false }), false);
  assert.equal(wouldLockOut(policy, alice, [], KEY, ACCT), true);
});

test('assertNoLockOut throws MalformedPolicyDocumentException with the AWS text', () => {
  assert.throws(() => assertNoLockOut(adminOnly('kms:Encrypt'), alice, [], KEY, ACCT), {
    name: 'MalformedPolicyDocumentException',
    message: 'The new key policy will not allow you to update the key policy in the future.',
  });
  assert.equal(LOCKOUT_MESSAGE, 'The new key policy will not allow you to update the key policy in the future.');
  assert.doesNotThrow(() => assertNoLockOut(adminOnly('kms:*'), alice, [], KEY, ACCT));
});
