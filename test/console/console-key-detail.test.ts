// A key's page and the other pages of the console in real Chromium: the key list (filter, pagination, column
// preferences), description, tags, key policy JSON, rotation, aliases, enable and disable, deletion scheduled and
// cancelled, Aliases, Event history and the (empty) External key stores list; every change is read back through
// @aws-sdk/client-kms, every refused one is shown to leave the key as it was, and each page is scanned with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ListResourceTagsCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { Browser, Page } from 'playwright-core';
import { assertConsoleBuilt, launchChromium, openConsolePage, screenshot, seriousAxeViolations, signIn, type ConsolePage } from '../support/console-browser.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

let t: TestServer;
let browser: Browser;
let c: ConsolePage;
let page: Page;
let keyId: string;

before(async () => {
  assertConsoleBuilt();
  t = await startTestServer({});
  // Twelve keys, so that the list has a second page at ten a page; the first is the one whose page is edited.
  for (let i = 0; i < 12; i++) {
    const key = (await t.kms.send(new CreateKeyCommand({ Description: `key ${i}`, Tags: [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: 'test' }] }))).KeyMetadata!;
    await t.kms.send(new CreateAliasCommand({ AliasName: `alias/key-${String(i).padStart(2, '0')}`, TargetKeyId: key.KeyId! }));
    if (i === 0) keyId = key.KeyId!;
  }
  browser = await launchChromium();
  c = await openConsolePage(browser);
  page = c.page;
  await signIn(page, t.server.url, { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY });
});
after(async () => {
  await c?.close();
  await browser?.close();
  await t?.cleanup();
  assert.deepEqual(c?.problems ?? [], []);
});

