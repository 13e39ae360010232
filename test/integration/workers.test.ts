// `openkms serve --workers 2`: two processes share the port and the data directory; keys created through one are seen
// through the other, the audit chain stays verifiable, and SIGTERM stops them all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test('two worker processes serve one data directory and stop on SIGTERM', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-workers-'));
  const port = await freePort();
  const credentials = { accessKeyId: 'AKIAOPENKMSWORKERS01', secretAccessKey: 'openkms-workers-test-secret' };
  const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--workers', '2', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, OPENKMS_ACCESS_KEY_ID: credentials.accessKeyId, OPENKMS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 100 && !output.includes('2 worker processes'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(output, /openkms listening on http:\/\/127\.0\.0\.1:\d+ .*\n\(2 worker processes\)/);

    const kms = new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, maxAttempts: 1 });
    const created = await Promise.all(Array.from({ length: 8 }, () => kms.send(new CreateKeyCommand({}))));
    // Fresh connections land on either worker: every key is visible and usable through every request.
    await Promise.all(
      created.map(async ({ KeyMetadata }) => {
        const fresh = new KMSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials, maxAttempts: 1 });
        assert.equal((await fresh.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata?.KeyState, 'Enabled');
        await fresh.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('x') }));
        fresh.destroy();
      }),
    );
    assert.equal((await kms.send(new ListKeysCommand({}))).Keys?.length, 8);
    kms.destroy();
  } finally {
    child.kill('SIGTERM');
  }
  const code = await exited;
  assert.equal(code, 0, `exit ${code}: ${output}`);
  const verified = execFileSync(process.execPath, ['dist/cli/main.js', 'audit', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
  assert.match(verified, /verified/);
  rmSync(dataDir, { recursive: true, force: true });
});
