// Measures one scenario against a running server: signs its request afresh, checks that one copy answers 200, warms
// the server up, then replays the request under wrk while watching CPU (and, for the soak, the server's memory), with
// the scenario's background load beside it if it has one.

import { startBackgroundLoad, type BackgroundCounts, type BackgroundLoad } from './background-load.js';
import type { LoadResult } from './wrk-runner.js';
import { runWrk } from './wrk-runner.js';
import { coresUsed, cpuSnapshot, machineBusyCores, treeRss, type CpuSnapshot, type Rss } from './proc-stats.js';
import type { BenchKeys, Scenario } from './scenarios.js';
import type { RunningServer } from './servers.js';
import { signedRequest, type Credentials, type FixedRequest } from './signed-request.js';

export interface LoadSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  workDir: string;
  /** How long to wait for other processes to leave the CPU before a scenario starts (0: do not wait). */
  quietWaitSeconds: number;
}

export interface RssReport {
  /** Right after the warm-up. */
  before: Rss;
  /** Right after the measured run. */
  after: Rss;
  peakBytes: number;
  /** Total RSS every 5 s during the run. */
  samplesBytes: number[];
}

export interface ScenarioResult {
  name: string;
  server: string;
  what: string;
  /** Why it was not measured (an operation not built yet, no --workers...). */
  skipped?: string;
  load?: LoadResult;
  /** Cores other processes kept busy just before the scenario started (after waiting for quiet). */
  busyBeforeStart?: number;
  /** Cores used during the middle of the run: the server with its workers, wrk, and every other process. */
  cores?: { server: number; wrk: number; others: number };
  rss?: RssReport;
  /** The background load's answers during the measured run. */
  background?: BackgroundCounts & { operation: string; concurrency: number };
  /** With --repeat: how many rounds ran this scenario and the spread of their requests/s (the best is reported). */
  rounds?: { count: number; minRequestsPerSecond: number; maxRequestsPerSecond: number; minP99Ms?: number; maxP99Ms?: number };
  /** The start-up scenarios: milliseconds from spawn to the first 200 answered to a signed request, one per run. */
  startupMs?: number[];
}

/** AWS accepts a signature for 5 minutes: one run (or warm-up) replays one signature, so it must fit, with margin. */
export const MAX_SIGNED_SECONDS = 240;

/** The machine counts as quiet when everything but the idle bench uses less than this many cores. */
const QUIET_CORES = 0.2;
/** A run during which other processes used more than this many cores lost CPU to them. */
export const DISTURBED_CORES = 0.15;

export function wasDisturbed(result: ScenarioResult): boolean {
  return (result.cores?.others ?? 0) > DISTURBED_CORES;
}

/**
 * On a shared machine another process's burst (a compiler, a test run) takes CPU from the server under test: wait,
 * up to `maxSeconds`, for a quiet second. Returns the cores that were busy in the last second looked at.
 */
export async function waitForQuietMachine(maxSeconds: number, onWait: (busy: number) => void): Promise<number | undefined> {
  const deadline = Date.now() + maxSeconds * 1000;
  let busy = await machineBusyCores(1000);
  let told = false;
  while (busy !== undefined && busy >= QUIET_CORES && Date.now() < deadline) {
    if (!told) onWait(busy);
    told = true;
    busy = await machineBusyCores(1000);
  }
  return busy;
}

