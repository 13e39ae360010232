// The console's session in real Chromium against a real openkms: the sign-in form, where the credentials are kept
// (sessionStorage only), Sign out, the Region selector, API errors in the flash bar, and the browser's own headers on
// signed requests (Origin, sec-fetch-*, its User-Agent), which SigV4 must not trip over.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DescribeKeyCommand, GetKeyPolicyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Browser } from 'playwright-core';
import { writePrincipalsFile } from '../support/authorization-fixture.js';
import { assertConsoleBuilt, launchChromium, openConsolePage, screenshot, seriousAxeViolations, signIn, type ConsolePage } from '../support/console-browser.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

/** The page's storage, read inside page.evaluate (this program is compiled without the DOM library). */
declare const sessionStorage: { length: number; getItem(key: string): string | null };
declare const localStorage: { length: number };
declare const document: { cookie: string };

const NOBODY = { accessKeyId: 'AKIACONSOLENOBODY000', secretAccessKey: 'console-nobody-secret-access-key-00001' };
const ADMIN = { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY };

let t: TestServer;
let browser: Browser;
let c: ConsolePage;

before(async () => {
  assertConsoleBuilt();
  const principalsFile = writePrincipalsFile({
    accounts: [
      {
        id: TEST_ACCOUNT,
        users: [{ name: 'nobody', accessKeys: [NOBODY] }],
        roles: [
          {
            name: 'KMSAdminRole',
            trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:user/admin` }, Action: 'sts:AssumeRole' }] },
            policies: { Kms: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } },
          },
        ],
      },
    ],
  });
  t = await startTestServer({ principalsFile });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await t?.cleanup();
});

describe('signing in', () => {
  before(async () => (c = await openConsolePage(browser)));
  after(async () => {
    assert.deepEqual(c.problems, []);
    await c.close();
  });

  test('the sign-in form asks for the access key, an optional session token and the Region, and has no serious accessibility violation', async () => {
    await c.page.goto(`${t.server.url}/console`);
    for (const label of ['Access key ID', 'Secret access key', 'Session token', 'Region']) await c.page.getByLabel(label).first().waitFor();
    assert.equal(await c.page.getByLabel('Secret access key').getAttribute('type'), 'password');
    await c.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(c.page, 'sign-in');
    assert.deepEqual(await seriousAxeViolations(c.page), []);
  });

  test('an unknown access key is refused with the AWS error, and nothing is stored', async () => {
    await c.page.getByLabel('Access key ID').fill('AKIAUNKNOWNCONSOLE00');
    await c.page.getByLabel('Secret access key').fill('not-a-secret');
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    await c.page.getByText('InvalidClientTokenId: The security token included in the request is invalid.', { exact: true }).waitFor();
    assert.equal(await c.page.evaluate(() => sessionStorage.length), 0);
    assert.equal(await c.page.evaluate(() => localStorage.length), 0);
  });

  test('a wrong secret for a real access key is refused with the signature error', async () => {
    await c.page.getByLabel('Access key ID').fill(ADMIN.accessKeyId);
    await c.page.getByLabel('Secret access key').fill('wrong-secret');
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    await c.page.getByText(/^SignatureDoesNotMatch: /).waitFor();
    assert.equal(await c.page.evaluate(() => sessionStorage.length), 0);
  });

  test('after sign-in the secret key is in sessionStorage only: localStorage and cookies stay empty', async () => {
    await signIn(c.page, t.server.url, ADMIN);
    const stored = await c.page.evaluate(() => ({ session: JSON.stringify({ ...sessionStorage }), local: localStorage.length, cookie: document.cookie }));
    assert.ok(stored.session.includes(ADMIN.secretAccessKey));
    assert.equal(stored.local, 0);
    assert.equal(stored.cookie, '');
    assert.deepEqual(await c.context.cookies(), []);
  });

  test('a reload keeps the tab signed in; another tab starts at the sign-in form', async () => {
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
    const other = await c.context.newPage();
    await other.goto(`${t.server.url}/console/`);
    await other.getByLabel('Access key ID').waitFor();
    assert.equal(await other.evaluate(() => sessionStorage.length), 0);
    await other.close();
  });

  test('the top bar shows who is signed in; Sign out clears the credentials', async () => {
    await c.page.getByRole('button', { name: /^admin @ 111122223333, signed in as arn:aws:iam::111122223333:user\/admin/ }).click();
    await c.page.getByRole('menuitem', { name: 'Sign out' }).click();
    await c.page.getByLabel('Access key ID').waitFor();
    assert.equal(await c.page.evaluate(() => sessionStorage.length), 0);
    assert.equal(await c.page.evaluate(() => localStorage.length), 0);
  });
});

describe('signed in', () => {
  before(async () => {
    c = await openConsolePage(browser);
    await signIn(c.page, t.server.url, ADMIN);
  });
  after(async () => {
    assert.deepEqual(c.problems, []);
    await c.close();
  });

  test('requests from the browser carry its own unsigned headers (Origin, sec-fetch-*, User-Agent) and pass SigV4', async () => {
    // waitForResponse rather than a 'requestfinished' listener: a listener left on the page would still be reading
    // responses when the page closes, and that late rejection fails the whole file after its tests passed.
    const listKeysAnswered = c.page.waitForResponse((response) => response.request().headers()['x-amz-target'] === 'TrentService.ListKeys');
    await c.page.getByRole('button', { name: 'Refresh' }).click();
    const listKeys = await listKeysAnswered;
    const headers = await listKeys.request().allHeaders();
    assert.equal(listKeys.status(), 200);
    assert.equal(headers.origin, t.server.url);
    assert.equal(headers['sec-fetch-mode'], 'cors');
    assert.equal(headers['sec-fetch-site'], 'same-origin');
    assert.match(headers['user-agent']!, /Chrome\//);
    assert.equal(headers.referer, undefined, 'Referrer-Policy: no-referrer keeps the console path out of requests');
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(headers.authorization!)![1]!.split(';');
    for (const unsigned of ['origin', 'referer', 'user-agent', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest']) assert.ok(!signedHeaders.includes(unsigned), unsigned);
    assert.ok(signedHeaders.includes('host') && signedHeaders.includes('x-amz-date') && signedHeaders.includes('x-amz-target'));
  });

  test('the Region selector switches Region: the key list is the Region\'s own', async () => {
    const elsewhere = t.clientFor(ADMIN, 'eu-west-1');
    const key = (await elsewhere.send(new CreateKeyCommand({ Description: 'a key in eu-west-1' }))).KeyMetadata!;
    elsewhere.destroy();
    await c.page.getByRole('table', { name: 'Customer managed keys' }).waitFor();
    assert.equal(await c.page.getByRole('link', { name: key.KeyId! }).count(), 0);
    await c.page.getByRole('button', { name: /^us-east-1 Region/ }).click();
    await c.page.getByRole('menuitem', { name: /eu-west-1/ }).click();
    await c.page.getByRole('link', { name: key.KeyId! }).waitFor();
    assert.equal(JSON.parse((await c.page.evaluate(() => sessionStorage.getItem('openkms-console-credentials')))!).region, 'eu-west-1');
    await c.page.getByRole('button', { name: /^eu-west-1 Region/ }).click();
    await c.page.getByRole('menuitem', { name: /us-east-1/ }).click();
    await c.page.getByRole('button', { name: /^us-east-1 Region/ }).waitFor();
    await c.page.getByRole('table', { name: 'Customer managed keys' }).waitFor();
    assert.equal(await c.page.getByRole('link', { name: key.KeyId! }).count(), 0);
  });
});

describe('a user without permissions', () => {
  before(async () => {
    c = await openConsolePage(browser);
    await signIn(c.page, t.server.url, NOBODY);
  });
  after(async () => {
    assert.deepEqual(c.problems, []);
    await c.close();
  });

  test('sees the API\'s AccessDeniedException in the flash bar, with its message, not a blank page', async () => {
    const denied = await awsError(t.clientFor(NOBODY).send(new ListKeysCommand({})));
    assert.equal(denied.name, 'AccessDeniedException');
    const flash = c.page.locator('[class*="awsui_flashbar"]').getByText(denied.message);
    await flash.first().waitFor();
    await c.page.getByText('AccessDeniedException').first().waitFor();
    await c.page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
    await screenshot(c.page, 'flash-bar-error');
    assert.deepEqual(await seriousAxeViolations(c.page), []);
  });

  test('signing out drops the flash messages: the next user does not see the last one\'s errors', async () => {
    await c.page.getByRole('button', { name: /signed in as arn:aws:iam::111122223333:user\/nobody/ }).click();
    await c.page.getByRole('menuitem', { name: 'Sign out' }).click();
    // In the same page, without a reload (which would drop every message anyway).
    await c.page.getByLabel('Access key ID').fill(ADMIN.accessKeyId);
    await c.page.getByLabel('Secret access key').fill(ADMIN.secretAccessKey);
    await c.page.getByRole('button', { name: 'Sign in' }).click();
    await c.page.getByRole('table', { name: 'Customer managed keys' }).waitFor();
    await c.page.getByRole('button', { name: /^admin @ 111122223333/ }).waitFor();
    assert.equal(await c.page.getByText('AccessDeniedException').count(), 0);
    assert.equal(await c.page.getByText('user/nobody').count(), 0);
  });
});

describe('a role session', () => {
  const ROLE_ARN = `arn:aws:iam::${TEST_ACCOUNT}:role/KMSAdminRole`;
  before(async () => (c = await openConsolePage(browser)));
  after(async () => {
    assert.deepEqual(c.problems, []);
    await c.close();
  });

  test('signs in with its session token, and the wizard offers its role, not the session, as key administrator', async () => {
    const sts = new STSClient({ endpoint: t.server.url, region: 'us-east-1', credentials: ADMIN });
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'console' }));
    sts.destroy();
    await signIn(c.page, t.server.url, { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    await c.page.getByRole('button', { name: /^console @ 111122223333, signed in as arn:aws:sts::111122223333:assumed-role\/KMSAdminRole\/console/ }).waitFor();
    assert.ok(JSON.stringify(await c.page.evaluate(() => ({ ...sessionStorage }))).includes(Credentials!.SessionToken!));
    await c.page.getByRole('button', { name: 'Create key' }).click();
    await c.page.getByRole('button', { name: 'Next', exact: true }).click();
    await c.page.getByLabel('Alias', { exact: true }).fill('made-by-a-role');
    await c.page.getByRole('button', { name: 'Next', exact: true }).click();
    await c.page.getByRole('checkbox', { name: `Select ${ROLE_ARN}` }).check();
    await c.page.getByRole('button', { name: 'Next', exact: true }).click();
    await c.page.getByRole('button', { name: 'Next', exact: true }).click();
    await c.page.getByRole('button', { name: 'Finish' }).click();
    await c.page.getByText(/^Your AWS KMS key was created with alias alias\/made-by-a-role/).waitFor({ timeout: 60_000 });
    const keyId = (await t.kms.send(new DescribeKeyCommand({ KeyId: 'alias/made-by-a-role' }))).KeyMetadata!.KeyId!;
    const policy = JSON.parse((await t.kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy!);
    assert.equal(policy.Statement[1].Principal.AWS, ROLE_ARN);
  });
});

test('SigV4 ignores the unsigned headers a browser adds: Origin, Referer, sec-fetch-*, a browser User-Agent', async () => {
  const url = new URL(t.server.url);
  const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', credentials: ADMIN, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    }),
  );
  const browserHeaders = {
    origin: t.server.url,
    referer: `${t.server.url}/console/keys`,
    'sec-fetch-site': 'same-origin',
    'sec-fetch-mode': 'cors',
    'sec-fetch-dest': 'empty',
    'sec-ch-ua': '"Chromium";v="156"',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    'accept-language': 'en-US,en;q=0.9',
  };
  const { host: _host, ...headers } = signed.headers;
  const answer = await fetch(`${t.server.url}/`, { method: 'POST', headers: { ...headers, ...browserHeaders }, body: '{}' });
  assert.equal(answer.status, 200, await answer.clone().text());
  const listed = (await answer.json()) as { Keys: { KeyId: string }[] };
  assert.deepEqual(listed.Keys.map((k) => k.KeyId).sort(), (await t.kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId).sort());
});
