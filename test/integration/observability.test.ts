// The request log, GET /health, /ready and /metrics of a real server driven by @aws-sdk/client-kms: one JSON line per
// call with who, what, which key, how it ended and how long it took, and never a plaintext, a data key or a secret;
// metrics that count by operation and outcome without letting a caller's made-up names become series.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createLogger } from '../../src/server/logger.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, startTestServer, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

/** Collects what the logger writes, line by line. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  requestLine(requestId: string | undefined): Record<string, unknown> {
    const line = this.lines().find((entry) => entry.requestId === requestId);
    assert.ok(line, `no log line for request ${requestId} in:\n${this.text}`);
    return line;
  }
}

const PLAINTEXT = 'the-secret-plaintext-7f3a9c';
const plaintextForms = [PLAINTEXT, Buffer.from(PLAINTEXT).toString('base64'), Buffer.from(PLAINTEXT).toString('hex')];

describe('the request log', () => {
  const log = new LogCapture();
  let server: TestServer;
  let kms: KMSClient;
  let keyId: string;
  before(async () => {
    server = await startTestServer({ logger: createLogger({ level: 'info', format: 'json' }, log) });
    kms = server.kms;
    keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });
  after(() => server.cleanup());

  test('an Encrypt call is one line: time, level, request id, operation, principal, key, status, latency', async () => {
    const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT), EncryptionContext: { purpose: 'log-test' } }));
    const line = log.requestLine(out.$metadata.requestId);
    assert.equal(line.level, 30);
    assert.match(String(line.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(line.service, 'kms');
    assert.equal(line.operation, 'Encrypt');
    assert.equal(line.principal, `arn:aws:iam::${TEST_ACCOUNT}:user/admin`);
    assert.equal(line.keyId, `arn:aws:kms:us-east-1:${TEST_ACCOUNT}:key/${keyId}`);
    assert.equal(line.status, 200);
    assert.equal(line.errorCode, undefined);
    assert.equal(typeof line.latencyMs, 'number');
    assert.ok((line.latencyMs as number) >= 0);
    assert.equal(log.lines().filter((entry) => entry.requestId === out.$metadata.requestId).length, 1);
  });

  test('a failed call says its error code and status; a plaintext in a refused request is not logged either', async () => {
    const missing = '0b6e5c1a-3f2d-4c8e-9a7b-1d2e3f4a5b6c';
    const failure = await kms.send(new EncryptCommand({ KeyId: missing, Plaintext: Buffer.from(PLAINTEXT) })).catch((error: { $metadata: { requestId?: string } }) => error);
    const line = log.requestLine(failure.$metadata.requestId);
    assert.equal(line.errorCode, 'NotFoundException');
    assert.equal(line.status, 400);
    assert.equal(line.keyId, missing);
  });

  test('no plaintext, data key, ciphertext or secret access key ever reaches the log', async () => {
    const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT) }));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob! }));
    assert.equal(Buffer.from(decrypted.Plaintext!).toString(), PLAINTEXT);
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    // A too-large plaintext is refused by validation before any key is looked at.
    const tooLarge = await awsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT.repeat(200)) })));
    assert.equal(tooLarge.name, 'ValidationException');
    const forbidden = [
      ...plaintextForms,
      Buffer.from(dataKey.Plaintext!).toString('base64'),
      Buffer.from(dataKey.Plaintext!).toString('hex'),
      Buffer.from(encrypted.CiphertextBlob!).toString('base64').slice(0, 40),
      ADMIN_SECRET_ACCESS_KEY,
    ];
    for (const text of forbidden) assert.ok(!log.text.includes(text), `the log holds ${text}`);
    assert.ok(log.text.includes('"operation":"GenerateDataKey"'));
    assert.ok(log.text.includes('"errorCode":"ValidationException"'));
  });

  test('an unsigned request is logged without a principal, with the error AWS gives', async () => {
    const response = await fetch(server.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    const line = log.requestLine(response.headers.get('x-amzn-requestid') ?? undefined);
    assert.equal(line.errorCode, 'MissingAuthenticationTokenException');
    assert.equal(line.principal, undefined);
    assert.ok(!log.text.includes(ADMIN_ACCESS_KEY_ID + '/'), 'no credential scope in the log');
  });
});

describe('GET /health, /ready and /metrics on the API port', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({});
  });
  after(() => server.cleanup());

  test('/health and /ready answer without a signature and say nothing about keys', async () => {
    const health = await fetch(`${server.server.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${server.server.url}/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', storage: 'ok', rootKey: 'verified', draining: false });
  });

  test('/metrics counts requests by operation and outcome, latency, audit commits, jobs, cache and the process', async () => {
    const keyId = (await server.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await server.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT) }));
    await server.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(PLAINTEXT) }));
    await awsError(server.kms.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: Buffer.from('x') })));
    const response = await fetch(`${server.server.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^openkms_requests_total\{service="kms",operation="Encrypt",outcome="success",error_code=""\} 2$/m);
    assert.match(text, /^openkms_requests_total\{service="kms",operation="Encrypt",outcome="client_error",error_code="NotFoundException"\} 1$/m);
    assert.match(text, /^openkms_request_duration_seconds_count\{service="kms",operation="Encrypt"\} 3$/m);
    assert.match(text, /^openkms_request_duration_seconds_bucket\{le="0\.005",service="kms",operation="Encrypt"\} \d+$/m);
    assert.match(text, /^openkms_audit_commit_duration_seconds_count [1-9]\d*$/m);
    assert.match(text, /^openkms_audit_queue_depth \d+$/m);
    assert.match(text, /^# TYPE openkms_job_runs_total gauge$/m);
    assert.match(text, /^openkms_key_material_cache_requests_total\{result="hit"\} [1-9]\d*$/m);
    assert.match(text, /^openkms_key_material_cache_requests_total\{result="miss"\} [1-9]\d*$/m);
    assert.match(text, /^openkms_process_cpu_seconds_total \d/m);
    assert.match(text, /^openkms_nodejs_heap_size_used_bytes \d/m);
    assert.ok(!text.includes(keyId), 'no key id in the metrics');
    assert.ok(!text.includes(TEST_ACCOUNT), 'no account in the metrics');
  });

  test('operation names a caller makes up count as "unknown", never as series of their own', async () => {
    for (const name of ['Bogus1', 'Bogus2', 'Bogus3']) {
      const response = await fetch(server.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${name}` },
        body: '{}',
      });
      assert.equal(response.status, 400);
    }
    const text = await (await fetch(`${server.server.url}/metrics`)).text();
    assert.ok(!text.includes('Bogus'), 'a made-up operation became a label');
    assert.match(text, /^openkms_requests_total\{service="kms",operation="unknown",outcome="client_error",error_code="MissingAuthenticationTokenException"\} 3$/m);
  });

  test('POST /metrics and other methods are API calls like any other, not the metrics', async () => {
    const response = await fetch(`${server.server.url}/metrics`, { method: 'POST', body: '{}' });
    assert.notEqual(response.status, 200);
    assert.ok(!(await response.text()).includes('openkms_'));
  });
});

describe('--metrics off and --metrics PORT', () => {
  test('off: the API port has no /metrics (the answer is an AWS error), /health and /ready stay', async () => {
    const server = await startTestServer({ metrics: { kind: 'off' } });
    try {
      const response = await fetch(`${server.server.url}/metrics`);
      assert.equal(response.status, 400);
      assert.ok(!(await response.text()).includes('openkms_'));
      assert.equal((await fetch(`${server.server.url}/health`)).status, 200);
      assert.equal(server.server.metricsUrl, undefined);
    } finally {
      await server.cleanup();
    }
  });

  test('a port of its own serves /metrics, /health and /ready there, 404 for anything else, and not on the API port', async () => {
    const server = await startTestServer({ metrics: { kind: 'port', port: 0 } });
    try {
      const url = server.server.metricsUrl;
      assert.ok(url);
      await server.kms.send(new CreateKeyCommand({}));
      const text = await (await fetch(url)).text();
      assert.match(text, /^openkms_requests_total\{service="kms",operation="CreateKey",outcome="success",error_code=""\} 1$/m);
      assert.equal((await fetch(url.replace('/metrics', '/ready'))).status, 200);
      assert.equal((await fetch(url.replace('/metrics', '/'))).status, 404);
      assert.equal((await fetch(url.replace('/metrics', '/'), { method: 'POST', body: '{}' })).status, 404);
      assert.equal((await fetch(`${server.server.url}/metrics`)).status, 400);
    } finally {
      await server.cleanup();
    }
  });
});
