// The Create key wizard's Key administrators and Key users tables in real Chromium: they list the account's IAM users
// and roles (IAM ListUsers and ListRoles) for a caller who may list them, and for one who may not (no iam:* permission)
// they say why and keep the typed-ARN fallback; the key policy the wizard sends is read back through the SDK.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { GetKeyPolicyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { Browser, Page } from 'playwright-core';
import { assertConsoleBuilt, launchChromium, openConsolePage, seriousAxeViolations, signIn, type ConsolePage } from '../support/console-browser.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_ACCOUNT, TEST_REGION, type TestServer } from '../support/test-server.js';

const BOB = `arn:aws:iam::${TEST_ACCOUNT}:user/team/kms-admin-bob`;
const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/KMSAdminRole`;

let t: TestServer;
let iam: IAMClient;
let browser: Browser;
const pages: ConsolePage[] = [];
let limited: { accessKeyId: string; secretAccessKey: string };

before(async () => {
  assertConsoleBuilt();
  t = await startTestServer();
  iam = new IAMClient({ endpoint: t.server.url, region: TEST_REGION, credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, maxAttempts: 1 });
  await iam.send(new CreateUserCommand({ UserName: 'kms-admin-bob', Path: '/team/' }));
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'KMSAdminRole', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  // A user who may use KMS but not list IAM users or roles.
  await iam.send(new CreateUserCommand({ UserName: 'kms-only' }));
  const kmsOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
  await iam.send(new PutUserPolicyCommand({ UserName: 'kms-only', PolicyName: 'kms', PolicyDocument: JSON.stringify(kmsOnly) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'kms-only' }))).AccessKey!;
  limited = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  browser = await launchChromium();
});
after(async () => {
  for (const p of pages) await p.close();
  await browser?.close();
  iam?.destroy();
  await t?.cleanup();
  for (const p of pages) assert.deepEqual(p.problems, []);
});

async function signedIn(credentials: { accessKeyId: string; secretAccessKey: string }): Promise<Page> {
  const c = await openConsolePage(browser);
  pages.push(c);
  await signIn(c.page, t.server.url, credentials);
  return c.page;
}

async function toAdministratorsStep(page: Page, alias: string): Promise<void> {
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByLabel('Alias', { exact: true }).fill(alias);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('heading', { name: 'Define key administrative permissions', level: 1 }).waitFor();
}

test('a caller who may list IAM users and roles chooses administrators and users from them', async () => {
  const page = await signedIn({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY });
  await toAdministratorsStep(page, 'iam-listed');
  await page.getByRole('checkbox', { name: `Select ${BOB}` }).check();
  await page.getByText('kms-admin-bob', { exact: true }).first().waitFor();
  assert.equal(await page.getByText('could not be listed').count(), 0);
  assert.deepEqual(await seriousAxeViolations(page), []);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('heading', { name: 'Define key usage permissions', level: 1 }).waitFor();
  await page.getByRole('checkbox', { name: `Select ${ROLE}` }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText(/Your AWS KMS key was created with alias alias\/iam-listed/).waitFor({ timeout: 60_000 });
  const keyId = (await t.kms.send(new ListAliasesCommand({}))).Aliases!.find((a) => a.AliasName === 'alias/iam-listed')!.TargetKeyId!;
  const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
  const principals = (sid: string) => policy.Statement.find((s: { Sid: string }) => s.Sid === sid).Principal.AWS;
  assert.equal(principals('Allow access for Key Administrators'), BOB);
  assert.equal(principals('Allow use of the key'), ROLE);
});

test('a caller refused iam:ListUsers is told why and still adds a principal by its ARN', async () => {
  const page = await signedIn(limited);
  await toAdministratorsStep(page, 'iam-refused');
  await page.getByText(/could not be listed \(AccessDenied: .*iam:ListUsers/).first().waitFor();
  assert.equal(await page.getByRole('checkbox', { name: `Select ${BOB}` }).count(), 0, 'nothing the caller may not list is shown');
  await page.getByRole('textbox', { name: 'IAM user or role ARN for key administrators' }).fill(ROLE);
  await page.getByRole('button', { name: 'Add ARN to key administrators' }).click();
  assert.equal(await page.getByRole('checkbox', { name: `Select ${ROLE}` }).isChecked(), true);
  assert.deepEqual(await seriousAxeViolations(page), []);
});
