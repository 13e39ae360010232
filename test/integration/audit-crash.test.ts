// A crash loses no record of an answered call: the server runs as a child process under load (group-committed reads,
// in-transaction writes, failures), is killed with SIGKILL, and after a restart every request id a response carried
// has its record, and every account's hash chain still verifies.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient, TagResourceCommand } from '@aws-sdk/client-kms';
import { verifyAuditLog } from '../../src/audit/audit-verify.js';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import { SqliteAuditLog } from '../../src/storage/sqlite/sqlite-audit-log.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY } from '../support/test-server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'openkms-crash-'));
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Port 0 would hide the port from us: take a free one first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startChild(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd: process.cwd(),
    env: { ...process.env, OPENKMS_ACCESS_KEY_ID: ADMIN_ACCESS_KEY_ID, OPENKMS_SECRET_ACCESS_KEY: ADMIN_SECRET_ACCESS_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  return child;
}

function requestIdOf(value: unknown): string | undefined {
  return (value as { $metadata?: { requestId?: string } }).$metadata?.requestId;
}

test('kill -9 under load: every answered call has its record after a restart', async () => {
  const port = await freePort();
  const child = await startChild(port);
  const kms = new KMSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  const answered: string[] = [];
  const key = await kms.send(new CreateKeyCommand({}));
  answered.push(requestIdOf(key)!);
  const keyId = key.KeyMetadata!.KeyId!;

  let stop = false;
  const calls = [
    () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('under load') })),
    () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('under load') })),
    () => kms.send(new DescribeKeyCommand({ KeyId: keyId })),
    () => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'n', TagValue: String(answered.length) }] })),
    () => kms.send(new CreateKeyCommand({ Description: 'load' })),
    () => kms.send(new DescribeKeyCommand({ KeyId: 'alias/does-not-exist' })),
  ];
  const worker = async (n: number) => {
    for (let i = n; !stop; i++) {
      try {
        answered.push(requestIdOf(await calls[i % calls.length]!())!);
      } catch (error) {
        // An error response was answered too (it has a request id); a cut connection was not.
        const requestId = requestIdOf(error);
        if (requestId) answered.push(requestId);
      }
    }
  };
  const load = Promise.all(Array.from({ length: 24 }, (_, n) => worker(n)));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  stop = true;
  await load;
  kms.destroy();
  assert.ok(answered.length > 100, `enough calls were answered under load (${answered.length})`);

  // Restart on the same data directory: the database opens (and recovers) as on any start.
  const restarted = await startChild(port);
  restarted.kill('SIGTERM');
  await new Promise((resolve) => restarted.once('exit', resolve));

  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const recorded = new Set(
      (db.prepare('SELECT record FROM audit_events').all() as { record: string }[]).map((row) => (JSON.parse(row.record) as { requestID?: string }).requestID),
    );
    const missing = answered.filter((requestId) => !recorded.has(requestId));
    assert.deepEqual(missing, [], `${missing.length} of ${answered.length} answered calls have no record`);
    assert.deepEqual(verifyAuditLog(new SqliteAuditLog(db)).problems, []);
  } finally {
    db.close();
  }
});
