// The External key stores pages in real Chromium against a real openkms whose external key stores reach the test XKS
// proxy of test/support/xks-test-proxy.ts over HTTPS (its scratch CA trusted through the server's xks CA bundle, its
// host name resolved by an xks resolve entry): create, edit and delete a store; a store refused by the proxy; connect;
// a KMS key created from the store's page (the guide's Method 1) and one from the wizard (Method 2), both used through
// @aws-sdk/client-kms; disconnect; a delete refused while the store holds keys. Every page is scanned with axe-core
// and the create form is filled by keyboard alone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListKeysCommand,
  UpdateCustomKeyStoreCommand,
  type CustomKeyStoresListEntry,
} from '@aws-sdk/client-kms';
import type { Browser, Page } from 'playwright-core';
import { assertConsoleBuilt, launchChromium, openConsolePage, screenshot, seriousAxeViolations, signIn, type ConsolePage } from '../support/console-browser.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, startTestServer, type TestServer } from '../support/test-server.js';
import { TestXksProxy, XKS_TEST_HOST } from '../support/xks-test-proxy.js';

let proxy: TestXksProxy;
let t: TestServer;
let browser: Browser;
let c: ConsolePage;
let page: Page;

before(async () => {
  assertConsoleBuilt();
  proxy = await TestXksProxy.start();
  t = await startTestServer({ xks: { caBundleFile: proxy.caFile, resolve: [{ host: XKS_TEST_HOST, address: '127.0.0.1', port: proxy.port }] } });
  browser = await launchChromium();
  c = await openConsolePage(browser);
  page = c.page;
  await signIn(page, t.server.url, { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY });
});
after(async () => {
  await c?.close();
  await browser?.close();
  await t?.cleanup();
  await proxy?.stop();
  assert.deepEqual(c?.problems ?? [], []);
});

async function stores(): Promise<CustomKeyStoresListEntry[]> {
  return (await t.kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores ?? [];
}

async function storeNamed(name: string): Promise<CustomKeyStoresListEntry | undefined> {
  return (await stores()).find((s) => s.CustomKeyStoreName === name);
}

async function assertNoSeriousViolations(where: string): Promise<void> {
  assert.deepEqual(await seriousAxeViolations(page), [], where);
}

async function dismissMessages(): Promise<void> {
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss message' }).all()) await dismiss.click();
}

async function openList(): Promise<void> {
  await page.getByRole('link', { name: 'External key stores', exact: true }).first().click();
  await page.getByRole('heading', { name: 'External key stores', level: 1 }).waitFor();
}

async function openCreateForm(): Promise<void> {
  await openList();
  await page.getByRole('link', { name: 'Create external key store' }).click();
  await page.getByRole('heading', { name: 'Create external key store', level: 1 }).waitFor();
}

async function fillCreateForm(name: string, secret = proxy.secretAccessKey): Promise<void> {
  await page.getByLabel('Key store name').fill(name);
  await page.getByLabel('Proxy URI endpoint').fill(proxy.uriEndpoint);
  await page.getByLabel('Proxy URI path').fill(proxy.uriPath);
  await page.getByLabel('Proxy credential: Access key ID').fill(proxy.accessKeyId);
  await page.getByLabel('Proxy credential: Secret access key').fill(secret);
}

async function submitCreateForm(): Promise<void> {
  await page.getByRole('button', { name: 'Create external key store' }).click();
}

async function keyStoreAction(action: 'Connect' | 'Disconnect' | 'Edit' | 'Delete'): Promise<void> {
  await page.getByRole('button', { name: 'Key store actions' }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}

async function encryptsAndDecrypts(keyId: string): Promise<void> {
  const plaintext = Buffer.from(`through ${keyId}`);
  const before = proxy.seen.filter((s) => s.api === 'encrypt').length;
  const encrypted = await t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
  assert.ok(proxy.seen.filter((s) => s.api === 'encrypt').length > before, 'the proxy took part in Encrypt');
  const decrypted = await t.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob! }));
  assert.equal(decrypted.KeyId, (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Arn);
  assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
}

/** Finish, then the new key's id, read from the success message. */
async function finishAndReadKeyId(alias: string): Promise<string> {
  await page.getByRole('button', { name: 'Finish' }).click();
  const message = page.getByText(new RegExp(`Your AWS KMS key was created with alias alias/${alias} and key ID `));
  await message.waitFor({ timeout: 60_000 });
  return /key ID (\S+)\.$/.exec((await message.textContent())!)![1]!;
}

/** From the Configure key step with the store and external key filled in: labels, permissions, review, finish. */
async function completeWizard(alias: string): Promise<string> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('heading', { name: 'Add labels', level: 1 }).waitFor();
  await page.getByLabel('Alias', { exact: true }).fill(alias);
  for (const heading of ['Define key administrative permissions', 'Define key usage permissions', 'Review']) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }
  return finishAndReadKeyId(alias);
}

test('an empty Region: the list says so, and the page has no serious accessibility violations', async () => {
  await openList();
  await page.getByText('No external key stores in this Region.').waitFor();
  await assertNoSeriousViolations('External key stores, empty');
});

