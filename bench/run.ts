// `npm run bench`: starts each server in turn (bare ceiling, reference, openkms compiled from dist/ with audit on and
// data on disk, then --no-audit, --workers, soak), replays SigV4-signed requests over loopback with wrk, and prints
// requests/s, p50/p99 and the verdict on each target of the issue. See docs/performance.md.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { aggregateRounds } from './aggregate.js';
import { median } from './stats.js';
import { startupFresh, startupWithKeys } from './startup.js';
import { BENCH_HELP, parseBenchOptions, type BenchOptions } from './bench-options.js';
import { createBenchKeys, createXksBenchKey } from './bench-keys.js';
import { installCleanup } from './child-processes.js';
import { measureScenario, waitForQuietMachine, wasDisturbed, type LoadSettings, type ScenarioResult } from './measure.js';
import { rawSignRates, type RawSignRate } from './raw-sign-rate.js';
import { currentLoadAverage, formatReport, type RunInfo } from './report.js';
import { newPayload, POSTGRES_SERVERS, roundPlan, SCENARIOS, type BenchKeys, type Scenario, type ServerKind } from './scenarios.js';
import { dropSchema, testStoreUrl } from '../src/storage/postgres/pg-test-database.test-helper.js';
import { useOpenkmsBuild, openkmsSupportsWorkers, startBenchServer, startOpenkms, startXksBenchProxy, type RunningServer, type XksBenchProxy } from './servers.js';
import type { Credentials } from './signed-request.js';
import { evaluateTargets } from './targets.js';
import { WRK_MISSING_MESSAGE, wrkAvailable } from './wrk-runner.js';
import { softHsmMissing, startXksProxyServer } from './xks-proxy-bench.js';

// Under load the V8 heap grows to its working size over the first ~250,000 requests: ~40 s at 7,000/s, ~50 s at
// 5,000/s (measured: docs/performance.md); the soak looks for growth after that.
const SOAK_MIN_WARMUP_SECONDS = 60;

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** A fresh admin access key in AWS's shape, so nothing from a previous run or the caller's shell is reused. */
function benchCredentials(): Credentials {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = 'AKIA';
  for (let i = 0; i < 16; i++) id += alphabet[randomInt(alphabet.length)];
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64') };
}

/** The database of the PostgreSQL scenarios: a schema of its own per run on the test server (OPENKMS_TEST_POSTGRES, default the local one), dropped after. */
const benchPostgres = {
  url: testStoreUrl(`openkms_bench_${randomBytes(6).toString('hex')}`),
  rootKey: randomBytes(32).toString('hex'),
  schema(): string {
    return new URL(this.url).searchParams.get('schema')!;
  },
};

