// Prints one bench run: the measurements table (requests/s, p50, p99, ratios to the reference and to the bare
// ceiling, CPU used) with the answers of any background load, node:crypto's raw signing rates, the soak's memory, and
// the verdict on each target.

import { cpus, loadavg } from 'node:os';
import { wasDisturbed, type ScenarioResult } from './measure.js';
import type { Rss } from './proc-stats.js';
import type { RawSignRate } from './raw-sign-rate.js';
import type { TargetResult } from './targets.js';
import { spread } from './stats.js';

export interface RunInfo {
  startedAt: Date;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  threads: number;
  repeat: number;
  aggregation: 'best' | 'median';
  loadAverageAtStart: number[];
  /** The checkout whose build was measured, when --openkms-dir named one. */
  openkmsDir?: string;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function table(header: readonly string[], rows: readonly string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => pad(cell, widths[i]!, rightAligned.has(i))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const num = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => value.toFixed(2);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node.js ${process.version}, ${process.platform}`;
}

export function formatReport(info: RunInfo, results: readonly ScenarioResult[], raw: readonly RawSignRate[], targets: readonly TargetResult[]): string {
  const out: string[] = [];
  out.push(`openkms bench, ${info.startedAt.toISOString()}`);
  out.push(`machine: ${machineDescription()}; load average at start ${info.loadAverageAtStart.map((x) => x.toFixed(2)).join(' ')}`);
  if (info.openkmsDir !== undefined) out.push(`openkms measured: the build in ${info.openkmsDir}`);
  out.push(`load: wrk, ${info.connections} connections, ${info.threads} thread(s), ${info.durationSeconds} s per scenario after ${info.warmupSeconds} s warm-up; 1 KiB payloads, audit on and data on disk unless named`);
  if (info.repeat > 1 && info.aggregation === 'best') out.push(`each scenario ran in ${info.repeat} rounds; shown: its best round, with the spread of all rounds' requests/s`);
  if (info.repeat > 1 && info.aggregation === 'median') {
    out.push(`${info.repeat} alternating rounds (every server once per round, in turn); shown: each scenario's median requests/s and p99, with the min-max of its rounds; target ratios are medians of per-round ratios`);
  }
  out.push('');

  const byName = new Map(results.map((result) => [result.name, result]));
  const reference = byName.get('reference')?.load?.requestsPerSecond;
  const bare = byName.get('bare')?.load?.requestsPerSecond;
  const measured = results.filter((result) => result.load !== undefined);
  const rows = measured.map((result) => {
    const load = result.load!;
    const errors = load.errors.connect + load.errors.read + load.errors.write + load.errors.status + load.errors.timeout;
    return [
      result.name,
      num(load.requestsPerSecond),
      ms(load.p50Ms),
      ms(load.p99Ms),
      reference ? `${Math.round((load.requestsPerSecond / reference) * 100)}%` : '-',
      bare ? `${Math.round((load.requestsPerSecond / bare) * 100)}%` : '-',
      result.cores ? `${result.cores.server.toFixed(2)}/${result.cores.wrk.toFixed(2)}/${result.cores.others.toFixed(2)}` : '-',
      errors === 0 ? '0' : `${errors} (${load.errors.status} status)`,
      result.rounds && result.rounds.count > 1 ? `${num(result.rounds.minRequestsPerSecond)}-${num(result.rounds.maxRequestsPerSecond)}` : '-',
      result.rounds && result.rounds.count > 1 && result.rounds.minP99Ms !== undefined ? `${ms(result.rounds.minP99Ms)}-${ms(result.rounds.maxP99Ms!)}` : '-',
    ];
  });
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs ref', 'vs bare', 'cores srv/wrk/other', 'errors', 'rounds req/s', 'rounds p99 ms'];
  const withSpread = info.repeat > 1;
  out.push(table(withSpread ? header : header.slice(0, -2), withSpread ? rows : rows.map((row) => row.slice(0, -2)), new Set([1, 2, 3, 4, 5])));
  const noisy = measured.filter(wasDisturbed);
  if (noisy.length > 0) {
    out.push(`warning: other processes used CPU during ${noisy.map((r) => r.name).join(', ')} (see "other"): those figures are low`);
  }
  for (const result of results.filter((r) => r.background !== undefined)) {
    const { operation, concurrency, succeeded, throttled, failed } = result.background!;
    out.push(`beside ${result.name}: ${concurrency} ${operation} in flight answered ${num(succeeded)} times, ThrottlingException ${num(throttled)}, other errors ${num(failed)}`);
  }
  for (const result of results.filter((r) => r.startupMs !== undefined && r.startupMs.length > 0)) {
    const s = spread(result.startupMs!);
    out.push(`${result.name}: spawn to the first signed 200, median ${ms(s.median)} ms, ${ms(s.min)}-${ms(s.max)} ms over ${s.count} runs`);
  }
  for (const result of results.filter((r) => r.skipped !== undefined)) out.push(`not measured: ${result.name}: ${result.skipped}`);
  out.push('');

  out.push('node:crypto raw signing rate (single thread, in-process, 1 KiB message):');
  for (const rate of raw) out.push(`  ${pad(rate.name, 40)} ${pad(num(rate.signaturesPerSecond), 8, true)} signatures/s`);
  const soak = byName.get('soak')?.rss;
  if (soak !== undefined) {
    out.push('');
    const parts = (rss: Rss) => `${mib(rss.total)} MiB (anonymous ${mib(rss.anon)}, file ${mib(rss.file)}, shared ${mib(rss.shmem)})`;
    out.push('soak RSS of the server process tree:');
    out.push(`  after warm-up ${parts(soak.before)}`);
    out.push(`  after the run ${parts(soak.after)}; peak ${mib(soak.peakBytes)} MiB`);
    out.push(`  every 5 s: ${soak.samplesBytes.map(mib).join(' ')} MiB`);
  }
  out.push('');

  out.push('targets:');
  for (const target of targets) out.push(`  ${pad(target.verdict, 4)}  ${target.target}\n        ${target.figures}`);
  return out.join('\n');
}

export function currentLoadAverage(): number[] {
  return loadavg();
}
