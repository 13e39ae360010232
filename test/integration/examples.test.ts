// The scripts of examples/ run as a user runs them, each in its own process with only the endpoint, credentials and
// Region in its environment, against a real server: the aws CLI, boto3, the JS SDK v3 and the AWS Encryption SDK.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, TEST_REGION, type TestServer } from '../support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({});
});
after(() => server.cleanup());

function runExample(command: string, args: string[], install: string): Promise<string> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OPENKMS_ENDPOINT: server.server.url,
    AWS_ACCESS_KEY_ID: ADMIN_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: ADMIN_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_REGION: TEST_REGION,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') return reject(new Error(`${command} is required for this test (${install}): ${error.message}`));
      if (error) return reject(new Error(`${command} ${args.join(' ')} failed: ${stderr}`));
      resolve(stdout);
    });
  });
}

test('examples/aws-cli.sh', async () => {
  assert.match(await runExample('bash', ['examples/aws-cli.sh'], 'apt-get install awscli'), /^aws-cli example: ok \(key [0-9a-f-]{36}\)$/m);
});

test('examples/boto3_example.py', async () => {
  assert.match(await runExample('python3', ['examples/boto3_example.py'], 'python3 with boto3: apt-get install python3-boto3'), /^boto3 example: ok \(key [0-9a-f-]{36}\)$/m);
});

test('examples/sdk-v3.mjs', async () => {
  assert.match(await runExample(process.execPath, ['examples/sdk-v3.mjs'], 'node'), /^sdk-v3 example: ok \(key [0-9a-f-]{36}\)$/m);
});

test('examples/encryption-sdk.mjs', async () => {
  assert.match(await runExample(process.execPath, ['examples/encryption-sdk.mjs'], 'node'), /^encryption-sdk example: ok \(\d+-byte message under arn:aws:kms:us-east-1:\d{12}:key\/[0-9a-f-]{36}\)$/m);
});
