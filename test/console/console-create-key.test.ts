// The Create key wizard in real Chromium, step by step as AWS's guide tells it (seed procedures: symmetric,
// asymmetric RSA encryption and ECC signing, HMAC, multi-Region, and a key for imported key material with the import
// done in the browser from files openssl wraps), by mouse and by keyboard alone; every result is read back through
// @aws-sdk/client-kms, and every page of the wizard is scanned with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetKeyPolicyCommand,
  GetPublicKeyCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  SignCommand,
  VerifyCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { Browser, Download, Page } from 'playwright-core';
import { opensslOk, TempFiles } from '../../src/crypto/openssl.test-helper.js';
import { consoleKeyPolicy } from '../../console/src/create-key/console-key-policy.js';
import { writePrincipalsFile } from '../support/authorization-fixture.js';
import { assertConsoleBuilt, launchChromium, openConsolePage, screenshot, seriousAxeViolations, signIn, type ConsolePage } from '../support/console-browser.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

const ADMIN_ARN = `arn:aws:iam::${TEST_ACCOUNT}:user/admin`;
const PARTNER_ACCOUNT = '444455556666';

let t: TestServer;
let browser: Browser;
let c: ConsolePage;
let page: Page;
const files = new TempFiles();

before(async () => {
  assertConsoleBuilt();
  // A second account, so that "Other AWS accounts" names one that exists (key policies may only name real principals).
  const principalsFile = writePrincipalsFile({ accounts: [{ id: PARTNER_ACCOUNT, users: [] }] });
  t = await startTestServer({ principalsFile });
  browser = await launchChromium();
  c = await openConsolePage(browser);
  page = c.page;
  await signIn(page, t.server.url, { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY });
});
after(async () => {
  await c?.close();
  await browser?.close();
  await t?.cleanup();
  files.dispose();
  assert.deepEqual(c?.problems ?? [], []);
});

async function keyCount(): Promise<number> {
  return (await t.kms.send(new ListKeysCommand({}))).Keys!.length;
}

