// Runs the built `openkms` command (dist/cli/main.js, after `npm run build`) as its own process, always bounded by a
// timeout: a command that hangs or keeps serving when it should have refused fails its test instead of stalling it.

import { spawn } from 'node:child_process';

export interface CliRun {
  /** The exit code, or null when a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process was still running at the timeout and was killed. */
  timedOut: boolean;
  /** `until` matched the output: the process was then stopped with SIGTERM. */
  matched: boolean;
}

export interface CliOptions {
  /** OPENKMS_* variables for the command; those of the caller's environment are never passed on. */
  env?: NodeJS.ProcessEnv;
  /** Generous on purpose: each case that must fail fast takes well under a second. */
  timeoutMs?: number;
  /** Once stdout matches, the command counts as started and is stopped with SIGTERM (for `serve`). */
  until?: RegExp;
  /** Run as another user (tests that need a directory the command may not write, when the suite runs as root). */
  uid?: number;
  gid?: number;
}

export const OPENKMS_MAIN = 'dist/cli/main.js';

export function runOpenkms(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('OPENKMS_')) env[name] = value;
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OPENKMS_MAIN, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let matched = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.until && !matched && options.until.test(stdout)) {
        matched = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, matched });
    });
  });
}

/** The lines a failed command wrote on stderr, without the trailing newline. */
export function stderrLines(run: CliRun): string[] {
  return run.stderr.trimEnd().split('\n');
}
