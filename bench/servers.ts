// Starts each server under test as its own process: the bare and reference servers from bench/, and openkms compiled
// (`node dist/cli/main.js serve`) with its data on disk and fixed admin credentials.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { freePort, startChild, waitForHealth, type Child } from './child-processes.js';
import type { Credentials } from './signed-request.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = dirname(BENCH_DIR);
let openkmsBuildDir = REPO_DIR;

/**
 * Measure the openkms built in another checkout (`--openkms-dir`, e.g. a git worktree of an older commit after
 * `npm ci && npm run build` there), so two builds can be compared by two runs in one window. The bench's own code
 * (wrk driver, reference server) stays this checkout's.
 */
export function useOpenkmsBuild(dir: string): void {
  openkmsBuildDir = dir;
}

/** The `openkms` entry point under test: dist/cli/main.js of this checkout or of the one given by --openkms-dir. */
export function openkmsMain(): string {
  return join(openkmsBuildDir, 'dist', 'cli', 'main.js');
}

/** The only OPENKMS_* variables the server under test sees: the bench's own credentials. */
const KEPT_ENV = new Set(['OPENKMS_ACCESS_KEY_ID', 'OPENKMS_SECRET_ACCESS_KEY']);

export interface RunningServer {
  child: Child;
  host: string;
  port: number;
  url: string;
}

export interface OpenkmsOptions {
  dataDir: string;
  credentials: Credentials;
  audit: boolean;
  workers?: number;
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  cpuProfDir?: string;
  /** The store on PostgreSQL (--store), with the root key its nodes share. */
  postgres?: { url: string; rootKey: string };
  /** More `serve` flags (the XKS proxy's CA bundle and address for encrypt-xks). */
  extraArgs?: readonly string[];
}

/** What the encrypt-xks scenario's proxy printed: where it is and the credential it accepts. */
export interface XksBenchProxy {
  child: Child;
  caFile: string;
  resolveEntry: string;
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Starts bench/xks-bench-proxy.ts and waits for the line that says where it listens. */
export async function startXksBenchProxy(): Promise<XksBenchProxy> {
  const child = startChild('xks proxy', process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'xks-bench-proxy.ts')]);
  for (let i = 0; i < 200; i++) {
    const line = child.output().split('\n').find((text) => text.startsWith('{'));
    if (line) return { child, ...(JSON.parse(line) as Omit<XksBenchProxy, 'child'>) };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await child.stop();
  throw new Error(`the XKS bench proxy did not start: ${child.output()}`);
}

async function started(child: Child, port: number): Promise<RunningServer> {
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { child, host: '127.0.0.1', port, url };
}

/** The bare or the reference server, loaded through tsx (its load cost is paid before the measurement). */
export async function startBenchServer(kind: 'bare' | 'reference', credentials: Credentials): Promise<RunningServer> {
  const port = await freePort();
  const env = { ...process.env, BENCH_ACCESS_KEY_ID: credentials.accessKeyId, BENCH_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  const script = join(BENCH_DIR, `${kind}-server.ts`);
  return started(startChild(kind, process.execPath, ['--import', 'tsx', script, String(port)], env), port);
}

/** The command line, environment and display name of `openkms serve` on `port` with these options. */
export function openkmsCommand(options: OpenkmsOptions, port: number): { args: string[]; env: NodeJS.ProcessEnv; name: string } {
  if (!existsSync(openkmsMain())) throw new Error(`${openkmsMain()} is missing: run \`npm run build\` first`);
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const args = [...nodeArgs, openkmsMain(), 'serve', '--port', String(port), '--data-dir', options.dataDir];
  if (!options.audit) args.push('--no-audit');
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  if (options.postgres) args.push('--store', options.postgres.url);
  if (options.extraArgs) args.push(...options.extraArgs);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENKMS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    OPENKMS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
  };
  // The flags decide; settings inherited from the caller's shell must not change what is measured.
  for (const name of Object.keys(env)) if (name.startsWith('OPENKMS_') && !KEPT_ENV.has(name)) delete env[name];
  if (options.postgres) env.OPENKMS_ROOT_KEY = options.postgres.rootKey;
  const name = `openkms${options.audit ? '' : ' --no-audit'}${options.workers !== undefined ? ` --workers ${options.workers}` : ''}${options.postgres ? ' --store postgres' : ''}`;
  return { args, env, name };
}

export async function startOpenkms(options: OpenkmsOptions): Promise<RunningServer> {
  const port = await freePort();
  const { args, env, name } = openkmsCommand(options, port);
  return started(startChild(name, process.execPath, args, env), port);
}

/** Whether this build of `openkms serve` has a --workers option (it prints its options with --help). */
export function openkmsSupportsWorkers(): boolean {
  const help = spawnSync(process.execPath, [openkmsMain(), 'serve', '--help'], { encoding: 'utf8' });
  return /--workers\b/.test(help.stdout ?? '');
}