test('a proxy that refuses the credential: the exception is shown and no store is created', async () => {
  await openCreateForm();
  await fillCreateForm('refused', `${proxy.secretAccessKey.slice(0, -2)}AB`);
  await submitCreateForm();
  await page.getByText('XksProxyIncorrectAuthenticationCredentialException').waitFor();
  assert.deepEqual(await stores(), []);
  await page.getByRole('heading', { name: 'Create external key store', level: 1 }).waitFor();
  await dismissMessages();
});

test('required fields: the form says what is missing and sends nothing', async () => {
  await openCreateForm();
  await submitCreateForm();
  assert.ok((await page.getByText('This field is required.').count()) >= 5);
  assert.deepEqual(await stores(), []);
});

test('the create form by keyboard alone, then edit the disconnected store and delete it', async () => {
  await openCreateForm();
  await assertNoSeriousViolations('Create external key store');
  await page.getByLabel('Key store name').focus();
  await page.keyboard.type('keyboard-store');
  for (const [label, value] of [
    ['Proxy URI endpoint', proxy.uriEndpoint],
    ['Proxy URI path', proxy.uriPath],
    ['Proxy credential: Access key ID', proxy.accessKeyId],
    ['Proxy credential: Secret access key', proxy.secretAccessKey],
  ] as const) {
    await tabTo(label);
    await page.keyboard.type(value);
  }
  await tabTo('Create external key store');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'keyboard-store', level: 1 }).waitFor();
  const created = (await storeNamed('keyboard-store'))!;
  assert.equal(created.ConnectionState, 'DISCONNECTED');
  assert.deepEqual(created.XksProxyConfiguration, {
    Connectivity: 'PUBLIC_ENDPOINT',
    AccessKeyId: proxy.accessKeyId,
    UriEndpoint: proxy.uriEndpoint,
    UriPath: proxy.uriPath,
  });
  assert.equal((await page.content()).includes(proxy.secretAccessKey), false, 'the page never shows the proxy secret');

  await keyStoreAction('Edit');
  await page.getByRole('heading', { name: 'Edit keyboard-store', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('Proxy credential: Secret access key').inputValue(), '');
  await page.getByLabel('Key store name').fill('renamed-store');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: 'renamed-store', level: 1 }).waitFor();
  const renamed = (await storeNamed('renamed-store'))!;
  assert.equal(renamed.CustomKeyStoreId, created.CustomKeyStoreId);
  assert.deepEqual(renamed.XksProxyConfiguration, created.XksProxyConfiguration);

  await keyStoreAction('Delete');
  const dialog = page.getByRole('dialog');
  await dialog.getByText('renamed-store').waitFor();
  await assertNoSeriousViolations('Delete external key store');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('The external key store renamed-store was deleted.').waitFor();
  await page.getByRole('heading', { name: 'External key stores', level: 1 }).waitFor();
  assert.deepEqual(await stores(), []);
  await dismissMessages();
});

let storeId: string;