async function describeKey(): Promise<KeyMetadata> {
  return (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

async function policyOf(): Promise<string> {
  return (await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!;
}

async function tagsOf(): Promise<string[][]> {
  const tags = (await t.kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!;
  return tags.map((tag) => [tag.TagKey!, tag.TagValue!]).sort();
}

async function noSeriousViolations(where: string): Promise<void> {
  assert.deepEqual(await seriousAxeViolations(page), [], where);
}

async function openKeyPage(): Promise<void> {
  await page.goto(`${t.server.url}/console/keys/${keyId}`);
  await page.getByRole('heading', { name: 'key-00', level: 1 }).waitFor();
}

test('Customer managed keys: the table, its filter, pagination and column preferences', async () => {
  const table = page.getByRole('table', { name: 'Customer managed keys' });
  await table.getByRole('link', { name: 'key-11' }).waitFor();
  await screenshot(page, 'customer-managed-keys');
  await noSeriousViolations('Customer managed keys');
  for (const column of ['Aliases', 'Key ID', 'Status', 'Key spec', 'Key usage']) await table.getByRole('columnheader', { name: column }).waitFor();
  assert.equal(await table.getByRole('columnheader', { name: 'Origin' }).count(), 0);
  assert.equal(await table.getByRole('row').count(), 11, 'a header row and ten keys');
  await page.getByRole('button', { name: 'Next page' }).click();
  assert.equal(await table.getByRole('row').count(), 3, 'a header row and the last two keys');
  await page.getByRole('searchbox', { name: 'Filter keys' }).fill('key-07');
  await table.getByRole('link', { name: 'key-07' }).waitFor();
  assert.equal(await table.getByRole('row').count(), 2);
  await page.getByRole('searchbox', { name: 'Filter keys' }).fill('');
  await page.getByRole('button', { name: 'Preferences' }).click();
  await page.getByRole('dialog').getByLabel('Origin', { exact: true }).check();
  await page.getByRole('dialog').getByLabel('Custom key store ID', { exact: true }).check();
  await noSeriousViolations('Preferences');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await table.getByRole('columnheader', { name: 'Origin' }).waitFor();
  await table.getByRole('columnheader', { name: 'Custom key store ID' }).waitFor();
  assert.ok((await table.getByRole('cell', { name: 'AWS KMS' }).count()) >= 10);
});

test('Key actions on the list act on the selected key only', async () => {
  const table = page.getByRole('table', { name: 'Customer managed keys' });
  await table.getByRole('radio', { name: 'Select key alias/key-05' }).check();
  await page.getByRole('button', { name: 'Key actions' }).click();
  await page.getByRole('menuitem', { name: 'Disable' }).click();
  await page.getByText('The KMS key alias/key-05 was disabled.').waitFor();
  const target = (await t.kms.send(new ListAliasesCommand({}))).Aliases!.find((a) => a.AliasName === 'alias/key-05')!.TargetKeyId!;
  const states = await Promise.all(
    (await t.kms.send(new ListAliasesCommand({}))).Aliases!.filter((a) => a.AliasName!.startsWith('alias/key-')).map(async (a) => [a.TargetKeyId, (await t.kms.send(new DescribeKeyCommand({ KeyId: a.TargetKeyId! }))).KeyMetadata!.KeyState]),
  );
  assert.deepEqual(states.filter(([, state]) => state !== 'Enabled'), [[target, 'Disabled']]);
  await table.getByRole('row').filter({ hasText: 'key-05' }).getByText('Disabled', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Key actions' }).click();
  await page.getByRole('menuitem', { name: 'Enable' }).click();
  await page.getByText('The KMS key alias/key-05 was enabled.').waitFor();
  assert.equal((await t.kms.send(new DescribeKeyCommand({ KeyId: target }))).KeyMetadata!.KeyState, 'Enabled');
});

test('General configuration: Edit description → UpdateKeyDescription', async () => {
  await openKeyPage();
  await noSeriousViolations('key page');
  await page.getByRole('button', { name: 'Edit description' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Description' }).fill('edited in the console');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The description was updated.').waitFor();
  assert.equal((await describeKey()).Description, 'edited in the console');
  await page.getByText('edited in the console').first().waitFor();
});

test('Tags: a reserved aws: key is refused on the page and nothing changes; then change, remove and add in one save', async () => {
  await page.getByRole('tab', { name: 'Tags' }).click();
  await page.getByRole('cell', { name: 'payments' }).waitFor();
  await noSeriousViolations('Tags tab');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('textbox', { name: 'Tag key' }).nth(2).fill('aws:owner');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Tag keys beginning with aws: are reserved.').waitFor();
  assert.deepEqual(await tagsOf(), [['env', 'test'], ['team', 'payments']]);
  await page.getByRole('textbox', { name: 'Tag key' }).nth(2).fill('owner');
  await page.getByRole('textbox', { name: 'Tag value' }).nth(2).fill('alice');
  await page.getByRole('textbox', { name: 'Tag value' }).nth(1).fill('prod');
  await page.getByRole('button', { name: 'Remove tag' }).first().click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The tags were saved.').waitFor();
  assert.deepEqual(await tagsOf(), [['env', 'prod'], ['owner', 'alice']]);
});

test('Key policy, default view: Add and Remove key administrators and key users; a malformed ARN changes nothing', async () => {
  await page.getByRole('tab', { name: 'Key policy' }).click();
  await page.getByText(/^This key policy has none of the console's statements/).waitFor();
  const original = JSON.parse(await policyOf());
  const admin = `arn:aws:iam::${TEST_ACCOUNT}:user/admin`;
  await page.getByRole('button', { name: 'Add key administrators' }).click();
  const arn = page.getByRole('dialog').getByRole('textbox', { name: 'IAM user or role ARN' });
  await arn.fill('admin');
  await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('dialog').getByText(/^Enter the ARN of an IAM user or role/).waitFor();
  assert.deepEqual(JSON.parse(await policyOf()), original);
  await arn.fill(admin);
  await noSeriousViolations('Add key administrators');
  await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByText('The key policy was updated.').waitFor();
  let policy = JSON.parse(await policyOf());
  assert.deepEqual(policy.Statement[0], original.Statement[0], 'the statements already there are kept');
  assert.equal(policy.Statement[1].Sid, 'Allow access for Key Administrators');
  assert.equal(policy.Statement[1].Principal.AWS, admin);
  assert.ok(policy.Statement[1].Action.includes('kms:ScheduleKeyDeletion'));

  await page.getByRole('button', { name: 'Add key users' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'IAM user or role ARN' }).fill(admin);
  await page.getByRole('dialog').getByRole('button', { name: 'Add', exact: true }).click();
  // Named in both tables now: as administrator (first) and as user.
  await page.getByRole('cell', { name: admin, exact: true }).nth(1).waitFor();
  policy = JSON.parse(await policyOf());
  assert.deepEqual(policy.Statement.map((st: { Sid?: string }) => st.Sid).slice(1), ['Allow access for Key Administrators', 'Allow use of the key', 'Allow attachment of persistent resources']);
  await noSeriousViolations('Key policy default view');

  await page.getByRole('checkbox', { name: `Select ${admin}` }).first().check();
  await page.getByRole('button', { name: 'Remove key administrators' }).click();
  await page.getByText('None', { exact: true }).waitFor();
  assert.equal(await page.getByRole('cell', { name: admin, exact: true }).count(), 1);
  policy = JSON.parse(await policyOf());
  assert.deepEqual(policy.Statement.map((st: { Sid?: string }) => st.Sid).slice(1), ['Allow use of the key', 'Allow attachment of persistent resources']);
});

test('Key policy: the JSON is checked before it is sent, PutKeyPolicy saves it, and a refused one leaves it as it was', async () => {
  await page.getByRole('button', { name: 'Switch to policy view' }).click();
  const original = await policyOf();
  const box = page.getByRole('textbox', { name: 'Key policy' });
  assert.deepEqual(JSON.parse(await box.inputValue()), JSON.parse(original));
  await noSeriousViolations('Key policy tab');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await box.fill('{"Version": "2012-10-17", "Statement": [}');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(/^The key policy is not valid JSON: /).waitFor();
  assert.equal(await policyOf(), original);

  const lockout = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:user/nobody-here` }, Action: 'kms:*', Resource: '*' }] };
  await box.fill(JSON.stringify(lockout));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('MalformedPolicyDocumentException').first().waitFor();
  assert.equal(await policyOf(), original);

  const edited = JSON.parse(original);
  edited.Statement.push({ Sid: 'Added in the console', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` }, Action: 'kms:Decrypt', Resource: '*' });
  await box.fill(JSON.stringify(edited, null, 2));
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The key policy was updated.').waitFor();
  assert.deepEqual(JSON.parse(await policyOf()), edited);
});

test('Key rotation: a period outside 90-2560 days is refused; enable every 180 days, Rotate now, the history, disable', async () => {
  await page.getByRole('tab', { name: 'Key rotation' }).click();
  await page.getByRole('checkbox', { name: 'Automatically rotate this KMS key' }).check();
  const period = page.getByRole('spinbutton', { name: 'Rotation period (in days)' });
  await period.fill('89');
  await page.getByText('The rotation period is a whole number of days from 90 to 2560.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), true);
  assert.equal((await t.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled, false);
  await period.fill('180');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Automatic key rotation is enabled, every 180 days.').waitFor();
  const status = await t.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  assert.equal(status.KeyRotationEnabled, true);
  assert.equal(status.RotationPeriodInDays, 180);
  await noSeriousViolations('Key rotation tab');

  await page.getByRole('button', { name: 'Rotate now' }).click();
  await page.getByText('The key material rotation has started.').waitFor();
  const rotations = (await t.kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))).Rotations!;
  assert.equal(rotations.length, 1);
  assert.equal(rotations[0]!.RotationType, 'ON_DEMAND');
  await page.getByRole('table', { name: 'Rotation history' }).getByRole('cell', { name: 'On-demand' }).waitFor();
  await screenshot(page, 'key-rotation');

  await page.getByRole('checkbox', { name: 'Automatically rotate this KMS key' }).uncheck();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Automatic key rotation is disabled.').waitFor();
  assert.equal((await t.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled, false);
});

test('Aliases tab: Create alias (aws/ refused on the page) and Delete', async () => {
  await page.getByRole('tab', { name: 'Aliases' }).click();
  await page.getByRole('button', { name: 'Create alias' }).click();
  const name = page.getByRole('dialog').getByRole('textbox', { name: 'Alias name' });
  await name.fill('aws/second');
  await page.getByRole('dialog').getByRole('button', { name: 'Create alias' }).click();
  await page.getByRole('dialog').getByText(/^The alias name cannot begin with aws\//).waitFor();
  await name.fill('second');
  await page.getByRole('dialog').getByRole('button', { name: 'Create alias' }).click();
  await page.getByText('The alias alias/second was created.').waitFor();
  const target = async (alias: string) => (await t.kms.send(new ListAliasesCommand({ KeyId: keyId }))).Aliases!.some((a) => a.AliasName === alias);
  assert.equal(await target('alias/second'), true);
  await page.getByRole('tab', { name: 'Aliases' }).click();
  await page.getByRole('checkbox', { name: 'Select alias/second' }).check();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('Deleted alias/second.').waitFor();
  assert.equal(await target('alias/second'), false);
  assert.equal(await target('alias/key-00'), true);
});

async function keyAction(name: string): Promise<void> {
  await page.getByRole('button', { name: 'Key actions' }).click();
  await page.getByRole('menuitem', { name }).click();
}

test('Key actions: Disable and Enable', async () => {
  await openKeyPage();
  await keyAction('Disable');
  await page.getByText('The KMS key key-00 was disabled.').waitFor();
  assert.equal((await describeKey()).KeyState, 'Disabled');
  await keyAction('Enable');
  await page.getByText('The KMS key key-00 was enabled.').waitFor();
  assert.equal((await describeKey()).KeyState, 'Enabled');
});

test('Schedule key deletion: the waiting period must be 7-30 days and confirmed; then Cancel key deletion', async () => {
  await keyAction('Schedule key deletion');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('spinbutton', { name: 'Waiting period (in days)' }).fill('6');
  await dialog.getByText('The waiting period must be a whole number of days from 7 to 30.').waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Schedule deletion' }).isDisabled(), true);
  await dialog.getByRole('spinbutton', { name: 'Waiting period (in days)' }).fill('7');
  assert.equal(await dialog.getByRole('button', { name: 'Schedule deletion' }).isDisabled(), true, 'not before the confirmation');
  await dialog.getByRole('checkbox', { name: /^Confirm that you want to schedule this key for deletion after a 7 day waiting period/ }).check();
  await noSeriousViolations('Schedule key deletion');
  await screenshot(page, 'schedule-key-deletion');
  assert.equal((await describeKey()).KeyState, 'Enabled');
  const scheduledAt = Date.now();
  await dialog.getByRole('button', { name: 'Schedule deletion' }).click();
  await page.getByText(/^The KMS key key-00 is scheduled for deletion on /).waitFor();
  const pending = await describeKey();
  assert.equal(pending.KeyState, 'PendingDeletion');
  const days = (pending.DeletionDate!.getTime() - scheduledAt) / 86_400_000;
  assert.ok(days > 6.9 && days < 7.1, `deletion in ${days} days`);
  await page.getByText('Pending deletion').first().waitFor();

  await keyAction('Cancel key deletion');
  await page.getByText(/^Key deletion was canceled for key-00\./).waitFor();
  const cancelled = await describeKey();
  assert.equal(cancelled.KeyState, 'Disabled', 'AWS leaves a key whose deletion was cancelled disabled');
  assert.equal(cancelled.DeletionDate, undefined);
  await keyAction('Enable');
  await page.getByText('The KMS key key-00 was enabled.').waitFor();
});

test('Cryptographic configuration shows the key spec, usage, algorithms and origin', async () => {
  await page.getByRole('tab', { name: 'Cryptographic configuration' }).click();
  const panel = page.getByRole('tabpanel');
  for (const text of ['SYMMETRIC_DEFAULT', 'Encrypt and decrypt', 'AWS KMS', 'Encryption algorithms']) await panel.getByText(text, { exact: true }).first().waitFor();
  await noSeriousViolations('Cryptographic configuration tab');
});

test('Aliases page lists every alias with its key', async () => {
  await page.getByRole('link', { name: 'Aliases', exact: true }).first().click();
  const table = page.getByRole('table', { name: 'Aliases' });
  await table.getByRole('cell', { name: 'alias/key-11', exact: true }).waitFor();
  await table.getByRole('link', { name: keyId }).waitFor();
  await noSeriousViolations('Aliases page');
  await screenshot(page, 'aliases');
});

test('Event history: LookupEvents filtered by event name and by resource', async () => {
  await page.getByRole('link', { name: 'Event history' }).click();
  await page.getByRole('heading', { name: 'Event history' }).waitFor();
  await page.getByRole('textbox', { name: 'Attribute value' }).fill('ScheduleKeyDeletion');
  await page.getByRole('button', { name: 'Search' }).click();
  const table = page.getByRole('table', { name: 'Event history' });
  await table.getByRole('button', { name: /^View event ScheduleKeyDeletion/ }).first().waitFor();
  assert.equal(await table.getByRole('button', { name: /^View event CreateKey/ }).count(), 0);
  await noSeriousViolations('Event history');
  await screenshot(page, 'event-history');
  await table.getByRole('button', { name: /^View event ScheduleKeyDeletion/ }).first().click();
  await page.getByRole('dialog').getByText('"eventName": "ScheduleKeyDeletion"').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Lookup attribute').click();
  await page.getByRole('option', { name: 'Resource name' }).click();
  const arn = (await describeKey()).Arn!;
  await page.getByRole('textbox', { name: 'Attribute value' }).fill(arn);
  await page.getByRole('button', { name: 'Search' }).click();
  await table.getByRole('button', { name: /^View event EnableKey/ }).first().waitFor();
  const rows = await table.getByRole('row').count();
  assert.equal(await table.getByRole('row').filter({ hasText: arn }).count(), rows - 1, 'every event found names the key');
});

test('HTML in a description, a tag or an alias target is shown as text, never run', async () => {
  const markup = '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script>';
  const key = (await t.kms.send(new CreateKeyCommand({ Description: markup, Tags: [{ TagKey: 'note', TagValue: markup }] }))).KeyMetadata!;
  await t.kms.send(new CreateAliasCommand({ AliasName: 'alias/markup', TargetKeyId: key.KeyId! }));
  await page.goto(`${t.server.url}/console/keys/${key.KeyId}`);
  await page.getByRole('heading', { name: 'markup', level: 1 }).waitFor();
  await page.getByText(markup, { exact: true }).first().waitFor();
  await page.getByRole('tab', { name: 'Tags' }).click();
  await page.getByRole('cell', { name: markup, exact: true }).waitFor();
  assert.equal(await page.evaluate(() => (globalThis as { __injected?: number }).__injected), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
});

test('External key stores lists the Region\'s external key stores: none here', async () => {
  await page.getByRole('link', { name: 'External key stores' }).click();
  await page.getByText('No external key stores in this Region.').waitFor();
  await noSeriousViolations('External key stores');
});
