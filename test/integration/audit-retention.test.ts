// Audit retention: `openkms audit retention --days N` stores the setting, the server prunes records older than that
// (at start and hourly), and what remains still verifies from the anchor pruning left.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import { ManualClock, startTestServer, type TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const servers: TestServer[] = [];
after(async () => {
  for (const server of servers.reverse()) await server.cleanup();
});

function openkms(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', ...args]);
}

function recordCount(dataDir: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('records older than the retention are pruned at start, and the rest still verifies', async () => {
  const first = await startTestServer();
  servers.push(first);
  await first.kms.send(new CreateKeyCommand({}));
  await first.kms.send(new ListKeysCommand({}));
  await first.stop();
  const before = recordCount(first.dataDir);
  assert.ok(before >= 2);

  const shown = await openkms('retention', '--days', '30', '--data-dir', first.dataDir);
  assert.equal(shown.stdout, 'audit records are kept for 30 days\n');

  // Forty days later, the server started on the same data prunes every one of those records.
  const clock = new ManualClock();
  clock.advanceDays(40);
  const later = await startTestServer({ dataDir: first.dataDir, clock });
  servers.push(later);
  const deadline = Date.now() + 10_000;
  while (recordCount(first.dataDir) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await later.stop();
  assert.equal(recordCount(first.dataDir), 0);

  const verified = await openkms('verify', '--data-dir', first.dataDir);
  assert.match(verified.stdout, /^audit trail verified: 0 records in 1 account chains\n$/);
  const db = new Database(join(first.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const chain = db.prepare('SELECT head_index, pruned_index FROM audit_chains').get() as { head_index: number; pruned_index: number };
    assert.equal(chain.pruned_index, before);
    assert.equal(chain.head_index, before);
  } finally {
    db.close();
  }
});

test('without a retention setting every record is kept', async () => {
  const server = await startTestServer();
  servers.push(server);
  await server.kms.send(new ListKeysCommand({}));
  await server.stop();
  const shown = await openkms('retention', '--data-dir', server.dataDir);
  assert.equal(shown.stdout, 'audit records are kept forever\n');
  assert.ok(recordCount(server.dataDir) >= 1);
});