async function describe(keyId: string): Promise<KeyMetadata> {
  return (await t.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

/** Steps 3 and 4 of every procedure: "Customer managed keys", then "Create key". */
async function openWizard(): Promise<void> {
  await page.getByRole('link', { name: 'Customer managed keys', exact: true }).first().click();
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
}

async function next(expectedHeading: string): Promise<void> {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('heading', { name: expectedHeading, level: 1 }).waitFor();
}

async function assertNoSeriousViolations(where: string): Promise<void> {
  assert.deepEqual(await seriousAxeViolations(page), [], where);
}

/** Alias and description on "Add labels", tags added with "Add tag". */
async function fillLabels(alias: string, description = '', tags: [string, string][] = []): Promise<void> {
  await page.getByLabel('Alias', { exact: true }).fill(alias);
  if (description) await page.getByLabel('Description').fill(description);
  for (const [index, [key, value]] of tags.entries()) {
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByRole('textbox', { name: 'Tag key' }).nth(index).fill(key);
    await page.getByRole('textbox', { name: 'Tag value' }).nth(index).fill(value);
  }
}

/** Finish, then the key page of the new key; its key id, read from the success message. */
async function finishAndReadKeyId(alias: string): Promise<string> {
  await page.getByRole('button', { name: 'Finish' }).click();
  const message = page.getByText(new RegExp(`Your AWS KMS key was created with alias alias/${alias} and key ID `));
  await message.waitFor({ timeout: 60_000 });
  return /key ID (\S+)\.$/.exec((await message.textContent())!)![1]!;
}

async function aliasTarget(alias: string): Promise<string | undefined> {
  const aliases = (await t.kms.send(new ListAliasesCommand({}))).Aliases!;
  return aliases.find((a) => a.AliasName === `alias/${alias}`)?.TargetKeyId;
}

test('symmetric key (the guide\'s "Creating symmetric KMS key"): alias, description, tags, administrators, users, another account', async () => {
  const before = await keyCount();
  await openWizard();
  await screenshot(page, 'create-key-configure');
  await assertNoSeriousViolations('Configure key');
  await page.getByRole('radio', { name: /^Symmetric/ }).check();
  await next('Add labels');
  await fillLabels('orders', 'orders database', [
    ['team', 'payments'],
    ['env', 'prod'],
  ]);
  await screenshot(page, 'create-key-labels');
  await assertNoSeriousViolations('Add labels');
  await next('Define key administrative permissions');
  await page.getByRole('checkbox', { name: `Select ${ADMIN_ARN}` }).check();
  assert.equal(await page.getByRole('checkbox', { name: 'Allow key administrators to delete this key.' }).isChecked(), true);
  await assertNoSeriousViolations('Define key administrative permissions');
  await next('Define key usage permissions');
  await page.getByRole('checkbox', { name: `Select ${ADMIN_ARN}` }).check();
  await page.getByRole('button', { name: 'Add another AWS account' }).click();
  await page.getByLabel('AWS account ID 1').fill(PARTNER_ACCOUNT);
  await assertNoSeriousViolations('Define key usage permissions');
  await next('Review');
  await screenshot(page, 'create-key-review');
  await assertNoSeriousViolations('Review');
  const keyId = await finishAndReadKeyId('orders');

  assert.equal(await keyCount(), before + 1);
  const key = await describe(keyId);
  assert.equal(key.KeySpec, 'SYMMETRIC_DEFAULT');
  assert.equal(key.KeyUsage, 'ENCRYPT_DECRYPT');
  assert.equal(key.Origin, 'AWS_KMS');
  assert.equal(key.MultiRegion, false);
  assert.equal(key.Description, 'orders database');
  assert.equal(await aliasTarget('orders'), keyId);
  const tags = (await t.kms.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags!;
  assert.deepEqual(tags.map((tag) => [tag.TagKey, tag.TagValue]).sort(), [['env', 'prod'], ['team', 'payments']]);
  const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
  assert.deepEqual(
    policy,
    consoleKeyPolicy({
      partition: 'aws',
      accountId: TEST_ACCOUNT,
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'AWS_KMS',
      administrators: [ADMIN_ARN],
      allowAdministratorsToDelete: true,
      users: [ADMIN_ARN],
      otherAccounts: [PARTNER_ACCOUNT],
    }),
  );
  assert.deepEqual((policy as { Statement: { Principal: unknown }[] }).Statement[2]!.Principal, { AWS: [ADMIN_ARN, `arn:aws:iam::${PARTNER_ACCOUNT}:root`] });
  const ciphertext = (await t.kms.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: Buffer.from('hello') }))).CiphertextBlob!;
  assert.equal(Buffer.from((await t.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext }))).Plaintext!).toString(), 'hello');
  await page.getByRole('heading', { name: 'orders', level: 1 }).waitFor();
  await screenshot(page, 'key-detail');
  await assertNoSeriousViolations('key page');
});

test('the alias is required and may not begin with aws/; a taken alias is refused before any key is created', async () => {
  const before = await keyCount();
  await openWizard();
  await next('Add labels');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('Enter an alias. Aliases are required when you create a KMS key in the console.').first().waitFor();
  for (const alias of ['aws/mine', 'alias/aws/mine']) {
    await page.getByLabel('Alias', { exact: true }).fill(alias);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(/^The alias name cannot begin with aws\/\./).first().waitFor();
    await page.getByRole('heading', { name: 'Add labels', level: 1 }).waitFor();
  }
  await page.getByLabel('Alias', { exact: true }).fill('orders');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  await page.getByRole('button', { name: 'Finish' }).click();
  const arn = `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:alias/orders`;
  await page.getByText(`An alias with the name ${arn} already exists`).waitFor();
  await page.getByText('AlreadyExistsException').first().waitFor();
  await page.getByRole('heading', { name: 'Add labels', level: 1 }).waitFor();
  assert.equal(await keyCount(), before);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
});