/** One request sent with fetch; undefined when it answered 200, else what it answered. */
async function preflight(server: RunningServer, request: FixedRequest): Promise<string | undefined> {
  const response = await fetch(`${server.url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
  const text = await response.text();
  if (response.status === 200) return undefined;
  let summary = text.slice(0, 200);
  try {
    const error = JSON.parse(text) as { __type?: string; message?: string; errorName?: string; errorMessage?: string };
    summary = `${error.__type ?? error.errorName ?? ''}: ${error.message ?? error.errorMessage ?? ''}`;
  } catch {
    // Not JSON: keep the start of the text.
  }
  return `answers HTTP ${response.status} ${summary}`;
}

export async function measureScenario(
  scenario: Scenario,
  server: RunningServer,
  context: { keys: BenchKeys | undefined; payload: Buffer; credentials: Credentials; load: LoadSettings; watchRss?: boolean },
): Promise<ScenarioResult> {
  const result: ScenarioResult = { name: scenario.name, server: server.child.name, what: scenario.what };
  const input = scenario.input(context.keys, context.payload);
  if (typeof input === 'string') return { ...result, skipped: input };
  const signOwn = scenario.sign;
  if (signOwn !== undefined) {
    const first = await signOwn(server, context.payload);
    if (typeof first === 'string') return { ...result, skipped: first };
  }
  const sign = signOwn !== undefined
    ? async () => (await signOwn(server, context.payload)) as FixedRequest
    : () => signedRequest(server.host, server.port, scenario.operation, input, context.credentials);
  const failure = await preflight(server, await sign());
  if (failure !== undefined) return { ...result, skipped: `${scenario.operation} ${failure}` };
  const backgroundInput = scenario.background?.input(context.keys);
  if (typeof backgroundInput === 'string') return { ...result, skipped: `background ${scenario.background!.operation}: ${backgroundInput}` };

  const { load } = context;
  if (load.quietWaitSeconds > 0) {
    result.busyBeforeStart = await waitForQuietMachine(load.quietWaitSeconds, (busy) =>
      process.stderr.write(`bench: other processes keep ${busy.toFixed(2)} cores busy; waiting up to ${load.quietWaitSeconds} s for a quiet machine\n`),
    );
  }
  // Started after the wait for a quiet machine (it keeps the server busy) and before the warm-up.
  const background: BackgroundLoad | undefined = scenario.background && backgroundInput
    ? startBackgroundLoad(server, { ...scenario.background, input: backgroundInput }, context.credentials)
    : undefined;
  try {
    await measureUnderLoad(server, scenario, sign, result, { load, watchRss: context.watchRss, background });
  } finally {
    await background?.stop();
  }
  return result;
}

async function measureUnderLoad(
  server: RunningServer,
  scenario: Scenario,
  sign: () => Promise<FixedRequest>,
  result: ScenarioResult,
  { load, watchRss, background }: { load: LoadSettings; watchRss: boolean | undefined; background: BackgroundLoad | undefined },
): Promise<void> {
  const serverPid = server.child.process.pid!;
  if (load.warmupSeconds > 0) await runWrk({ ...load, url: server.url, request: await sign(), durationSeconds: load.warmupSeconds });
  await new Promise((resolve) => setTimeout(resolve, 500));
  // Signed again so the whole run falls in the signature's 5 minutes.
  const request = await sign();

  const rssSamples: number[] = [];
  const rssBefore = watchRss ? treeRss(serverPid) : undefined;
  const backgroundBefore = background?.counts();
  const rssTimer = watchRss
    ? setInterval(() => {
        const rss = treeRss(serverPid);
        if (rss !== undefined) rssSamples.push(rss.total);
      }, 5_000)
    : undefined;
  // CPU is read from 0.5 s after wrk starts to 0.5 s before it ends, while the load is steady.
  let cpuBefore: CpuSnapshot | undefined;
  let cpuAfter: CpuSnapshot | undefined;
  const timers: NodeJS.Timeout[] = [];
  try {
    result.load = await runWrk({ ...load, url: server.url, request }, (wrkPid) => {
      if (load.durationSeconds < 2) return;
      timers.push(setTimeout(() => (cpuBefore = cpuSnapshot([serverPid, wrkPid])), 500));
      timers.push(setTimeout(() => (cpuAfter = cpuSnapshot([serverPid, wrkPid])), load.durationSeconds * 1000 - 500));
    });
  } finally {
    for (const timer of timers) clearTimeout(timer);
    if (rssTimer) clearInterval(rssTimer);
  }
  if (cpuBefore && cpuAfter) {
    const used = coresUsed(cpuBefore, cpuAfter);
    result.cores = { server: used.trees[0]!, wrk: used.trees[1]!, others: used.others };
  }
  const rssAfter = watchRss ? treeRss(serverPid) : undefined;
  if (rssBefore !== undefined && rssAfter !== undefined) {
    result.rss = { before: rssBefore, after: rssAfter, peakBytes: Math.max(rssBefore.total, rssAfter.total, ...rssSamples), samplesBytes: rssSamples };
  }
  if (background && backgroundBefore && scenario.background) {
    const after = background.counts();
    result.background = {
      operation: scenario.background.operation,
      concurrency: scenario.background.concurrency,
      succeeded: after.succeeded - backgroundBefore.succeeded,
      throttled: after.throttled - backgroundBefore.throttled,
      failed: after.failed - backgroundBefore.failed,
    };
  }
}
