// The start-up scenarios: how long `node dist/cli/main.js serve` takes from spawn to answering its first signed
// request with 200, on a fresh data directory and on one that already holds keys (docs/performance.md). Each run is
// its own process; the bench polls every few milliseconds, so a figure is at most that much late.

import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createBenchKeys } from './bench-keys.js';
import { freePort, startChild } from './child-processes.js';
import { openkmsCommand, startOpenkms } from './servers.js';
import { signedRequest, type Credentials } from './signed-request.js';

/** Between attempts while the server is not up yet. */
const POLL_MS = 3;
/** A server that has not answered by then counts as failed to start. */
const STARTUP_TIMEOUT_MS = 30_000;

/** One spawn of `openkms serve` on `dataDir`: milliseconds until a signed ListKeys first answers 200. */
export async function timeOneStartup(dataDir: string, credentials: Credentials): Promise<number> {
  const port = await freePort();
  const request = await signedRequest('127.0.0.1', port, 'ListKeys', {}, credentials);
  const { args, env, name } = openkmsCommand({ dataDir, credentials, audit: true }, port);
  const started = performance.now();
  const child = startChild(`${name} (start-up)`, process.execPath, args, env);
  try {
    let exitCode: number | null | undefined;
    void child.exited.then((code) => (exitCode = code));
    while (performance.now() - started < STARTUP_TIMEOUT_MS) {
      if (exitCode !== undefined) throw new Error(`openkms exited with ${exitCode} before answering: ${child.output()}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
        throw new Error(`the signed ListKeys answered HTTP ${response.status}: ${child.output()}`);
      } catch (error) {
        // Connection refused: not listening yet. Any answer but 200 is a real failure.
        if (error instanceof Error && error.message.startsWith('the signed ListKeys')) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`openkms did not answer within ${STARTUP_TIMEOUT_MS} ms: ${child.output()}`);
  } finally {
    await child.stop();
  }
}

/** `runs` start-ups, each on a new empty data directory under `workDir`. */
export async function startupFresh(workDir: string, credentials: Credentials, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOneStartup(mkdtempSync(join(workDir, 'startup-fresh-')), credentials));
  return times;
}

/** `runs` start-ups on one data directory that already holds the bench keys (made first, not timed). */
export async function startupWithKeys(workDir: string, credentials: Credentials, payload: Buffer, runs: number): Promise<number[]> {
  const dataDir = mkdtempSync(join(workDir, 'startup-keys-'));
  const server = await startOpenkms({ dataDir, credentials, audit: true });
  try {
    await createBenchKeys(server.url, credentials, payload);
  } finally {
    await server.child.stop();
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOneStartup(dataDir, credentials));
  return times;
}