async function startServer(kind: ServerKind, options: BenchOptions, dataDir: string, credentials: Credentials, workDir: string, xks?: XksBenchProxy): Promise<RunningServer> {
  switch (kind) {
    case 'openkms-postgres':
      return startOpenkms({ dataDir, credentials, audit: true, cpuProfDir: options.cpuProfDir, postgres: benchPostgres });
    case 'openkms-postgres-two-nodes':
      return startOpenkms({ dataDir, credentials, audit: true, workers: 2, cpuProfDir: options.cpuProfDir, postgres: benchPostgres });
    case 'xks-proxy':
      return startXksProxyServer('file', workDir);
    case 'xks-proxy-softhsm':
      return startXksProxyServer('softhsm', workDir);
    case 'openkms-xks':
      return startOpenkms({
        dataDir,
        credentials,
        audit: true,
        cpuProfDir: options.cpuProfDir,
        extraArgs: ['--xks-ca-bundle', xks!.caFile, '--xks-resolve', xks!.resolveEntry],
      });
    case 'bare':
    case 'reference':
      return startBenchServer(kind, credentials);
    case 'openkms':
    case 'openkms-soak':
      return startOpenkms({ dataDir, credentials, audit: true, cpuProfDir: options.cpuProfDir });
    case 'openkms-no-audit':
      return startOpenkms({ dataDir, credentials, audit: false, cpuProfDir: options.cpuProfDir });
    case 'openkms-workers':
      return startOpenkms({ dataDir, credentials, audit: true, workers: options.workers, cpuProfDir: options.cpuProfDir });
    case 'openkms-startup':
      throw new Error('the start-up scenarios start their own servers (bench/startup.ts)');
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${BENCH_HELP}\n`);
    return;
  }
  if (!wrkAvailable()) {
    process.stderr.write(`${WRK_MISSING_MESSAGE}\n`);
    process.exitCode = 1;
    return;
  }
  installCleanup();
  if (options.openkmsDir !== undefined) {
    useOpenkmsBuild(resolve(options.openkmsDir));
    progress(`measuring the openkms built in ${resolve(options.openkmsDir)}`);
  }
  if (options.cpuProfDir !== undefined) {
    options.cpuProfDir = resolve(options.cpuProfDir);
    mkdirSync(options.cpuProfDir, { recursive: true });
  }
  const workDir = mkdtempSync(join(tmpdir(), 'openkms-bench-'));
  // Also on Ctrl-C, which ends the process from its signal handler without unwinding to the `finally` below.
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  if (options.dataDir !== undefined && existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
    // Its admin access key would not be the one the bench signs with.
    throw new Error(`--data-dir ${options.dataDir} is not empty: give a new or empty directory`);
  }
  const dataDir = options.dataDir ?? join(workDir, 'data');
  const credentials = benchCredentials();
  const payload = newPayload();
  const info: RunInfo = {
    startedAt: new Date(),
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    connections: options.connections,
    threads: options.threads,
    repeat: options.repeat,
    aggregation: options.aggregation,
    loadAverageAtStart: currentLoadAverage(),
    openkmsDir: options.openkmsDir === undefined ? undefined : resolve(options.openkmsDir),
  };

  try {
    const rounds: RoundResult[] = [];
    let keys: BenchKeys | undefined;
    let postgresKeys: BenchKeys | undefined;
    for (let round = 1; round <= options.repeat; round++) {
      if (options.repeat > 1) progress(`round ${round} of ${options.repeat}`);
      const context: RoundContext = { options, dataDir, workDir, credentials, payload, keys, postgresKeys, last: round === options.repeat };
      rounds.push(await runRound(context));
      keys = context.keys;
      postgresKeys = context.postgresKeys;
    }
    const raw = bestRawRates(rounds.map((round) => round.raw));
    const perRound = rounds.map((round) => round.results);
    const results = aggregateRounds(perRound, SCENARIOS, options.aggregation);
    const targets = evaluateTargets(new Map(results.map((result) => [result.name, result])), raw, options.workers, perRound);
    process.stdout.write(`\n${formatReport(info, results, raw, targets)}\n`);
    if (options.cpuProfDir !== undefined) process.stdout.write(`\nCPU profiles of the openkms processes: ${options.cpuProfDir}\n`);
    if (options.jsonFile !== undefined) {
      writeFileSync(options.jsonFile, JSON.stringify({ info, raw, results, targets, rounds }, null, 2) + '\n');
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    if (options.scenarios.some((name) => SCENARIOS.some((s) => s.name === name && POSTGRES_SERVERS.has(s.server)))) {
      await dropSchema(benchPostgres.schema()).catch((error: unknown) => progress(`the bench schema could not be dropped: ${String(error)}`));
    }
  }
}

interface RoundResult {
  raw: RawSignRate[];
  results: ScenarioResult[];
}

interface RoundContext {
  options: BenchOptions;
  dataDir: string;
  workDir: string;
  credentials: Credentials;
  payload: Buffer;
  /** Created on the first openkms start, reused after (the data directory keeps them). */
  keys: BenchKeys | undefined;
  /** The same, on the PostgreSQL database. */
  postgresKeys?: BenchKeys | undefined;
  /** The soak runs once, in the last round. */
  last: boolean;
}

/** node:crypto's rates, then every selected scenario, each server started for its scenarios and stopped after. */
async function runRound(context: RoundContext): Promise<RoundResult> {
  const { options, dataDir, credentials, payload } = context;
  // In-process and while no server runs, so nothing competes with it.
  if (options.quietWaitSeconds > 0) {
    await waitForQuietMachine(options.quietWaitSeconds, (busy) => progress(`other processes keep ${busy.toFixed(2)} cores busy; waiting for a quiet machine`));
  }
  progress('node:crypto raw signing rates (4 s)');
  const raw = rawSignRates(payload);

  const selected = SCENARIOS.filter((scenario) => options.scenarios.includes(scenario.name) && (scenario.name !== 'soak' || context.last));
  const results: ScenarioResult[] = [];
  for (const [kind, scenarios] of roundPlan(selected)) {
    if (kind === 'openkms-workers' && !openkmsSupportsWorkers()) {
      for (const scenario of scenarios) {
        results.push({ name: scenario.name, server: kind, what: scenario.what, skipped: 'not built: `openkms serve` has no --workers option' });
      }
      continue;
    }
    if (kind === 'openkms-startup') {
      for (const scenario of scenarios) results.push(await measureStartup(scenario, context));
      continue;
    }
    const softHsm = kind === 'xks-proxy-softhsm' ? softHsmMissing() : undefined;
    if (softHsm !== undefined) {
      for (const scenario of scenarios) results.push({ name: scenario.name, server: kind, what: scenario.what, skipped: softHsm });
      continue;
    }
    progress(`starting ${kind}`);
    // encrypt-xks: the proxy first (its own process, restarted per round), then openkms trusting it.
    const xks = kind === 'openkms-xks' ? await startXksBenchProxy() : undefined;
    const server = await startServer(kind, options, dataDir, credentials, context.workDir, xks).catch(async (error: unknown) => {
      await xks?.child.stop();
      throw error;
    });
    try {
      const onPostgres = POSTGRES_SERVERS.has(kind);
      if (kind.startsWith('openkms') && (onPostgres ? context.postgresKeys : context.keys) === undefined) {
        const created = await createBenchKeys(server.url, credentials, payload);
        if (onPostgres) context.postgresKeys = created.keys;
        else context.keys = created.keys;
        for (const note of created.notes) progress(note);
      }
      if (xks && context.keys !== undefined && context.keys.xks === undefined) {
        try {
          context.keys.xks = await createXksBenchKey(server.url, credentials, xks);
        } catch (error) {
          progress(`the key in an external key store could not be made: ${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      const keys = onPostgres ? context.postgresKeys : context.keys;
      for (const scenario of scenarios) {
        const soak = scenario.name === 'soak';
        const load: LoadSettings = {
          durationSeconds: soak ? options.soakSeconds : options.durationSeconds,
          warmupSeconds: soak ? Math.max(options.warmupSeconds, SOAK_MIN_WARMUP_SECONDS) : options.warmupSeconds,
          connections: options.connections,
          threads: options.threads,
          workDir: context.workDir,
          quietWaitSeconds: options.quietWaitSeconds,
        };
        progress(`${scenario.name}: ${load.warmupSeconds} s warm-up, ${load.durationSeconds} s measured`);
        const measure = () => measureScenario(scenario, server, { keys, payload, credentials, load, watchRss: soak });
        let result = await measure();
        let latest = result;
        // Another process's burst took CPU from this run: measure again (not the soak, whose subject is memory).
        for (let retry = 1; !soak && retry <= options.retries && wasDisturbed(latest); retry++) {
          progress(`${scenario.name}: other processes used ${latest.cores!.others.toFixed(2)} cores during the run; again (${retry}/${options.retries})`);
          latest = await measure();
          if (latest.load !== undefined && latest.load.requestsPerSecond > (result.load?.requestsPerSecond ?? 0)) result = latest;
        }
        if (result.skipped !== undefined) progress(`${scenario.name} not measured: ${result.skipped}`);
        else progress(`${scenario.name}: ${Math.round(result.load!.requestsPerSecond)} requests/s`);
        results.push(result);
      }
    } finally {
      await server.child.stop();
      await xks?.child.stop();
    }
  }
  return { raw, results };
}

async function measureStartup(scenario: Scenario, context: RoundContext): Promise<ScenarioResult> {
  const { options, workDir, credentials, payload } = context;
  progress(`${scenario.name}: ${options.startupRuns} spawns of openkms serve`);
  const result: ScenarioResult = { name: scenario.name, server: 'openkms serve (one per run)', what: scenario.what };
  try {
    result.startupMs = scenario.name === 'startup-fresh'
      ? await startupFresh(workDir, credentials, options.startupRuns)
      : await startupWithKeys(workDir, credentials, payload, options.startupRuns);
    progress(`${scenario.name}: median ${Math.round(median(result.startupMs))} ms`);
  } catch (error) {
    result.skipped = (error as Error).message.slice(0, 500);
  }
  return result;
}

function bestRawRates(rounds: readonly RawSignRate[][]): RawSignRate[] {
  return rounds[0]!.map((rate, i) => ({ ...rate, signaturesPerSecond: Math.max(...rounds.map((round) => round[i]!.signaturesPerSecond)) }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