test('a key policy edited on Review is checked as JSON, and one the API refuses shows its error; no key is created', async () => {
  const before = await keyCount();
  await openWizard();
  await next('Add labels');
  await fillLabels('edited-policy');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  const policyBox = page.getByLabel('Key policy', { exact: true });
  await policyBox.fill('{"Version": "2012-10-17", "Statement": [');
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText(/^The key policy is not valid JSON: /).first().waitFor();
  assert.equal(await keyCount(), before);
  // Valid JSON that locks the caller out: the API's lockout safety check refuses it.
  const lockout = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
  await policyBox.fill(JSON.stringify(lockout, null, 2));
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByText('MalformedPolicyDocumentException').first().waitFor();
  await page.getByText('The new key policy will not allow you to update the key policy in the future.').first().waitFor();
  await screenshot(page, 'create-key-error');
  assert.equal(await keyCount(), before);
  assert.equal(await aliasTarget('edited-policy'), undefined);
  // The edited policy is what is sent: a valid one that keeps the caller in.
  const own = { Version: '2012-10-17', Statement: [{ Sid: 'Only the admin', Effect: 'Allow', Principal: { AWS: ADMIN_ARN }, Action: 'kms:*', Resource: '*' }] };
  await policyBox.fill(JSON.stringify(own));
  const keyId = await finishAndReadKeyId('edited-policy');
  assert.deepEqual(JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!), own);
});

