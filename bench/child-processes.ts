// The bench's child processes (servers under test, wrk): each starts in its own process group so it can be stopped
// with everything it forked (e.g. cluster workers), and none outlives the bench — not on an error, not on Ctrl-C.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Child {
  name: string;
  process: ChildProcess;
  /** The last 16 KiB of stdout and stderr together, to explain a failure. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 16 * 1024;
const running = new Set<Child>();
let cleanupInstalled = false;

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Kills every child still running when the bench exits, however it exits. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const child of running) signalGroup(child.process, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping ${running.size} child process(es)\n`);
      void Promise.all([...running].map((child) => child.stop(2_000))).finally(() => process.exit(130));
    });
  }
}

export function startChild(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Child {
  // detached: its own process group, so Ctrl-C reaches only the bench, which then stops the group in order.
  const proc = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT * 2) output = output.slice(-OUTPUT_LIMIT);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => resolve(code));
    proc.once('error', (error) => {
      output += `\n${String(error)}`;
      resolve(null);
    });
  });
  const child: Child = {
    name,
    process: proc,
    output: () => output.slice(-OUTPUT_LIMIT),
    exited,
    async stop(graceMs = 5_000) {
      signalGroup(proc, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(proc, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the group forked that ignored SIGTERM.
      signalGroup(proc, 'SIGKILL');
      running.delete(child);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** A port free right now on 127.0.0.1 (the server under test binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `GET /health` until it answers 200; fails early with the child's output when it exits. */
export async function waitForHealth(url: string, child: Child, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before answering /health:\n${child.output()}`);
    try {
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${child.name} did not answer /health within ${timeoutMs} ms:\n${child.output()}`);
}
