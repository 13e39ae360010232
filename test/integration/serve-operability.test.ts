// The built `openkms serve` as an operator runs it: settings from a config file, the request log as JSON lines on
// stdout, HTTPS whose certificate is swapped by SIGHUP, and settings that cannot serve refused with exit code 2.
// (Needs `npm run build`.)

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort, spawnOpenkms } from '../support/openkms-process.js';
import { runOpenkms } from '../support/openkms-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-serve-ops-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const credentials = { accessKeyId: 'AKIAOPENKMSOPSTEST01', secretAccessKey: 'openkms-ops-test-secret-do-not-log' };
const env = { OPENKMS_ACCESS_KEY_ID: credentials.accessKeyId, OPENKMS_SECRET_ACCESS_KEY: credentials.secretAccessKey };

function client(url: string, ca?: Buffer): KMSClient {
  return new KMSClient({
    endpoint: url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...(ca ? { requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca, keepAlive: false }) }) } : {}),
  });
}

function certificate(name: string): { ca: Buffer; cert: string; key: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  // A self-signed certificate for 127.0.0.1 is its own CA.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { ca: readFileSync(cert), cert, key };
}

function healthWith(url: string, ca: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${url}/health`, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('a config file sets the port, data directory and JSON log; each call is one JSON line on stdout, no secret in it', async () => {
  const port = await freePort();
  const config = join(dir, 'openkms.yaml');
  writeFileSync(config, `port: ${port}\ndataDir: data-log\nlogFormat: json\nlogLevel: info\n`);
  const server = spawnOpenkms(['serve', '--config', config], env);
  try {
    await server.waitForOutput(/openkms listening on http:\/\/127\.0\.0\.1:\d+/, 15_000);
    assert.match(server.output(), new RegExp(`listening on http://127\\.0\\.0\\.1:${port} `));
    const kms = client(`http://127.0.0.1:${port}`);
    const { $metadata } = await kms.send(new ListKeysCommand({}));
    kms.destroy();
    await server.waitForOutput(new RegExp(`"requestId":"${$metadata.requestId}"`), 5_000);
    const line = server
      .output()
      .split('\n')
      .find((text) => text.includes($metadata.requestId!))!;
    const entry = JSON.parse(line) as Record<string, unknown>;
    assert.equal(entry.operation, 'ListKeys');
    assert.equal(entry.status, 200);
    assert.equal(entry.principal, 'arn:aws:iam::111122223333:user/admin');
    assert.ok(!server.output().includes(credentials.secretAccessKey));
    // dataDir: data-log is the config file's folder's.
    assert.ok(existsSync(join(dir, 'data-log', 'openkms.db')));
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
});

test('SIGHUP makes openkms serve take the new TLS certificate for new connections', async () => {
  const first = certificate('first');
  const second = certificate('second');
  const live = { cert: join(dir, 'live.pem'), key: join(dir, 'live.key') };
  writeFileSync(live.cert, readFileSync(first.cert));
  writeFileSync(live.key, readFileSync(first.key));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--port', String(port), '--data-dir', join(dir, 'data-tls'), '--tls-cert', live.cert, '--tls-key', live.key, '--log-level', 'warn'], env);
  try {
    await server.waitForOutput(/openkms listening on https:\/\/127\.0\.0\.1:\d+/, 15_000);
    const url = `https://127.0.0.1:${port}`;
    assert.equal(await healthWith(url, first.ca), 200);
    const kms = client(url, first.ca);
    assert.ok((await kms.send(new ListKeysCommand({}))).Keys);
    kms.destroy();
    // Half a pair: refused on SIGHUP, the first certificate stays in use.
    writeFileSync(live.cert, readFileSync(second.cert));
    server.child.kill('SIGHUP');
    await server.waitForOutput(/SIGHUP: TLS: .* is not the private key of .*; keeping the certificate in use/, 5_000);
    assert.equal(await healthWith(url, first.ca), 200);
    writeFileSync(live.key, readFileSync(second.key));
    server.child.kill('SIGHUP');
    let status = 0;
    for (const begun = Date.now(); Date.now() - begun < 5_000; await new Promise((r) => setTimeout(r, 100))) {
      status = await healthWith(url, second.ca).catch(() => 0);
      if (status === 200) break;
    }
    assert.equal(status, 200, 'the second certificate was not taken');
    await assert.rejects(healthWith(url, first.ca));
    // A request log at warn level holds no request lines.
    assert.doesNotMatch(server.output(), /"operation":"ListKeys"/);
  } finally {
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0, server.output());
  }
});

