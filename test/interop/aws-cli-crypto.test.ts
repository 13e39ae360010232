// The `aws` CLI round trip: `aws kms encrypt` and `aws kms decrypt` with fileb:// against openkms.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, type TestServer } from '../support/test-server.js';

let t: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'openkms-cli-'));
before(async () => {
  t = await startTestServer();
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.cleanup();
});

/** Runs the aws CLI asynchronously: the server answers from this same process, so a blocking spawn would deadlock. */
async function aws(args: string[]): Promise<string> {
  const run = promisify(execFile);
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: ADMIN_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: ADMIN_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  try {
    const { stdout } = await run('aws', ['kms', '--endpoint-url', t.server.url, ...args], { env, timeout: 60_000 });
    return stdout.trim();
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new Error('the aws CLI is required for this test: install it (apt-get install awscli)');
    throw new Error(`aws ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

test('aws kms encrypt / decrypt with fileb:// round-trips binary data, with an encryption context', async () => {
  const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
  const plaintext = Buffer.from([0, 1, 2, 250, 255, 10, 13, 0x41]);
  const plaintextPath = join(dir, 'plain.bin');
  writeFileSync(plaintextPath, plaintext);
  const ciphertextBase64 = await aws([
    'encrypt', '--key-id', KeyMetadata!.KeyId!, '--plaintext', `fileb://${plaintextPath}`,
    '--encryption-context', 'app=cli', '--query', 'CiphertextBlob', '--output', 'text',
  ]);
  const ciphertextPath = join(dir, 'cipher.bin');
  writeFileSync(ciphertextPath, Buffer.from(ciphertextBase64, 'base64'));
  const decryptedBase64 = await aws([
    'decrypt', '--ciphertext-blob', `fileb://${ciphertextPath}`, '--encryption-context', 'app=cli', '--query', 'Plaintext', '--output', 'text',
  ]);
  assert.deepEqual(Buffer.from(decryptedBase64, 'base64'), plaintext);
  const keyId = await aws(['decrypt', '--ciphertext-blob', `fileb://${ciphertextPath}`, '--encryption-context', 'app=cli', '--query', 'KeyId', '--output', 'text']);
  assert.equal(keyId, KeyMetadata!.Arn);
  assert.ok(readFileSync(ciphertextPath).length > plaintext.length);
});
