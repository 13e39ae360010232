// The principals file's reader: the accepted shape (JSON or YAML, documents as objects or text) and the messages that
// say where a file is wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePrincipals, readPrincipalsFile } from './principals-file.js';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 'sts:AssumeRole' }] };
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };

test('the issue shape: accounts with users (access keys, policies) and roles (trust policy, policies)', () => {
  const document = parsePrincipals({
    accounts: [
      {
        id: '111122223333',
        users: [{ name: 'alice', accessKeys: [{ accessKeyId: 'AKIAALICE00000000000', secretAccessKey: 's3cret' }], policies: { Kms: allowAll } }],
        roles: [{ name: 'KMSAdminRole', trustPolicy: trust, policies: { Kms: JSON.stringify(allowAll) } }],
      },
    ],
  });
  const [account] = document.accounts;
  assert.equal(account!.id, '111122223333');
  assert.deepEqual(account!.users[0]!.accessKeys, [{ accessKeyId: 'AKIAALICE00000000000', secretAccessKey: 's3cret' }]);
  assert.deepEqual(JSON.parse(account!.users[0]!.policies.Kms!), allowAll);
  assert.equal(account!.roles[0]!.maxSessionDurationSeconds, 3600);
  assert.deepEqual(JSON.parse(account!.roles[0]!.trustPolicy), trust);
  assert.deepEqual(account!.accessKeys, []);
});

test('a YAML file is read, with the account id quoted', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'openkms-principals-unit-')), 'p.yaml');
  writeFileSync(path, "accounts:\n  - id: '000000000001'\n    users:\n      - name: bob\n");
  assert.deepEqual(readPrincipalsFile(path).accounts[0]!.users[0]!.name, 'bob');
});

test('each problem is reported with its place in the file', () => {
  const cases: [unknown, RegExp][] = [
    [[], /top level: must be an object/],
    [{ accounts: {} }, /accounts: must be a list/],
    [{ accounts: [{ id: 111122223333 }] }, /accounts\[0\]\.id: must be a 12-digit account id in quotes/],
    [{ accounts: [{ id: '111122223333', users: [{ name: 'bad name' }] }] }, /accounts\[0\]\.users\[0\]\.name: must be an IAM user name/],
    [{ accounts: [{ id: '111122223333', users: [{ name: 'a', accessKeys: [{ accessKeyId: 'short', secretAccessKey: 'x' }] }] }] }, /accessKeys\[0\]\.accessKeyId/],
    [{ accounts: [{ id: '111122223333', users: [{ name: 'a', policies: { P: { ...allowAll, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] } } }] }] }, /policies\.P: Policy document should not specify a principal\./],
    [{ accounts: [{ id: '111122223333', roles: [{ name: 'R' }] }] }, /roles\[0\]\.trustPolicy: is required/],
    [{ accounts: [{ id: '111122223333', roles: [{ name: 'R', trustPolicy: trust, maxSessionDuration: 60 }] }] }, /maxSessionDuration: must be a number of seconds from 3600 to 43200/],
  ];
  for (const [raw, message] of cases) assert.throws(() => parsePrincipals(raw), { name: 'PrincipalsFileError', message }, String(message));
});
