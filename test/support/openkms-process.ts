// Runs the built `openkms` command (dist/cli/main.js, after `npm run build`) as a child process, as an operator would,
// and watches its output, its exit and its worker processes. Shared by the tests of start-up and shutdown.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface OpenkmsProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stderr(): string;
  /** Resolves once the output matches `pattern`; fails after `timeoutMs` or if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnOpenkms(args: string[], env: NodeJS.ProcessEnv = {}): OpenkmsProcess {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    exited,
    async waitForOutput(pattern, timeoutMs) {
      for (const begun = Date.now(); !pattern.test(output); await new Promise((r) => setTimeout(r, 50))) {
        if (hasExited) throw new Error(`openkms exited before printing ${pattern}: ${output}`);
        if (Date.now() - begun > timeoutMs) throw new Error(`openkms did not print ${pattern} within ${timeoutMs} ms: ${output}`);
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The pids of `parent`'s live child processes, from /proc (Linux). */
export function childPids(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const stat = procStat(pid);
      return stat !== undefined && stat.ppid === parent && stat.state !== 'Z';
    });
}

/** Gone: no such process, or only its zombie, waiting to be reaped by whoever inherited it. */
export function processGone(pid: number): boolean {
  const stat = procStat(pid);
  return stat === undefined || stat.state === 'Z';
}

function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read from the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}
