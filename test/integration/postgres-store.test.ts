// openkms on PostgreSQL (--store postgres://…), one node: the AWS SDK creates, uses and finds keys again after a
// restart; a node given another root key refuses to start; an unreachable database stops the start with one line.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, ListAliasesCommand } from '@aws-sdk/client-kms';
import { assertPostgresReachable, dropSchema, testSchemaName, testStoreUrl } from '../../src/storage/postgres/pg-test-database.test-helper.js';
import { startTestServer } from '../support/test-server.js';

before(assertPostgresReachable);
const schema = testSchemaName();
const dataDir = mkdtempSync(join(tmpdir(), 'openkms-pg-'));
after(async () => {
  await dropSchema(schema);
  rmSync(dataDir, { recursive: true, force: true });
});

const rootKey = randomBytes(32).toString('hex');
const storage = { kind: 'postgres' as const, url: testStoreUrl(schema), dataDir };

test('keys, aliases and ciphertexts live in PostgreSQL and outlast a restart', async () => {
  const first = await startTestServer({ dataDir, storage, rootKey: { kind: 'env', value: rootKey } });
  let keyId: string;
  let ciphertext: Uint8Array;
  try {
    keyId = (await first.kms.send(new CreateKeyCommand({ Description: 'on postgres' }))).KeyMetadata!.KeyId!;
    await first.kms.send(new CreateAliasCommand({ AliasName: 'alias/pg', TargetKeyId: keyId }));
    ciphertext = (await first.kms.send(new EncryptCommand({ KeyId: 'alias/pg', Plaintext: Buffer.from('hello postgres'), EncryptionContext: { a: 'b' } }))).CiphertextBlob!;
  } finally {
    await first.stop();
  }
  const second = await startTestServer({ dataDir, storage, rootKey: { kind: 'env', value: rootKey } });
  try {
    const described = await second.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(described.KeyMetadata?.Description, 'on postgres');
    const plain = await second.kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { a: 'b' } }));
    assert.equal(Buffer.from(plain.Plaintext!).toString(), 'hello postgres');
    const aliases = await second.kms.send(new ListAliasesCommand({ KeyId: keyId }));
    assert.deepEqual(aliases.Aliases?.map((a) => a.AliasName), ['alias/pg']);
  } finally {
    await second.stop();
  }
});

test('a node given another root key refuses to start, naming where its key came from', async () => {
  await assert.rejects(startTestServer({ dataDir, storage, rootKey: { kind: 'env', value: randomBytes(32).toString('hex') } }), {
    name: 'RootKeyError',
    message: /^OPENKMS_ROOT_KEY does not open the PostgreSQL database: it was sealed under another root key \(its check value does not open\)$/,
  });
});

test('without OPENKMS_ROOT_KEY or root.key the start is refused: a PostgreSQL node never makes up a key', async () => {
  await assert.rejects(startTestServer({ dataDir, storage, rootKey: { kind: 'file' } }), {
    name: 'RootKeyError',
    message: `a PostgreSQL store needs the root key every node shares: set OPENKMS_ROOT_KEY or put it in ${join(dataDir, 'root.key')}`,
  });
});

test('an unreachable database stops the start with one line, without the password', async () => {
  const unreachable = { ...storage, url: 'postgres://openkms:hunter2@127.0.0.1:1/kms' };
  await assert.rejects(startTestServer({ dataDir, storage: unreachable, rootKey: { kind: 'env', value: rootKey } }), (error: Error) => {
    assert.match(error.message, /^cannot open the PostgreSQL store postgres:\/\/openkms:\*\*\*@127\.0\.0\.1:1\/kms: /);
    assert.doesNotMatch(error.message, /hunter2/);
    return true;
  });
});
