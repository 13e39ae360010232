// Conformance of the IAM role: accounts, principals, access keys with their sealed secrets, identity policies and
// role settings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessKeyRecord, PrincipalRecord } from '../iam-repository.js';
import { at } from './fixtures.js';
import type { UseStore } from './store-backend.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const alice: PrincipalRecord = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, kind: 'user', name: 'alice', principalId: 'AIDAALICE' };
const app: PrincipalRecord = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:role/app`, kind: 'role', name: 'app', principalId: 'AROAAPP' };
const root: PrincipalRecord = { accountId: OTHER, arn: `arn:aws:iam::${OTHER}:root`, kind: 'root', name: 'root', principalId: OTHER };

export function iamConformance(use: UseStore): void {
  test('accounts: storing one twice is harmless, and they are listed sorted', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putAccount(OTHER);
        await tx.putAccount(ACCOUNT);
        await tx.putAccount(OTHER);
      });
      assert.deepEqual(await store.listAccounts(), [ACCOUNT, OTHER]);
      assert.equal(await store.accountExists(ACCOUNT), true);
      assert.equal(await store.accountExists('999999999999'), false);
    }));

  test('principals: read back, listed by account then ARN, and updated by ARN with their principal id kept', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        for (const principal of [root, app, alice]) await tx.putPrincipal(principal);
      });
      assert.deepEqual(await store.getPrincipal(alice.arn), alice);
      assert.deepEqual((await store.listPrincipals()).map((p) => p.arn), [app.arn, alice.arn, root.arn]);
      assert.deepEqual((await store.listPrincipals(OTHER)).map((p) => p.arn), [root.arn]);
      await store.write((tx) => tx.putPrincipal({ ...alice, name: 'alice2', principalId: 'AIDACHANGED' }));
      assert.deepEqual(await store.getPrincipal(alice.arn), { ...alice, name: 'alice2' });
      assert.equal(await store.getPrincipal(`arn:aws:iam::${ACCOUNT}:user/nobody`), undefined);
    }));

  test('access keys: the secret is read back as stored; listings carry no secret, oldest first', () =>
    use(async (store) => {
      const longTerm: AccessKeyRecord = { accessKeyId: 'AKIAALICE2', secretAccessKey: 'secret-of-alice-2', principalArn: alice.arn, createdAt: at(20) };
      const older: AccessKeyRecord = { accessKeyId: 'AKIAALICE1', secretAccessKey: 'secret-of-alice-1', principalArn: alice.arn, createdAt: at(10) };
      const session: AccessKeyRecord = {
        accessKeyId: 'ASIAAPP1',
        secretAccessKey: 'secret-of-a-session',
        principalArn: app.arn,
        sessionTokenHash: 'ab'.repeat(32),
        expiration: at(3600),
        createdAt: at(30),
        sessionName: 'deploy',
      };
      await store.write(async (tx) => {
        for (const accessKey of [longTerm, older, session]) await tx.putAccessKey(accessKey);
      });
      assert.deepEqual(await store.getAccessKey(longTerm.accessKeyId), longTerm);
      assert.deepEqual(await store.getAccessKey(session.accessKeyId), session);
      assert.deepEqual(await store.listAccessKeys(alice.arn), [
        { accessKeyId: 'AKIAALICE1', principalArn: alice.arn, createdAt: at(10) },
        { accessKeyId: 'AKIAALICE2', principalArn: alice.arn, createdAt: at(20) },
      ]);
      assert.deepEqual(await store.listAccessKeys(app.arn), [{ accessKeyId: 'ASIAAPP1', principalArn: app.arn, createdAt: at(30), expiration: at(3600), sessionName: 'deploy' }]);
      await store.write((tx) => tx.deleteAccessKey(older.accessKeyId));
      assert.equal(await store.getAccessKey(older.accessKeyId), undefined);
      assert.deepEqual((await store.listAccessKeys(alice.arn)).map((k) => k.accessKeyId), ['AKIAALICE2']);
    }));

  test('an access key id is unique: storing it again replaces its secret', () =>
    use(async (store) => {
      await store.write((tx) => tx.putAccessKey({ accessKeyId: 'AKIAADMIN', secretAccessKey: 'first', principalArn: alice.arn, createdAt: at(1) }));
      await store.write((tx) => tx.putAccessKey({ accessKeyId: 'AKIAADMIN', secretAccessKey: 'second', principalArn: alice.arn, createdAt: at(1) }));
      assert.equal((await store.getAccessKey('AKIAADMIN'))?.secretAccessKey, 'second');
      assert.equal((await store.listAccessKeys(alice.arn)).length, 1);
    }));

  test('identity policies: listed by name, replaced by name, deleted by name', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putIdentityPolicy({ principalArn: alice.arn, policyName: 'b', document: '{"v":1}' });
        await tx.putIdentityPolicy({ principalArn: alice.arn, policyName: 'a', document: '{"v":2}' });
        await tx.putIdentityPolicy({ principalArn: app.arn, policyName: 'a', document: '{"v":3}' });
      });
      await store.write((tx) => tx.putIdentityPolicy({ principalArn: alice.arn, policyName: 'b', document: '{"v":4}' }));
      assert.deepEqual(await store.listIdentityPolicies(alice.arn), [
        { principalArn: alice.arn, policyName: 'a', document: '{"v":2}' },
        { principalArn: alice.arn, policyName: 'b', document: '{"v":4}' },
      ]);
      await store.write((tx) => tx.deleteIdentityPolicy(alice.arn, 'a'));
      assert.deepEqual((await store.listIdentityPolicies(alice.arn)).map((p) => p.policyName), ['b']);
      assert.equal((await store.listIdentityPolicies(app.arn)).length, 1);
    }));

  test('role settings: read back and replaced by role', () =>
    use(async (store) => {
      await store.write((tx) => tx.putRoleSettings({ roleArn: app.arn, trustPolicy: '{"t":1}', maxSessionDurationSeconds: 3600 }));
      await store.write((tx) => tx.putRoleSettings({ roleArn: app.arn, trustPolicy: '{"t":2}', maxSessionDurationSeconds: 7200 }));
      assert.deepEqual(await store.getRoleSettings(app.arn), { roleArn: app.arn, trustPolicy: '{"t":2}', maxSessionDurationSeconds: 7200 });
      assert.equal(await store.getRoleSettings(`arn:aws:iam::${ACCOUNT}:role/none`), undefined);
    }));

  test('settings: absent until stored, then replaced by name', () =>
    use(async (store) => {
      assert.equal(await store.getSetting('audit.retentionDays'), undefined);
      await store.write((tx) => tx.putSetting('audit.retentionDays', '30'));
      await store.write((tx) => tx.putSetting('audit.retentionDays', '90'));
      assert.equal(await store.getSetting('audit.retentionDays'), '90');
    }));
}