test('create a store, connect it, and create a KMS key in it from its page (Method 1); the key encrypts through the proxy', async () => {
  await openCreateForm();
  await fillCreateForm('orders-xks');
  await submitCreateForm();
  await page.getByRole('heading', { name: 'orders-xks', level: 1 }).waitFor();
  storeId = (await storeNamed('orders-xks'))!.CustomKeyStoreId!;
  await page.getByText('Disconnected', { exact: true }).waitFor();
  await assertNoSeriousViolations('External key store, disconnected');

  // Not connected yet: the console offers to connect first, then goes on to the wizard.
  await page.getByRole('button', { name: 'Create a KMS key in this key store' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/is not connected/).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await keyStoreAction('Connect');
  await page.getByText('The external key store orders-xks is connected.').waitFor();
  await page.getByText('Connected', { exact: true }).waitFor();
  assert.equal((await storeNamed('orders-xks'))!.ConnectionState, 'CONNECTED');
  await assertNoSeriousViolations('External key store, connected');
  await screenshot(page, 'external-key-store');

  proxy.addKey('console-method-1');
  await page.getByRole('button', { name: 'Create a KMS key in this key store' }).click();
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  assert.equal(await page.getByRole('radio', { name: /^External key store/ }).isChecked(), true);
  assert.equal(await page.getByRole('radio', { name: 'orders-xks' }).isChecked(), true);
  await page.getByLabel('External key ID').fill('console-method-1');
  // Without the confirmation the wizard does not move on.
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('You must confirm to create a KMS key in an external key store.').waitFor();
  await page.getByRole('checkbox', { name: /I understand that I am creating this KMS key/ }).check();
  await assertNoSeriousViolations('Create key, external key store');
  const keyId = await completeWizard('orders-external');
  const key = (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.equal(key.Origin, 'EXTERNAL_KEY_STORE');
  assert.equal(key.CustomKeyStoreId, storeId);
  assert.equal(key.XksKeyConfiguration?.Id, 'console-method-1');
  assert.equal(key.KeySpec, 'SYMMETRIC_DEFAULT');
  await encryptsAndDecrypts(keyId);
  await dismissMessages();
});

test('the wizard from Customer managed keys (Method 2): External key store origin, choose the store, enter the external key', async () => {
  proxy.addKey('console-method-2');
  await page.getByRole('link', { name: 'Customer managed keys', exact: true }).first().click();
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByRole('radio', { name: /^External key store/ }).check();
  // An external key store holds only single-Region keys.
  assert.equal(await page.getByRole('radio', { name: /^Multi-Region key/ }).isDisabled(), true);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('Choose a connected external key store.').first().waitFor();
  await page.getByRole('radio', { name: 'orders-xks' }).check();
  await page.getByLabel('External key ID').fill('console-method-2');
  await page.getByRole('checkbox', { name: /I understand that I am creating this KMS key/ }).check();
  const keyId = await completeWizard('orders-external-2');
  const key = (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
  assert.deepEqual([key.Origin, key.CustomKeyStoreId, key.XksKeyConfiguration?.Id], ['EXTERNAL_KEY_STORE', storeId, 'console-method-2']);
  await encryptsAndDecrypts(keyId);
  await dismissMessages();
});

test('an external key the proxy does not have: the exception is shown and no key is left behind', async () => {
  await page.goto(`${t.server.url}/console/keys/create?customKeyStoreId=${storeId}`);
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  await page.getByLabel('External key ID').fill('no-such-external-key');
  await page.getByRole('checkbox', { name: /I understand that I am creating this KMS key/ }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByLabel('Alias', { exact: true }).fill('never-made');
  for (const heading of ['Define key administrative permissions', 'Define key usage permissions', 'Review']) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText('XksKeyNotFoundException').waitFor();
  const keys = (await t.kms.send(new ListKeysCommand({}))).Keys!;
  const external = await Promise.all(keys.map(async (k) => (await t.kms.send(new DescribeKeyCommand({ KeyId: k.KeyId! }))).KeyMetadata!.XksKeyConfiguration?.Id));
  assert.deepEqual(external.filter(Boolean).sort(), ['console-method-1', 'console-method-2']);
  await dismissMessages();
});

test('the list shows the store; disconnect it; Delete is refused while it holds KMS keys', async () => {
  await openList();
  const table = page.getByRole('table', { name: 'External key stores' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'orders-xks', exact: true }) });
  for (const text of [storeId, 'Connected', 'Public endpoint', proxy.uriEndpoint]) await row.getByText(text, { exact: true }).waitFor();
  await assertNoSeriousViolations('External key stores, one store');
  await screenshot(page, 'external-key-stores');

  await row.getByRole('link', { name: 'orders-xks', exact: true }).click();
  await page.getByRole('heading', { name: 'orders-xks', level: 1 }).waitFor();
  await keyStoreAction('Disconnect');
  await page.getByText('The external key store orders-xks is disconnected.').waitFor();
  await page.getByText('Disconnected', { exact: true }).waitFor();
  assert.equal((await storeNamed('orders-xks'))!.ConnectionState, 'DISCONNECTED');

  await keyStoreAction('Delete');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('CustomKeyStoreHasCMKsException').waitFor();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await storeNamed('orders-xks'))?.CustomKeyStoreId, storeId);
});

/** What focusedName reads in the page (this program is compiled without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  innerText: string;
  labels?: ArrayLike<{ innerText: string }> | null;
}
declare const document: { activeElement: PageElement | null; getElementById(id: string): PageElement | null };

/** The accessible name of the focused element: aria-label, aria-labelledby, its label, or its text. */
async function focusedName(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return '';
    const labelledBy = el.getAttribute('aria-labelledby')?.split(/\s+/).map((id: string) => document.getElementById(id)?.innerText ?? '').join(' ');
    const label = el.getAttribute('aria-label') ?? (labelledBy?.trim() || undefined) ?? el.labels?.[0]?.innerText ?? el.innerText ?? '';
    return label.trim().split('\n')[0]!.trim();
  });
}

async function tabTo(name: string): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    if ((await focusedName()) === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('HTML in a store name is shown as text, never run', async () => {
  const markup = '<img src=x onerror="window.__injected=1"><script>window.__injected=2</script>';
  await t.kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, NewCustomKeyStoreName: markup }));
  await openList();
  await page.getByRole('link', { name: markup, exact: true }).click();
  await page.getByRole('heading', { name: markup, level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => (globalThis as { __injected?: number }).__injected), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  await t.kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: storeId, NewCustomKeyStoreName: 'orders-xks' }));
});

test('a store page for an ID that is not a store shows the exception KMS gives for it, and offers no action', async () => {
  for (const id of ['cks-1234567890abcdef0', `cks-${'f'.repeat(70)}`]) {
    const expected = await awsError(t.kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id })));
    await dismissMessages();
    await page.goto(`${t.server.url}/console/custom-key-stores/external/${id}`);
    await page.getByText(expected.name, { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Key store actions' }).isDisabled(), true, id);
    assert.equal(await page.getByRole('button', { name: 'Create a KMS key in this key store' }).isDisabled(), true, id);
  }
});
