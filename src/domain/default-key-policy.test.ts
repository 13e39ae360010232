// The default key policy must be byte-for-byte what GetKeyPolicy returns on AWS (docs/kms-behaviour.md 2.5).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultKeyPolicy } from './default-key-policy.js';
import { parsePolicyDocument } from '../policy/parse-policy.js';

// Copied from docs/kms-behaviour.md section 2.5.
const FROM_THE_DOC = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

test('the default key policy is byte-for-byte the text of section 2.5', () => {
  assert.equal(defaultKeyPolicy('111122223333'), FROM_THE_DOC);
});

test('the partition follows the Region', () => {
  assert.equal(defaultKeyPolicy('111122223333', 'aws-cn'), FROM_THE_DOC.replace('arn:aws:iam', 'arn:aws-cn:iam'));
});

test('the default key policy is a valid key policy delegating to the account', () => {
  const policy = parsePolicyDocument(defaultKeyPolicy('444455556666'), { kind: 'key' });
  assert.equal(policy.id, 'key-default-1');
  assert.deepEqual(policy.statements[0].principal?.accounts, ['444455556666']);
});
