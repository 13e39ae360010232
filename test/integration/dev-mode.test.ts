// --dev: an in-memory server that accepts any well-formed SigV4 request; the access key id picks the principal.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../../src/server/openkms-server.js';

let server: RunningServer;
const dataDir = join(mkdtempSync(join(tmpdir(), 'openkms-dev-')), 'unused');
before(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0, storage: { kind: 'memory' }, dev: true, accountId: '111122223333', audit: true, logError: () => undefined });
});
after(async () => {
  await server.close();
});

const client = (accessKeyId: string) =>
  new KMSClient({ endpoint: server.url, region: 'eu-central-1', credentials: { accessKeyId, secretAccessKey: 'anything' }, maxAttempts: 1 });

test('any secret works, nothing is written to the data directory', async () => {
  const { KeyMetadata } = await client('dev-user').send(new CreateKeyCommand({}));
  assert.equal(KeyMetadata?.AWSAccountId, '111122223333');
  assert.match(KeyMetadata!.Arn!, /^arn:aws:kms:eu-central-1:111122223333:key\//);
  assert.ok(!existsSync(dataDir) || readdirSync(dataDir).length === 0);
});

test('a 12-digit access key id is the account: keys of one account are invisible to another', async () => {
  const a = client('000000000001');
  const b = client('000000000002');
  const { KeyMetadata } = await a.send(new CreateKeyCommand({}));
  assert.equal(KeyMetadata?.AWSAccountId, '000000000001');
  assert.equal((await b.send(new ListKeysCommand({}))).Keys?.length, 0);
  await assert.rejects(b.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId })), { name: 'NotFoundException' });
  await assert.rejects(b.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn })), { name: 'AccessDeniedException' });
});

test('a request without a signature is still refused', async () => {
  const response = await fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
    body: '{}',
  });
  assert.equal(response.status, 400);
  assert.equal(((await response.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
});

test('policies may name principals openkms does not know: a key policy and a role trust policy (AWS refuses both)', async () => {
  const unknown = 'arn:aws:iam::999988887777:role/ProductionDeployer';
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Account', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Copied', Effect: 'Allow', Principal: { AWS: unknown }, Action: 'kms:Decrypt', Resource: '*' },
    ],
  });
  const kms = client('dev-user');
  assert.ok((await kms.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata?.KeyId);
  const iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'dev-user', secretAccessKey: 'anything' }, maxAttempts: 1 });
  try {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: unknown }, Action: 'sts:AssumeRole' }] });
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'CopiedFromProduction', AssumeRolePolicyDocument: trust }));
    assert.equal(role.Role?.Arn, 'arn:aws:iam::111122223333:role/CopiedFromProduction');
    // The IAM API works in --dev like the rest: a made-up caller is an administrator of its account.
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'ci' }))).User?.Arn, 'arn:aws:iam::111122223333:user/ci');
  } finally {
    iam.destroy();
    kms.destroy();
  }
});
