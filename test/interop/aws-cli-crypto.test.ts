// The `aws` CLI round trip: `aws kms encrypt` and `aws kms decrypt` with fileb:// against openkms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { serveForSuite, type TestServer } from '../support/test-server.js';
import { awsCli } from '../support/command-line.js';

let t: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'openkms-cli-'));
serveForSuite({}, (server) => (t = server), () => {
  rmSync(dir, { recursive: true, force: true });
});

/** `aws kms --endpoint-url <server> <args>`. */
function aws(args: string[]): Promise<string> {
  return awsCli(['kms', '--endpoint-url', t.server.url, ...args]);
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