test('with --workers 2, SIGHUP to the primary reaches every worker: each new connection gets the new certificate', async () => {
  const first = certificate('workers-first');
  const second = certificate('workers-second');
  const live = { cert: join(dir, 'workers-live.pem'), key: join(dir, 'workers-live.key') };
  writeFileSync(live.cert, readFileSync(first.cert));
  writeFileSync(live.key, readFileSync(first.key));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--workers', '2', '--port', String(port), '--data-dir', join(dir, 'data-workers'), '--tls-cert', live.cert, '--tls-key', live.key, '--log-level', 'warn'], env);
  try {
    await server.waitForOutput(/\(2 worker processes\)/, 30_000);
    const url = `https://127.0.0.1:${port}`;
    assert.equal(await healthWith(url, first.ca), 200);
    writeFileSync(live.cert, readFileSync(second.cert));
    writeFileSync(live.key, readFileSync(second.key));
    server.child.kill('SIGHUP');
    // Connections are spread over the workers: after the reload, none may still present the first certificate.
    let taken = false;
    for (const begun = Date.now(); !taken && Date.now() - begun < 5_000; await new Promise((r) => setTimeout(r, 100))) {
      const statuses = await Promise.all(Array.from({ length: 8 }, () => healthWith(url, second.ca).catch(() => 0)));
      taken = statuses.every((status) => status === 200);
    }
    assert.ok(taken, 'a worker kept the first certificate');
    const again = await Promise.all(Array.from({ length: 16 }, () => healthWith(url, second.ca).catch(() => 0)));
    assert.deepEqual(again, Array.from({ length: 16 }, () => 200));
  } finally {
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    assert.equal(exit.code, 0, server.output());
  }
});

test('the first start prints the credentials file as an absolute path, also for a relative --data-dir', async () => {
  const relativeDir = relative(process.cwd(), join(dir, 'data-relative'));
  assert.ok(!isAbsolute(relativeDir));
  const run = await runOpenkms(['serve', '--port', '0', '--data-dir', relativeDir, '--log-level', 'warn'], { until: /saved to .*\n/ });
  assert.equal(run.matched, true, run.stdout + run.stderr);
  const saved = /saved to (\S+) \(profile "openkms"\)/.exec(run.stdout)?.[1];
  assert.equal(saved, join(dir, 'data-relative', 'credentials'));
  assert.match(readFileSync(saved!, 'utf8'), /^\[openkms\]\naws_access_key_id = /);
});

test('settings that cannot serve exit 2 in one line and start nothing', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'accountId: 012345678901\n');
  const cases: [string[], RegExp][] = [
    [['serve', '--log-level', 'loud'], /^openkms serve: --log-level: the log level is one of fatal, error, warn, info, debug, trace, silent: 'loud'$/],
    [['serve', '--metrics', 'sometimes'], /^openkms serve: --metrics: metrics is off, on, a port/],
    [['serve', '--tls-cert', join(dir, 'x.pem')], /^openkms serve: --tls-cert needs --tls-key \(or OPENKMS_TLS_KEY\) as well$/],
    [['serve', '--config', bad], /^openkms serve: .*bad\.yaml: accountId is text: YAML read it as the number 12345678901; put it in quotes/],
  ];
  for (const [args, message] of cases) {
    const run = await runOpenkms([...args, '--data-dir', join(dir, 'never')], { until: /listening/ });
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr.split('\n')[0]!, message);
  }
  const tlsMissing = await runOpenkms(['serve', '--port', '0', '--tls-cert', join(dir, 'absent.pem'), '--tls-key', join(dir, 'absent.key'), '--data-dir', join(dir, 'never')], { until: /listening/ });
  assert.equal(tlsMissing.code, 1);
  assert.match(tlsMissing.stderr, /^openkms: TLS: cannot read the certificate .*absent\.pem: no such file\n$/);
  assert.throws(() => readFileSync(join(dir, 'never', 'root.key')));
});
