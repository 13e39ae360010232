// Starts a real openkms on 127.0.0.1 (port 0) with a temporary data directory and known admin credentials, and gives a
// real @aws-sdk/client-kms client pointed at it. Shared by the integration tests.

import { after, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/openkms-server.js';
import type { Clock } from '../../src/domain/clock.js';
import { dropSchema, testStoreUrl } from '../../src/storage/postgres/pg-test-database.test-helper.js';

export const TEST_ACCOUNT = '111122223333';
export const TEST_REGION = 'us-east-1';
export const ADMIN_ACCESS_KEY_ID = 'AKIAOPENKMSTESTADMIN';
export const ADMIN_SECRET_ACCESS_KEY = 'openkms-test-admin-secret-access-key-0001';

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  kms: KMSClient;
  clientFor(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, region?: string): KMSClient;
  /** An admin client that signs with the server's (possibly injected) clock, so SigV4's skew check passes. */
  adminClient(): KMSClient;
  /** Stops the server; the data directory stays for a restart until `cleanup`. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

/**
 * The store of a test server in `dataDir`: the SQLite store there, or with OPENKMS_TEST_STORE=postgres a schema of
 * its own on the test PostgreSQL named after the data directory (so a restart on it finds its data), under a root.key
 * kept in the data directory. Tests that look at the SQLite files themselves fail there, as they should.
 */
function testStorage(dataDir: string): { storage: StartOptions['storage']; cleanup(): Promise<void> } {
  if (process.env.OPENKMS_TEST_STORE !== 'postgres') return { storage: { kind: 'sqlite', dataDir }, cleanup: async () => undefined };
  const schema = `openkms_test_${basename(dataDir).toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
  const rootKeyFile = join(dataDir, 'root.key');
  if (!existsSync(rootKeyFile)) writeFileSync(rootKeyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  return { storage: { kind: 'postgres', url: testStoreUrl(schema), dataDir }, cleanup: () => dropSchema(schema) };
}

/** A test names the data directory to restart on; the server's storage is the SQLite store there (testStorage). */
export async function startTestServer({ dataDir: given, ...overrides }: Partial<StartOptions> & { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'openkms-test-'));
  const store = testStorage(dataDir);
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    storage: store.storage,
    dev: false,
    accountId: TEST_ACCOUNT,
    accessKeyId: ADMIN_ACCESS_KEY_ID,
    secretAccessKey: ADMIN_SECRET_ACCESS_KEY,
    audit: true,
    jobIntervalMs: 60_000,
    logError: () => undefined,
    ...overrides,
  });
  const clockOffset = () => (overrides.clock ? overrides.clock.now().getTime() - Date.now() : 0);
  const clientFor: TestServer['clientFor'] = (credentials, region = TEST_REGION) =>
    new KMSClient({ endpoint: server.url, region, credentials, maxAttempts: 1, systemClockOffset: clockOffset() });
  const adminClient = () => clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY });
  const kms = adminClient();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    kms.destroy();
    await server.close();
  };
  return {
    server,
    dataDir,
    kms,
    clientFor,
    adminClient,
    stop,
    cleanup: async () => {
      await stop();
      if (!overrides.storage) await store.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `action` and returns the AWS error it fails with (name, message, HTTP status); fails the test if it succeeds. */
export async function awsError(action: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await action;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Starts one server for the whole test file (node:test before/after hooks) and hands it, with an admin client that
 * signs with the server's clock, to `bind`. `advanceDays` moves an injected ManualClock and binds a fresh client.
 */
export function serveForSuite(
  options: Partial<StartOptions> & { dataDir?: string },
  bind: (server: TestServer, admin: KMSClient) => void,
  cleanup?: () => void,
): { advanceDays(days: number): void } {
  let server: TestServer | undefined;
  let admin: KMSClient | undefined;
  const rebind = () => {
    admin?.destroy();
    admin = server!.adminClient();
    bind(server!, admin);
  };
  before(async () => {
    server = await startTestServer(options);
    rebind();
  });
  after(async () => {
    admin?.destroy();
    cleanup?.();
    await server?.cleanup();
  });
  return {
    advanceDays(days: number) {
      if (!(options.clock instanceof ManualClock)) throw new Error('advanceDays needs a ManualClock in the options');
      options.clock.advanceDays(days);
      rebind();
    },
  };
}