test('asymmetric RSA key for encryption (the guide\'s "Creating asymmetric KMS keys"), with its public key shown and downloaded', async () => {
  await openWizard();
  await page.getByRole('radio', { name: /^Asymmetric/ }).check();
  await page.getByRole('radio', { name: /^Encrypt and decrypt/ }).check();
  await page.getByRole('radio', { name: /^RSA_2048/ }).check();
  await next('Add labels');
  await fillLabels('rsa-encrypt', 'RSA for public-key encryption');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  const keyId = await finishAndReadKeyId('rsa-encrypt');
  const key = await describe(keyId);
  assert.equal(key.KeySpec, 'RSA_2048');
  assert.equal(key.KeyUsage, 'ENCRYPT_DECRYPT');
  assert.deepEqual(key.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);

  await page.getByRole('tab', { name: 'Public key' }).click();
  const publicKey = Buffer.from((await t.kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!);
  const shown = await page.getByRole('textbox', { name: 'Public key' }).inputValue();
  assert.equal(Buffer.from(shown.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex'), publicKey.toString('hex'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(readFileSync((await download.path())!, 'utf8'), shown);
  await screenshot(page, 'key-public-key');
  await assertNoSeriousViolations('Public key tab');
});

test('asymmetric ECC key for signing: ECC_NIST_P256, Sign and verify', async () => {
  await openWizard();
  await page.getByRole('radio', { name: /^Asymmetric/ }).check();
  await page.getByRole('radio', { name: /^Sign and verify/ }).check();
  await page.getByRole('radio', { name: /^ECC_NIST_P256/ }).check();
  await next('Add labels');
  await fillLabels('ecc-sign');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await page.getByRole('checkbox', { name: `Select ${ADMIN_ARN}` }).check();
  await next('Review');
  const keyId = await finishAndReadKeyId('ecc-sign');
  const key = await describe(keyId);
  assert.equal(key.KeySpec, 'ECC_NIST_P256');
  assert.equal(key.KeyUsage, 'SIGN_VERIFY');
  const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
  assert.deepEqual(policy.Statement[1].Action, ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify']);
  const message = Buffer.from('signed in the console test');
  const { Signature } = await t.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }));
  assert.equal((await t.kms.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid, true);
});

test('HMAC key: Symmetric, Generate and verify MAC, HMAC_384', async () => {
  await openWizard();
  await page.getByRole('radio', { name: /^Symmetric/ }).check();
  await page.getByRole('radio', { name: /^Generate and verify MAC/ }).check();
  await page.getByRole('radio', { name: /^HMAC_384/ }).check();
  await next('Add labels');
  await fillLabels('hmac-384');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  const keyId = await finishAndReadKeyId('hmac-384');
  const key = await describe(keyId);
  assert.equal(key.KeySpec, 'HMAC_384');
  assert.equal(key.KeyUsage, 'GENERATE_VERIFY_MAC');
  assert.deepEqual(key.MacAlgorithms, ['HMAC_SHA_384']);
  const mac = await t.kms.send(new GenerateMacCommand({ KeyId: keyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_384' }));
  assert.equal(mac.Mac!.length, 48);
});

test('multi-Region key: Advanced options, Regionality, Multi-Region key', async () => {
  await openWizard();
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByRole('radio', { name: /^Multi-Region key/ }).check();
  await next('Add labels');
  await fillLabels('multi-region');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  await page.getByText('Multi-Region key', { exact: true }).waitFor();
  const keyId = await finishAndReadKeyId('multi-region');
  assert.match(keyId, /^mrk-[0-9a-f]{32}$/);
  const key = await describe(keyId);
  assert.equal(key.MultiRegion, true);
  assert.equal(key.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY');
});

test('the External key store origin: only for symmetric encryption keys, and it needs a connected store', async () => {
  await openWizard();
  await page.getByRole('button', { name: 'Advanced options' }).click();
  const origin = page.getByRole('radio', { name: /^External key store/ });
  assert.equal(await origin.isDisabled(), false);
  await origin.check();
  // This Region has no external key store: the wizard says so and does not move on.
  await page.getByText('No external key stores in this Region.').waitFor();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('Choose a connected external key store.').first().waitFor();
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  // An asymmetric key cannot live in an external key store: choosing one goes back to KMS key material.
  await page.getByRole('radio', { name: /^Asymmetric/ }).check();
  assert.equal(await origin.isDisabled(), true);
  assert.equal(await page.getByRole('radio', { name: /^KMS - recommended/ }).isChecked(), true);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
});

/** Downloads the wrapping public key and import token from the import page; the two files' paths. */
async function downloadParameters(): Promise<{ publicKey: string; token: string }> {
  await page.getByLabel('Wrapping key spec').click();
  await page.getByRole('option', { name: 'RSA_2048' }).click();
  const downloads: Download[] = [];
  const onDownload = (download: Download) => downloads.push(download);
  page.on('download', onDownload);
  await page.getByRole('button', { name: 'Download wrapping public key and import token' }).click();
  for (let i = 0; i < 300 && downloads.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  page.off('download', onDownload);
  const named = (name: string) => downloads.find((d) => d.suggestedFilename() === name)!;
  return { publicKey: (await named('WrappingPublicKey.bin').path())!, token: (await named('ImportToken.bin').path())! };
}

/** Step 3 of the guide with openssl: RSAES_OAEP_SHA_256 under the downloaded wrapping public key. */
function wrap(materialPath: string, publicKeyPath: string): string {
  const wrapped = files.path(`wrapped-${Date.now()}.bin`);
  opensslOk([
    'pkeyutl', '-encrypt', '-in', materialPath, '-out', wrapped, '-inkey', publicKeyPath, '-keyform', 'DER', '-pubin',
    '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
  ]);
  return wrapped;
}

async function uploadMaterial(wrappedPath: string, tokenPath: string): Promise<void> {
  const inputs = page.locator('input[type="file"]');
  await inputs.nth(0).setInputFiles(wrappedPath);
  await inputs.nth(1).setInputFiles(tokenPath);
}

test('External (Import Key material): the acknowledgement, then the import page, with the material wrapped by openssl', async () => {
  await openWizard();
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByRole('radio', { name: /^External \(Import Key material\)/ }).check();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('You must confirm to create a key for imported key material.').waitFor();
  await page.getByRole('checkbox', { name: 'I understand the security, availability, and durability implications of using an imported key' }).check();
  await next('Add labels');
  await fillLabels('imported', 'bring your own key');
  await next('Define key administrative permissions');
  await page.getByRole('checkbox', { name: `Select ${ADMIN_ARN}` }).check();
  await next('Define key usage permissions');
  await next('Review');
  const keyId = await finishAndReadKeyId('imported');
  await page.getByRole('heading', { name: 'Import key material', level: 1 }).waitFor();
  const created = await describe(keyId);
  assert.equal(created.Origin, 'EXTERNAL');
  assert.equal(created.KeyState, 'PendingImport');
  const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
  assert.ok(policy.Statement[1].Action.includes('kms:ImportKeyMaterial'), 'administrators of an imported key may import');
  await screenshot(page, 'import-key-material');
  await assertNoSeriousViolations('Import key material');

  const material = files.write('material.bin', opensslOk(['rand', '32']));
  const first = await downloadParameters();
  await uploadMaterial(wrap(material, first.publicKey), first.token);
  await page.getByRole('radio', { name: /^Key material expires/ }).check();
  const expiry = new Date(Date.now() + 30 * 86_400_000);
  const ymd = expiry.toISOString().slice(0, 10);
  await page.getByRole('textbox', { name: 'Expiration date' }).fill(ymd.replaceAll('-', '/'));
  await page.getByRole('button', { name: 'Upload key material' }).click();
  await page.getByText('The key material was imported. The key is now enabled.').waitFor();
  const imported = await describe(keyId);
  assert.equal(imported.KeyState, 'Enabled');
  assert.equal(imported.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  assert.equal(imported.ValidTo!.toISOString(), `${ymd}T23:59:59.000Z`);
  const ciphertext = (await t.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('imported') }))).CiphertextBlob!;

  // Key material tab: delete it, and import the same bytes again through the page: the old ciphertext decrypts.
  await page.getByRole('tab', { name: 'Key material' }).click();
  await assertNoSeriousViolations('Key material tab');
  await page.getByRole('button', { name: 'Delete key material' }).click();
  await page.getByRole('checkbox', { name: 'Confirm that you want to delete the key material of this key.' }).check();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete key material' }).click();
  await page.getByText(/^The key material was deleted\./).waitFor();
  assert.equal((await describe(keyId)).KeyState, 'PendingImport');
  await page.getByRole('button', { name: 'Import key material' }).click();
  await page.getByRole('heading', { name: 'Import key material', level: 1 }).waitFor();
  const second = await downloadParameters();
  await uploadMaterial(wrap(material, second.publicKey), second.token);
  await page.getByRole('button', { name: 'Upload key material' }).click();
  await page.getByText('The key material was imported. The key is now enabled.').waitFor();
  const again = await describe(keyId);
  assert.equal(again.KeyState, 'Enabled');
  assert.equal(again.ExpirationModel, 'KEY_MATERIAL_DOES_NOT_EXPIRE');
  assert.equal(Buffer.from((await t.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext }))).Plaintext!).toString(), 'imported');
});

test('an import token of another download is refused with the API\'s error, and the key stays Pending import', async () => {
  await openWizard();
  await page.getByRole('button', { name: 'Advanced options' }).click();
  await page.getByRole('radio', { name: /^External \(Import Key material\)/ }).check();
  await page.getByRole('checkbox', { name: /^I understand the security/ }).check();
  await next('Add labels');
  await fillLabels('imported-twice');
  await next('Define key administrative permissions');
  await next('Define key usage permissions');
  await next('Review');
  const keyId = await finishAndReadKeyId('imported-twice');
  const material = files.write('material-2.bin', opensslOk(['rand', '32']));
  const first = await downloadParameters();
  const second = await downloadParameters();
  // Material wrapped under the second public key, sent with the first token: the token's key cannot unwrap it.
  writeFileSync(files.path('token-1.bin'), readFileSync(first.token));
  await uploadMaterial(wrap(material, second.publicKey), files.path('token-1.bin'));
  await page.getByRole('button', { name: 'Upload key material' }).click();
  await page.getByText('InvalidCiphertextException').first().waitFor();
  assert.equal((await describe(keyId)).KeyState, 'PendingImport');
});

/** What focusedName reads in the page (this program is compiled without the DOM library). */
interface PageElement {
  getAttribute(name: string): string | null;
  innerText: string;
  labels?: ArrayLike<{ innerText: string }> | null;
}
declare const document: { activeElement: PageElement | null; getElementById(id: string): PageElement | null };

/** The accessible name of the focused element, as far as a test needs it: aria-label, aria-labelledby, its label, or its text. */
async function focusedName(): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return '';
    const labelledBy = el.getAttribute('aria-labelledby')?.split(/\s+/).map((id: string) => document.getElementById(id)?.innerText ?? '').join(' ');
    const label = el.getAttribute('aria-label') ?? (labelledBy?.trim() || undefined) ?? el.labels?.[0]?.innerText ?? el.innerText ?? '';
    return label.trim().split('\n')[0]!.trim();
  });
}

