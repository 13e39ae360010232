// Managing principals: `openkms admin` on a data directory (offline, also while the server runs), the principals file
// (JSON or YAML) applied at every start, secrets sealed at rest, and the bootstrap administrator beside them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { ACCOUNT_A, arn, kmsCall, principals, signedPost, stsCall, who, writePrincipalsFile, xmlValue } from '../support/authorization-fixture.js';

const run = promisify(execFile);
const ACCOUNT_C = '777788889999';

/** `openkms admin ...` as a separate process, the way an operator runs it. */
async function admin(dataDir: string, ...args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'admin', ...args, '--data-dir', dataDir], {
    env: { ...process.env, OPENKMS_ACCOUNT_ID: ACCOUNT_C },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<string, any>;
}

describe('openkms admin', () => {
  let dataDir: string;
  let t: TestServer | undefined;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'openkms-admin-'));
  });
  after(async () => {
    await t?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('creates an account, a user with an access key and a policy, offline; the server then honours them', async () => {
    assert.deepEqual(await admin(dataDir, 'create-account'), { Account: ACCOUNT_C });
    const user = await admin(dataDir, 'create-user', '--user-name', 'erin');
    assert.equal(user.User.Arn, `arn:aws:iam::${ACCOUNT_C}:user/erin`);
    const key = (await admin(dataDir, 'create-access-key', '--user-name', 'erin')).AccessKey;
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    const credentials = { accessKeyId: key.AccessKeyId as string, secretAccessKey: key.SecretAccessKey as string };
    const policyFile = join(dataDir, 'erin-policy.json');
    writeFileSync(policyFile, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' }] }));
    await admin(dataDir, 'put-user-policy', '--user-name', 'erin', '--policy-name', 'Create', '--policy-document', `file://${policyFile}`);

    t = await startTestServer({ dataDir });
    const created = await kmsCall(t.server.url, credentials, 'CreateKey', {});
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.KeyMetadata.AWSAccountId, ACCOUNT_C);
    assert.equal((await kmsCall(t.server.url, credentials, 'ListKeys', {})).json.__type, 'AccessDeniedException');

    // The secret is sealed at rest: it appears in no file of the data directory.
    for (const file of readdirSync(dataDir)) assert.ok(!readFileSync(join(dataDir, file)).includes(credentials.secretAccessKey), file);
  });

  test('list shows principals, access key ids and policy names, never secrets; edits apply while the server runs', async () => {
    const listing = await admin(dataDir, 'list', '--account-id', ACCOUNT_C);
    const erin = listing.Accounts[0].principals.find((p: { arn: string }) => p.arn.endsWith(':user/erin'));
    assert.deepEqual(erin.policies, ['Create']);
    assert.equal(erin.accessKeys.length, 1);
    assert.equal(JSON.stringify(listing).includes('SecretAccessKey'), false);
    const keyId = erin.accessKeys[0].accessKeyId as string;
    await admin(dataDir, 'delete-user-policy', '--user-name', 'erin', '--policy-name', 'Create');
    await admin(dataDir, 'delete-access-key', '--access-key-id', keyId);
    await assert.rejects(admin(dataDir, 'delete-access-key', '--access-key-id', keyId), /does not exist/);
    await assert.rejects(admin(dataDir, 'put-user-policy', '--user-name', 'erin', '--policy-name', 'Bad', '--policy-document', '{"Statement": []}'), /no statement/);
    // The server sees another process's change from its next request on (the IAM change counter moved).
    const refused = await kmsCall(t!.server.url, { accessKeyId: keyId, secretAccessKey: 'x' }, 'ListKeys', {});
    assert.equal(refused.json.__type, 'UnrecognizedClientException');
  });

  test("follows the IAM API's rules (it runs the same code), and what it makes is seen through the IAM API", async () => {
    await assert.rejects(admin(dataDir, 'create-user', '--user-name', 'ERIN'), /EntityAlreadyExists: User with name ERIN already exists\./);
    await admin(dataDir, 'create-access-key', '--user-name', 'erin');
    await admin(dataDir, 'create-access-key', '--user-name', 'erin');
    await assert.rejects(admin(dataDir, 'create-access-key', '--user-name', 'erin'), /LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] });
    await assert.rejects(admin(dataDir, 'create-role', '--role-name', 'R', '--assume-role-policy-document', trust), /MalformedPolicyDocument: Invalid principal in policy/);
    const root = (await admin(dataDir, 'create-access-key', '--root')).AccessKey;
    const body = new URLSearchParams({ Action: 'GetUser', Version: '2010-05-08', UserName: 'erin' }).toString();
    const got = await signedPost(t!.server.url, { accessKeyId: root.AccessKeyId, secretAccessKey: root.SecretAccessKey }, 'iam', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    assert.equal(got.status, 200, got.text);
    assert.equal(xmlValue(got.text, 'Arn'), `arn:aws:iam::${ACCOUNT_C}:user/erin`);
    assert.match(xmlValue(got.text, 'CreateDate') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});

describe('the principals file', () => {
  test('JSON works too; the bootstrap administrator keeps working beside it, with AdministratorAccess', async () => {
    const t = await startTestServer({ principalsFile: writePrincipalsFile(principals, 'json') });
    try {
      const alice = await stsCall(t.server.url, who.alice, { Action: 'GetCallerIdentity' });
      assert.equal(xmlValue(alice.text, 'Arn'), arn.alice);
      assert.equal((await kmsCall(t.server.url, who.admin, 'ListKeys', {})).status, 200);
      assert.deepEqual((await t.server.store.listIdentityPolicies(arn.admin)).map((p) => p.policyName), ['AdministratorAccess']);
    } finally {
      await t.cleanup();
    }
  });

  test('is applied again at every start: principal ids stay, policies follow the file', async () => {
    const file = writePrincipalsFile();
    const t = await startTestServer({ principalsFile: file });
    const before = (await t.server.store.getPrincipal(arn.alice))!.principalId;
    await t.stop();
    const changed = structuredClone(principals) as { accounts: { users: { policies?: Record<string, unknown> }[] }[] };
    changed.accounts[0]!.users[0]!.policies = { OnlyDescribe: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:DescribeKey'], Resource: '*' }] } };
    const again = await startTestServer({ dataDir: t.dataDir, principalsFile: writePrincipalsFile(changed) });
    try {
      assert.equal((await again.server.store.getPrincipal(arn.alice))!.principalId, before);
      assert.deepEqual((await again.server.store.listIdentityPolicies(arn.alice)).map((p) => p.policyName), ['OnlyDescribe']);
      assert.equal((await kmsCall(again.server.url, who.alice, 'ListKeys', {})).json.__type, 'AccessDeniedException');
    } finally {
      await again.cleanup();
    }
  });

  const broken: [string, unknown, RegExp][] = [
    ['an account id that is not 12 digits', { accounts: [{ id: 1234 }] }, /accounts\[0\]\.id: must be a 12-digit account id/],
    ['a malformed identity policy', { accounts: [{ id: ACCOUNT_A, users: [{ name: 'x', policies: { P: { Statement: [] } } }] }] }, /accounts\[0\]\.users\[0\]\.policies\.P: Policy contains no statement\./],
    ['a trust policy without a principal', { accounts: [{ id: ACCOUNT_A, roles: [{ name: 'R', trustPolicy: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] } }] }] }, /trustPolicy: Policy contains a statement with no principal/],
    ['a trust policy naming an unknown user', { accounts: [{ id: ACCOUNT_A, roles: [{ name: 'R', trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:user/ghost` }, Action: 'sts:AssumeRole' }] } }] }] }, /unknown principal/],
    ['the same access key twice', { accounts: [{ id: ACCOUNT_A, accessKeys: [who.rootA], users: [{ name: 'x', accessKeys: [who.rootA] }] }] }, /appears more than once/],
    ['the bootstrap administrator access key for someone else', { accounts: [{ id: ACCOUNT_A, users: [{ name: 'x', accessKeys: [who.admin] }] }] }, /already belongs to/],
  ];
  for (const [what, document, message] of broken) {
    test(`a file with ${what} stops the start with a message saying where`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'openkms-broken-'));
      try {
        await assert.rejects(startTestServer({ dataDir, principalsFile: writePrincipalsFile(document, 'json') }), message);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  test('nothing of a rejected file is applied', async () => {
    const t = await startTestServer();
    await t.stop();
    const document = { accounts: [{ id: ACCOUNT_A, users: [{ name: 'partial', accessKeys: [who.bob] }], roles: [{ name: 'R', trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] } }] }] };
    await assert.rejects(startTestServer({ dataDir: t.dataDir, principalsFile: writePrincipalsFile(document) }), /unknown account/);
    const again = await startTestServer({ dataDir: t.dataDir });
    try {
      assert.equal(await again.server.store.getPrincipal(`arn:aws:iam::${ACCOUNT_A}:user/partial`), undefined);
      assert.equal(await again.server.store.getAccessKey(who.bob.accessKeyId), undefined);
    } finally {
      await again.cleanup();
    }
  });
});
