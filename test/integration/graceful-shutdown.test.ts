// SIGTERM against a real `openkms serve` (one process, and --workers 2) under constant load from keep-alive clients and
// one-connection-per-request clients: what was sent before the signal is answered 200, later answers say Connection:
// close, and the process exits 0, within the grace period even when a client holds a request open.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { jsonRequest, parseResponses, RawConnection } from '../../src/server/raw-http.test-helper.js';
import { childPids, freePort, processGone, spawnOpenkms, type OpenkmsProcess } from '../support/openkms-process.js';

const credentials = { accessKeyId: 'AKIAOPENKMSSHUTDOWN1', secretAccessKey: 'openkms-shutdown-test-secret' };
const serverEnv = { OPENKMS_ACCESS_KEY_ID: credentials.accessKeyId, OPENKMS_SECRET_ACCESS_KEY: credentials.secretAccessKey };

interface Call {
  /** When the request's last byte was handed to the kernel. */
  writtenAt: number;
  status?: number;
  connection?: string;
  /** A connection-level failure: ECONNREFUSED, ECONNRESET, or closed without an answer. */
  error?: string;
}

/** A signed ListKeys as the SDK would send it, as raw bytes. */
async function signedListKeys(port: number, close: boolean): Promise<string> {
  const body = '{}';
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'TrentService.ListKeys',
    'content-length': String(body.length),
  };
  if (close) headers.connection = 'close';
  const signer = new SignatureV4({ service: 'kms', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials });
  const signed = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', headers, body }));
  return jsonRequest(body, { headers: signed.headers as Record<string, string> });
}

/**
 * Sends ListKeys one after another until `stopped()`: on one kept-alive connection (a new one only once the server
 * closes it), or on a new connection per request.
 */
async function sendUntil(port: number, perRequestConnection: boolean, stopped: () => boolean, calls: Call[]): Promise<void> {
  let connection: RawConnection | undefined;
  let answered = 0;
  while (!stopped()) {
    if (connection === undefined || connection.closed) {
      try {
        connection = await RawConnection.open(port);
        answered = 0;
      } catch (error) {
        calls.push({ writtenAt: Date.now(), error: (error as NodeJS.ErrnoException).code ?? String(error) });
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
    }
    const request = await signedListKeys(port, perRequestConnection);
    connection.send(request);
    const call: Call = { writtenAt: Date.now() };
    calls.push(call);
    try {
      await connection.waitUntil((c) => c.closed || parseResponses(c.received).length > answered, 10_000, 'an answer');
    } catch {
      call.error = 'no answer within 10 s';
    }
    const response = parseResponses(connection.received)[answered];
    if (response === undefined) {
      call.error ??= connection.error ?? 'closed without an answer';
      connection.destroy();
      continue;
    }
    answered++;
    call.status = response.status;
    if (response.headers.connection !== undefined) call.connection = response.headers.connection;
    if (perRequestConnection || call.connection === 'close') {
      connection.destroy();
      connection = undefined;
    }
  }
  connection?.destroy();
}

interface Drained {
  calls: Call[];
  signalAt: number;
  /** When the test saw the server say it is finishing in-flight requests: it drains from then on. */
  drainingAt: number;
  exit: { code: number | null; at: number };
}

/** Puts `server` under load from `clients` keep-alive and `clients` per-request clients, then sends SIGTERM. */
async function loadThenTerminate(server: OpenkmsProcess, port: number, clients: number, hold?: () => Promise<void>): Promise<Drained> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  const calls: Call[] = [];
  const loops = Array.from({ length: 2 * clients }, (_, i) => sendUntil(port, i % 2 === 1, () => exited, calls));
  // Under way: every client has been answered a few times.
  for (const begun = Date.now(); calls.filter((c) => c.status === 200).length < 20 * clients; ) {
    assert.ok(Date.now() - begun < 20_000, `the load did not get going: ${JSON.stringify(calls.slice(-3))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await hold?.();
  const signalAt = Date.now();
  server.child.kill('SIGTERM');
  await server.waitForOutput(/SIGTERM received/, 10_000);
  const drainingAt = Date.now();
  const exit = await Promise.race([
    server.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running 20 s after SIGTERM: ${server.output()}`)), 20_000)),
  ]);
  await Promise.all(loops);
  return { calls, signalAt, drainingAt, exit };
}