/** Presses Tab until the focused element's name matches; fails after 150 presses. */
async function tabTo(name: RegExp): Promise<void> {
  for (let presses = 0; presses < 150; presses++) {
    await page.keyboard.press('Tab');
    if (name.test(await focusedName())) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

test('the whole wizard by keyboard alone: an ECC signing key with Tab, arrow keys, Space and Enter', async () => {
  await page.getByRole('link', { name: 'Customer managed keys', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
  await page.locator('body').focus();
  await tabTo(/^Create key$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Configure key', level: 1 }).waitFor();
  await tabTo(/^Symmetric/);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByRole('radio', { name: /^Asymmetric/ }).isChecked(), true);
  await tabTo(/^Encrypt and decrypt/);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByRole('radio', { name: /^Sign and verify/ }).isChecked(), true);
  await tabTo(/^RSA_2048/);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByRole('radio', { name: /^ECC_NIST_P256/ }).isChecked(), true);
  await tabTo(/^Next$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Add labels', level: 1 }).waitFor();
  await tabTo(/^Alias$/);
  await page.keyboard.type('keyboard-only');
  await tabTo(/^Next$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Define key administrative permissions', level: 1 }).waitFor();
  await tabTo(new RegExp(`^Select ${ADMIN_ARN}$`));
  await page.keyboard.press('Space');
  await tabTo(/^Next$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Define key usage permissions', level: 1 }).waitFor();
  await tabTo(/^Next$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor();
  await tabTo(/^Finish$/);
  await page.keyboard.press('Enter');
  await page.getByText(/Your AWS KMS key was created with alias alias\/keyboard-only/).waitFor({ timeout: 60_000 });
  const keyId = (await aliasTarget('keyboard-only'))!;
  const key = await describe(keyId);
  assert.equal(key.KeySpec, 'ECC_NIST_P256');
  assert.equal(key.KeyUsage, 'SIGN_VERIFY');
  const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
  assert.equal(policy.Statement[1].Principal.AWS, ADMIN_ARN);
});

test('the key list shows every key the wizard made, with its key spec and key usage', async () => {
  await page.getByRole('link', { name: 'Customer managed keys', exact: true }).first().click();
  const table = page.getByRole('table', { name: 'Customer managed keys' });
  for (const alias of ['orders', 'edited-policy', 'rsa-encrypt', 'ecc-sign', 'hmac-384', 'multi-region', 'imported', 'imported-twice', 'keyboard-only']) {
    await table.getByRole('link', { name: alias, exact: true }).waitFor();
  }
  const row = (alias: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: alias, exact: true }) });
  for (const [alias, spec, usage, status] of [
    ['hmac-384', 'HMAC_384', 'Generate and verify MAC', 'Enabled'],
    ['rsa-encrypt', 'RSA_2048', 'Encrypt and decrypt', 'Enabled'],
    ['ecc-sign', 'ECC_NIST_P256', 'Sign and verify', 'Enabled'],
    ['imported-twice', 'SYMMETRIC_DEFAULT', 'Encrypt and decrypt', 'Pending import'],
  ]) {
    for (const text of [spec, usage, status]) await row(alias!).getByText(text!, { exact: true }).waitFor();
  }
  for (const dismiss of await page.getByRole('button', { name: 'Dismiss message' }).all()) await dismiss.click();
  await screenshot(page, 'customer-managed-keys-wizard');
});
