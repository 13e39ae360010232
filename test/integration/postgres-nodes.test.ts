// Two `openkms serve --store postgres://…` processes on one PostgreSQL database, driven with the AWS SDK: CreateAlias
// of one name on both at once (one wins, the other gets AlreadyExistsException), a key disabled through one refused
// through the other at once, a deletion job run once, and one node killed -9 under load: the other keeps serving,
// takes over the jobs, nothing acknowledged is lost, and `openkms audit verify` passes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  KMSClient,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { assertPostgresReachable, dropSchema, testSchemaName, testStoreUrl, TEST_POSTGRES_URL } from '../../src/storage/postgres/pg-test-database.test-helper.js';
import { freePort, spawnOpenkms, type OpenkmsProcess } from '../support/openkms-process.js';
import { awsError } from '../support/test-server.js';

const schema = testSchemaName();
const url = testStoreUrl(schema);
const dataDir = mkdtempSync(join(tmpdir(), 'openkms-pg-nodes-'));
const credentials = { accessKeyId: 'AKIAOPENKMSPGNODES01', secretAccessKey: 'openkms-postgres-nodes-test-secret' };
const env = {
  OPENKMS_ROOT_KEY: randomBytes(32).toString('hex'),
  OPENKMS_ACCESS_KEY_ID: credentials.accessKeyId,
  OPENKMS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  OPENKMS_STORE: url,
};

interface Node {
  process: OpenkmsProcess;
  kms: KMSClient;
}

async function startNode(): Promise<Node> {
  const port = await freePort();
  const process = spawnOpenkms(['serve', '--port', String(port), '--data-dir', dataDir], env);
  await process.waitForOutput(/openkms listening on/, 20_000);
  return { process, kms: new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, maxAttempts: 1 }) };
}

async function stopNode(node: Node): Promise<void> {
  node.kms.destroy();
  if (node.process.child.exitCode === null && node.process.child.signalCode === null) node.process.child.kill('SIGTERM');
  await node.process.exited;
}

async function sql(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** Brings a key's scheduled deletion forward (its deletion date and its job), as if its waiting period had passed. */
async function deletionDueNow(keyId: string): Promise<void> {
  const past = JSON.stringify(new Date(Date.now() - 60_000).toISOString());
  await sql(`UPDATE ${schema}.keys SET doc = jsonb_set(doc::jsonb, '{deletionDate}', $2::jsonb)::text WHERE key_id = $1`, [keyId, past]);
  // Written beside openkms, so the caches are told as a write of openkms would tell them (docs/adr/0004).
  await sql(`UPDATE ${schema}.change_counters SET value = value + 1 WHERE name = 'keys'`);
  await sql(`UPDATE ${schema}.jobs SET due_at = 0 WHERE key_id = $1 AND kind = 'DeleteKey'`, [keyId]);
}

/** Whether DescribeKey through `node` says the key is gone. */
async function gone(node: Node, keyId: string): Promise<boolean> {
  try {
    await node.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    return false;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return true;
    throw error;
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  for (const begun = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() - begun > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
  }
}

let a: Node;
let b: Node;
before(async () => {
  await assertPostgresReachable();
  a = await startNode(); // first: it migrates, bootstraps and takes the job lease
  b = await startNode();
});
after(async () => {
  await Promise.all([a, b].filter(Boolean).map(stopNode));
  await dropSchema(schema);
  rmSync(dataDir, { recursive: true, force: true });
});

test('CreateAlias of one name on both nodes at once: exactly one wins, the other gets AlreadyExistsException', async () => {
  const keyId = (await a.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  for (let round = 0; round < 5; round++) {
    const name = `alias/race-${round}`;
    const results = await Promise.allSettled([a, b].map((node) => node.kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: keyId }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, `round ${round}: one CreateAlias succeeds`);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason as Error;
    assert.equal(refused.name, 'AlreadyExistsException');
    assert.match(refused.message, new RegExp(`^An alias with the name arn:aws:kms:us-east-1:111122223333:${name} already exists$`));
  }
});

test('a key disabled through one node is refused through the other at once (the change counters are read every turn)', async () => {
  const keyId = (await a.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  // Through b first, so b has the key cached as Enabled.
  await b.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
  await a.kms.send(new DisableKeyCommand({ KeyId: keyId }));
  const error = await awsError(b.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })));
  assert.equal(error.name, 'DisabledException');
  assert.equal((await b.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState, 'Disabled');
});

test('a due deletion job runs once, on the node that holds the lease', async () => {
  const keyId = (await b.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  await b.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await deletionDueNow(keyId);
  await eventually(() => gone(b, keyId), 10_000, 'the deletion');
  await new Promise((r) => setTimeout(r, 1_500)); // a second runner would have had a pass meanwhile
  const events = await sql(`SELECT count(*)::int AS n FROM ${schema}.audit_events WHERE event_name = 'DeleteKey' AND resource_names LIKE $1`, [`%${keyId}%`]);
  assert.equal(events[0]!.n, 1, 'one DeleteKey service event: the job ran once');
});

test('a node killed -9 under load: the other serves, takes over the jobs, nothing acknowledged is lost, and the audit trail verifies', async () => {
  const acknowledged: string[] = [];
  let failedOnB = 0;
  let stop = false;
  const load = (node: Node, counts: boolean) =>
    (async () => {
      while (!stop) {
        try {
          acknowledged.push((await node.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
        } catch {
          if (counts) failedOnB++;
        }
      }
    })();
  const loads = [load(a, false), load(a, false), load(b, true), load(b, true)];
  await new Promise((r) => setTimeout(r, 1_500));
  a.process.child.kill('SIGKILL');
  await a.process.exited;
  await new Promise((r) => setTimeout(r, 1_500));
  stop = true;
  await Promise.all(loads);
  assert.equal(failedOnB, 0, 'the surviving node failed no request');
  const listed = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await b.kms.send(new ListKeysCommand({ Marker: marker, Limit: 1000 }));
    for (const key of page.Keys ?? []) listed.add(key.KeyId!);
    marker = page.NextMarker;
  } while (marker);
  assert.ok(acknowledged.length > 10, `load ran (${acknowledged.length} keys created)`);
  assert.deepEqual(acknowledged.filter((keyId) => !listed.has(keyId)), [], 'every acknowledged CreateKey is there');

  // The dead node held the job lease: the survivor takes it and runs a due deletion within seconds.
  const keyId = acknowledged.at(-1)!;
  await b.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
  await deletionDueNow(keyId);
  await eventually(() => gone(b, keyId), 15_000, 'the deletion on the surviving node');

  const verified = execFileSync(process.execPath, ['dist/cli/main.js', 'audit', 'verify', '--store', url, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, OPENKMS_ROOT_KEY: env.OPENKMS_ROOT_KEY },
  });
  assert.match(verified, /^audit trail verified: \d+ records in 1 account chains\n$/);
});