function assertDrained({ calls, signalAt, drainingAt }: Drained): void {
  const before = calls.filter((call) => call.writtenAt < signalAt);
  assert.ok(before.length > 0);
  for (const call of before) assert.equal(call.status, 200, `a request sent before the signal: ${JSON.stringify(call)}`);
  // The server reads these only after it began draining: answered with Connection: close, or refused at the door.
  for (const call of calls.filter((c) => c.writtenAt > drainingAt)) {
    if (call.status !== undefined) {
      assert.equal(call.status, 200, JSON.stringify(call));
      assert.equal(call.connection, 'close', `an answer after the drain began: ${JSON.stringify(call)}`);
    } else {
      assert.match(call.error ?? '', /ECONNREFUSED|ECONNRESET|EPIPE|closed without an answer/, JSON.stringify(call));
    }
  }
}

test('SIGTERM under constant load: requests sent before it are answered 200, later answers say Connection: close, exit 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-shutdown-'));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--port', String(port), '--data-dir', dataDir], serverEnv);
  try {
    await server.waitForOutput(/openkms listening on/, 20_000);
    const drained = await loadThenTerminate(server, port, 3);
    assert.equal(drained.exit.code, 0, server.output());
    // Default grace 10 s; nothing is held open, so the drain takes about one request's time.
    assert.ok(drained.exit.at - drained.signalAt < 10_000, `exited ${drained.exit.at - drained.signalAt} ms after SIGTERM`);
    assertDrained(drained);
    assert.ok(processGone(server.child.pid!));
    const verified = execFileSync(process.execPath, ['dist/cli/main.js', 'audit', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
    assert.match(verified, /verified/);
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with a 1 s grace, a client that holds a request open is cut off and the server exits soon after the grace', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-shutdown-'));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--port', String(port), '--data-dir', dataDir], { ...serverEnv, OPENKMS_SHUTDOWN_GRACE: '1' });
  let held: RawConnection | undefined;
  try {
    await server.waitForOutput(/openkms listening on/, 20_000);
    // Headers sent, body withheld: on its own, only the 5 s body time-out would end it.
    const drained = await loadThenTerminate(server, port, 1, async () => {
      held = await RawConnection.open(port);
      held.send((await signedListKeys(port, false)).slice(0, -1));
    });
    assert.equal(drained.exit.code, 0, server.output());
    assert.ok(drained.exit.at - drained.signalAt < 4_000, `exited ${drained.exit.at - drained.signalAt} ms after SIGTERM`);
    await held!.waitClosed(5_000);
    assert.equal(held!.received, '');
    assertDrained(drained);
  } finally {
    held?.destroy();
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--workers 2: SIGTERM under constant load drains both workers; the primary and the workers exit', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-shutdown-'));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--workers', '2', '--port', String(port), '--data-dir', dataDir], serverEnv);
  try {
    await server.waitForOutput(/\(2 worker processes\)/, 30_000);
    const workers = childPids(server.child.pid!);
    assert.equal(workers.length, 2);
    const drained = await loadThenTerminate(server, port, 3);
    assert.equal(drained.exit.code, 0, server.output());
    assert.ok(drained.exit.at - drained.signalAt < 10_000, `exited ${drained.exit.at - drained.signalAt} ms after SIGTERM`);
    assertDrained(drained);
    for (const pid of [server.child.pid!, ...workers]) assert.ok(processGone(pid), `process ${pid} is gone`);
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--workers 2: a worker that does not stop is killed once the grace and the margin pass, and the primary exits 1', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-shutdown-'));
  const port = await freePort();
  const server = spawnOpenkms(['serve', '--workers', '2', '--port', String(port), '--data-dir', dataDir], { ...serverEnv, OPENKMS_SHUTDOWN_GRACE: '1' });
  const workers: number[] = [];
  try {
    await server.waitForOutput(/\(2 worker processes\)/, 30_000);
    workers.push(...childPids(server.child.pid!));
    assert.equal(workers.length, 2);
    // A stopped process cannot act on SIGTERM: it stands for a worker stuck in a loop.
    process.kill(workers[0]!, 'SIGSTOP');
    const signalAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await Promise.race([
      server.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running 20 s after SIGTERM: ${server.output()}`)), 20_000)),
    ]);
    assert.equal(exit.code, 1, server.output());
    // 1 s grace + 5 s margin.
    assert.ok(exit.at - signalAt >= 5_000, `gave up ${exit.at - signalAt} ms after SIGTERM`);
    assert.match(server.stderr(), /openkms: 1 worker process\(es\) still running 6 s after SIGTERM; killing them/);
    for (const begun = Date.now(); !workers.every(processGone) && Date.now() - begun < 5_000; ) await new Promise((r) => setTimeout(r, 50));
    for (const pid of workers) assert.ok(processGone(pid), `worker ${pid} is gone`);
  } finally {
    for (const pid of workers) if (!processGone(pid)) process.kill(pid, 'SIGKILL');
    server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
