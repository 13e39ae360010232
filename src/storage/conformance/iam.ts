// Conformance of the IAM role: accounts, principals, access keys with their sealed secrets, identity policies and
// role settings, principals' IAM details, access key status, managed policies and their attachments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessKeyRecord, ManagedPolicyRecord, PrincipalRecord } from '../iam-repository.js';
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

  test('principals: path, creation date, tags and description are read back; an update without them keeps them', () =>
    use(async (store) => {
      const bob: PrincipalRecord = {
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/eng/bob`,
        kind: 'user',
        name: 'bob',
        principalId: 'AIDABOB',
        path: '/eng/',
        createdAt: at(5),
        tags: [{ Key: 'team', Value: 'kms' }, { Key: 'a', Value: '' }],
        description: 'builds things',
      };
      await store.write((tx) => tx.putPrincipal(bob));
      assert.deepEqual(await store.getPrincipal(bob.arn), bob);
      await store.write((tx) => tx.putPrincipal({ accountId: ACCOUNT, arn: bob.arn, kind: 'user', name: 'bob', principalId: 'AIDABOB' }));
      assert.deepEqual(await store.getPrincipal(bob.arn), bob);
      await store.write((tx) => tx.putPrincipal({ ...bob, tags: [] }));
      assert.deepEqual((await store.getPrincipal(bob.arn))?.tags, []);
    }));

  test('principals: deleting one removes it and its role settings, and nothing of others', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putPrincipal(app);
        await tx.putPrincipal(alice);
        await tx.putRoleSettings({ roleArn: app.arn, trustPolicy: '{}', maxSessionDurationSeconds: 3600 });
      });
      await store.write((tx) => tx.deletePrincipal(app.arn));
      assert.equal(await store.getPrincipal(app.arn), undefined);
      assert.equal(await store.getRoleSettings(app.arn), undefined);
      assert.deepEqual(await store.getPrincipal(alice.arn), alice);
    }));

  test('access keys: the status is stored, changed by id, shown in listings; absent means Active', () =>
    use(async (store) => {
      await store.write(async (tx) => {
        await tx.putAccessKey({ accessKeyId: 'AKIAONE', secretAccessKey: 's1', principalArn: alice.arn, createdAt: at(1) });
        await tx.putAccessKey({ accessKeyId: 'AKIATWO', secretAccessKey: 's2', principalArn: alice.arn, createdAt: at(2), status: 'Active' });
      });
      assert.equal((await store.getAccessKey('AKIAONE'))?.status, undefined);
      await store.write((tx) => tx.setAccessKeyStatus('AKIATWO', 'Inactive'));
      assert.equal((await store.getAccessKey('AKIATWO'))?.status, 'Inactive');
      assert.equal((await store.getAccessKey('AKIATWO'))?.secretAccessKey, 's2');
      assert.deepEqual((await store.listAccessKeys(alice.arn)).map((k) => k.status), [undefined, 'Inactive']);
    }));

  test('managed policies: read back, listed by account and ARN, replaced by ARN, deleted', () =>
    use(async (store) => {
      const policy = (name: string, accountId = ACCOUNT): ManagedPolicyRecord => ({
        arn: `arn:aws:iam::${accountId}:policy/${name}`,
        accountId,
        policyName: name,
        policyId: `ANPA${name.toUpperCase()}`,
        path: '/',
        document: '{"Version":"2012-10-17","Statement":[]}',
        defaultVersionId: 'v1',
        createdAt: at(1),
        updatedAt: at(2),
      });
      await store.write(async (tx) => {
        await tx.putManagedPolicy(policy('b'));
        await tx.putManagedPolicy({ ...policy('a'), description: 'first', tags: [{ Key: 'k', Value: 'v' }] });
        await tx.putManagedPolicy(policy('c', OTHER));
      });
      assert.deepEqual(await store.getManagedPolicy(policy('a').arn), { ...policy('a'), description: 'first', tags: [{ Key: 'k', Value: 'v' }] });
      assert.deepEqual((await store.listManagedPolicies(ACCOUNT)).map((p) => p.policyName), ['a', 'b']);
      await store.write((tx) => tx.putManagedPolicy({ ...policy('b'), document: '{"v":2}', defaultVersionId: 'v2' }));
      assert.equal((await store.getManagedPolicy(policy('b').arn))?.document, '{"v":2}');
      await store.write((tx) => tx.deleteManagedPolicy(policy('b').arn));
      assert.equal(await store.getManagedPolicy(policy('b').arn), undefined);
      assert.deepEqual((await store.listManagedPolicies(OTHER)).map((p) => p.policyName), ['c']);
    }));

  test('policy attachments: idempotent, listed both ways, with the documents of stored policies only', () =>
    use(async (store) => {
      const mine = `arn:aws:iam::${ACCOUNT}:policy/mine`;
      const awsManaged = 'arn:aws:iam::aws:policy/AdministratorAccess';
      await store.write(async (tx) => {
        await tx.putManagedPolicy({
          arn: mine, accountId: ACCOUNT, policyName: 'mine', policyId: 'ANPAMINE', path: '/', document: '{"d":1}',
          defaultVersionId: 'v1', createdAt: at(1), updatedAt: at(1),
        });
        await tx.attachPolicy(alice.arn, mine);
        await tx.attachPolicy(alice.arn, mine);
        await tx.attachPolicy(alice.arn, awsManaged);
        await tx.attachPolicy(app.arn, mine);
      });
      assert.deepEqual(await store.listAttachedPolicies(alice.arn), [
        { principalArn: alice.arn, policyArn: mine, document: '{"d":1}' },
        { principalArn: alice.arn, policyArn: awsManaged },
      ]);
      assert.deepEqual(await store.listPolicyAttachments(mine), [app.arn, alice.arn]);
      await store.write((tx) => tx.detachPolicy(alice.arn, mine));
      assert.deepEqual((await store.listAttachedPolicies(alice.arn)).map((a) => a.policyArn), [awsManaged]);
      assert.deepEqual(await store.listPolicyAttachments(mine), [app.arn]);
      assert.deepEqual(await store.listAttachedPolicies(`arn:aws:iam::${ACCOUNT}:user/nobody`), []);
    }));
}
