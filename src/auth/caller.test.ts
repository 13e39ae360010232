// The Caller of an access key: users and account roots as they are; a role's temporary credentials as a role session.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerOf, sessionArnOf } from './caller.js';

const createdAt = new Date('2026-01-01T00:00:00Z');

test('temporary credentials of a role make a role session named after the role (without its path) and the session', () => {
  const caller = callerOf(
    { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:role/ops/Admin', kind: 'role', name: 'Admin', principalId: 'AROAEXAMPLE' },
    { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', principalArn: 'arn:aws:iam::111122223333:role/ops/Admin', sessionTokenHash: '00', createdAt, sessionName: 'alice' },
  );
  assert.deepEqual(caller, {
    accountId: '111122223333',
    arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice',
    kind: 'role-session',
    principalId: 'AROAEXAMPLE:alice',
    accessKeyId: 'ASIAEXAMPLE',
    roleArn: 'arn:aws:iam::111122223333:role/ops/Admin',
    sessionName: 'alice',
    sessionIssuedAt: createdAt,
  });
});

test('users and account roots are callers as they are', () => {
  const user = callerOf(
    { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/bob', kind: 'user', name: 'bob', principalId: 'AIDAEXAMPLE' },
    { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's', principalArn: 'arn:aws:iam::111122223333:user/bob', createdAt },
  );
  assert.deepEqual([user.kind, user.arn, user.userName], ['user', 'arn:aws:iam::111122223333:user/bob', 'bob']);
  const root = callerOf(
    { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', kind: 'root', name: 'root', principalId: '111122223333' },
    { accessKeyId: 'AKIAROOT', secretAccessKey: 's', principalArn: 'arn:aws:iam::111122223333:root', createdAt },
  );
  assert.deepEqual([root.kind, root.arn], ['root', 'arn:aws:iam::111122223333:root']);
});

test('a session ARN needs a role ARN', () => {
  assert.equal(sessionArnOf('arn:aws-cn:iam::111122223333:role/R', 's'), 'arn:aws-cn:sts::111122223333:assumed-role/R/s');
  assert.throws(() => sessionArnOf('arn:aws:iam::111122223333:user/u', 's'));
});
