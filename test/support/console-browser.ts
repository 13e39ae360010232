// Drives the web console in Debian's Chromium through playwright-core, headless, against a real openkms: launches one
// browser per test file, signs in through the form, runs axe-core in the page, saves screenshots under test-results/
// and collects what the page itself reports (errors, Content-Security-Policy violations).

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join('test-results', 'console');

/**
 * Without the background-networking flags, Chromium keeps trying to reach Google's services, and on a machine without
 * a network its connections hang; the rest keep a fresh profile quiet and headless.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function assertConsoleBuilt(): void {
  if (!existsSync(join('dist', 'console', 'index.html'))) {
    throw new Error('The web console is not built (dist/console/index.html is missing): run `npm run build` first.');
  }
}

/** Chromium with a fresh profile (playwright makes a new --user-data-dir per launch); fails with how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the console's browser tests need Debian's Chromium (apt-get install chromium).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Page errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function openConsolePage(browser: Browser): Promise<ConsolePage> {
  // Reduced motion turns off Cloudscape's transitions: a scan or a screenshot never catches a flash message half faded in.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, locale: 'en-US', reducedMotion: 'reduce' });
  // Generous: two browsers and the rest of the suite share two cores, and an RSA key pair may take seconds.
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { context, page, problems, close: () => context.close() };
}

export async function signIn(page: Page, url: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  if (credentials.sessionToken) await page.getByLabel('Session token').fill(credentials.sessionToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Customer managed keys' }).waitFor();
}

/** The page's globals that the functions below run against in the browser (this program is compiled without the DOM). */
declare const window: { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
declare const document: unknown;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's WCAG 2 A/AA rules on the page as it is. The script is evaluated through the DevTools protocol, which
 * the page's Content-Security-Policy does not apply to, so the policy stays as strict as users get it.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The viewport only: a full-page screenshot resizes the page for a moment, and Cloudscape's layout answers a resize by
 * closing the navigation pane, which later steps need.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
