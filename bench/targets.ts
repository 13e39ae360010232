// Issue 17's performance targets, judged on the figures of one bench run. Each verdict names the figures it compares;
// a target whose scenarios were not measured is "n/a" with the reason, never a silent pass. With several alternating
// rounds (--alternate N, or --repeat N) a ratio is the median of the per-round ratios, shown with its min–max: both
// sides of a round ran in the same few seconds, so the ratio cancels most of a shared machine's noise.

import type { RawSignRate } from './raw-sign-rate.js';
import type { ScenarioResult } from './measure.js';
import { spread } from './stats.js';

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export interface TargetResult {
  target: string;
  figures: string;
  verdict: Verdict;
}

/** Encrypt's requests/s at least this share of the reference server's. */
export const ENCRYPT_SHARE_OF_REFERENCE = 0.7;
/** Encrypt's p99 at most this multiple of the reference server's p99. */
export const ENCRYPT_P99_OF_REFERENCE = 1.5;
/** Decrypt and GenerateDataKey "within 10% of Encrypt": at least this share of Encrypt's requests/s. */
export const WITHIN_ENCRYPT = 0.9;
/** Sign ECC P-256 at least this share of node:crypto's raw P-256 signing rate on one core. */
export const ECC_SHARE_OF_RAW = 0.7;
/** RSA-2048 Sign counts as "limited only by the RSA cost" at this share of node:crypto's raw single-thread rate. */
export const RSA_SHARE_OF_RAW = 0.8;
/** `--workers 2` at least this multiple of one process. */
export const WORKERS_SPEEDUP = 1.6;
/** Audit on at least this share of audit off. */
export const AUDIT_SHARE = 0.9;
/** Spawn to the first signed request answered, median of the runs, below this. */
export const STARTUP_BELOW_MS = 500;
/** The soak passes when RSS after the run is at most this much above RSS after the warm-up. */
export const SOAK_MAX_GROWTH = 0.1;

const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

type Results = ReadonlyMap<string, ScenarioResult>;
/** Every round's results, in order; a ratio target uses them when two or more rounds measured both sides. */
type Rounds = readonly (readonly ScenarioResult[])[];

/** The result if it was measured without error responses; otherwise why it cannot be judged. */
function usable(results: Results, name: string): ScenarioResult | string {
  const result = results.get(name);
  if (result === undefined) return `${name} not run`;
  if (result.skipped !== undefined) return `${name} not measured: ${result.skipped}`;
  if (result.load === undefined) return `${name} has no load figures`;
  const errors = result.load.errors;
  if (errors.status + errors.timeout > 0) return `${name} had ${errors.status} error responses and ${errors.timeout} timeouts`;
  return result;
}

/** Per round, `figure(subject) / figure(base)` for the rounds where both sides were measured cleanly. */
export function perRoundRatios(rounds: Rounds, name: string, baseline: string, figure: (result: ScenarioResult) => number): number[] {
  const ratios: number[] = [];
  for (const round of rounds) {
    const byName = new Map(round.map((result) => [result.name, result]));
    const subject = usable(byName, name);
    const base = usable(byName, baseline);
    if (typeof subject !== 'string' && typeof base !== 'string') ratios.push(figure(subject) / figure(base));
  }
  return ratios;
}

/** The ratio to judge: the median of per-round ratios when there are two or more, else the ratio of the figures shown. */
function judgedRatio(rounds: Rounds | undefined, name: string, baseline: string, figure: (r: ScenarioResult) => number, single: number, show: (x: number) => string): { ratio: number; text: string } {
  const ratios = rounds === undefined ? [] : perRoundRatios(rounds, name, baseline, figure);
  if (ratios.length < 2) return { ratio: single, text: show(single) };
  const s = spread(ratios);
  return { ratio: s.median, text: `${show(s.median)} (median of ${s.count} rounds' ratios, ${show(s.min)}–${show(s.max)})` };
}

const requestsPerSecond = (result: ScenarioResult) => result.load!.requestsPerSecond;
const p99 = (result: ScenarioResult) => result.load!.p99Ms;

function ratioTarget(results: Results, rounds: Rounds | undefined, target: string, name: string, baseline: string, atLeast: number): TargetResult {
  const subject = usable(results, name);
  const base = usable(results, baseline);
  if (typeof subject === 'string' || typeof base === 'string') {
    return { target, figures: [subject, base].filter((x) => typeof x === 'string').join('; '), verdict: 'n/a' };
  }
  const { ratio, text } = judgedRatio(rounds, name, baseline, requestsPerSecond, requestsPerSecond(subject) / requestsPerSecond(base), pct);
  return {
    target,
    figures: `${name} ${rate(requestsPerSecond(subject))} vs ${baseline} ${rate(requestsPerSecond(base))} = ${text} (need ${pct(atLeast)})`,
    verdict: ratio >= atLeast ? 'PASS' : 'FAIL',
  };
}

/** At least `perSecond` requests/s and, when given, a p99 under `p99BelowMs`. */
function rateTarget(results: Results, target: string, name: string, perSecond: number, p99BelowMs?: number): TargetResult {
  const subject = usable(results, name);
  if (typeof subject === 'string') return { target, figures: subject, verdict: 'n/a' };
  const { requestsPerSecond, p99Ms } = subject.load!;
  const pass = requestsPerSecond >= perSecond && (p99BelowMs === undefined || p99Ms < p99BelowMs);
  return { target, figures: `${name} ${rate(requestsPerSecond)}, p99 ${p99Ms.toFixed(2)} ms`, verdict: pass ? 'PASS' : 'FAIL' };
}

function shareOfRawTarget(results: Results, raw: readonly RawSignRate[], target: string, name: string, rawPrefix: string, atLeast: number): TargetResult {
  const subject = usable(results, name);
  const rawRate = raw.find((r) => r.name.startsWith(rawPrefix));
  if (typeof subject === 'string' || rawRate === undefined) {
    return { target, figures: typeof subject === 'string' ? subject : 'raw rate not measured', verdict: 'n/a' };
  }
  const ratio = requestsPerSecond(subject) / rawRate.signaturesPerSecond;
  return {
    target,
    figures: `${name} ${rate(requestsPerSecond(subject))} vs raw node:crypto ${rate(rawRate.signaturesPerSecond)} = ${pct(ratio)} (need ${pct(atLeast)})`,
    verdict: ratio >= atLeast ? 'PASS' : 'FAIL',
  };
}

function startupTarget(results: Results, name: string, what: string): TargetResult {
  const target = `Start-up, ${what}: spawn to the first signed request answered < ${STARTUP_BELOW_MS} ms (median)`;
  const result = results.get(name);
  if (result === undefined) return { target, figures: `${name} not run`, verdict: 'n/a' };
  if (result.skipped !== undefined || result.startupMs === undefined || result.startupMs.length === 0) {
    return { target, figures: `${name} not measured${result.skipped ? `: ${result.skipped}` : ''}`, verdict: 'n/a' };
  }
  const s = spread(result.startupMs);
  return {
    target,
    figures: `${name} median ${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)} ms over ${s.count} runs)`,
    verdict: s.median < STARTUP_BELOW_MS ? 'PASS' : 'FAIL',
  };
}

export function evaluateTargets(results: Results, raw: readonly RawSignRate[], workers: number, rounds?: Rounds): TargetResult[] {
  const targets: TargetResult[] = [];
  targets.push(ratioTarget(results, rounds, `Encrypt 1 KiB: requests/s >= ${pct(ENCRYPT_SHARE_OF_REFERENCE)} of the reference server`, 'encrypt', 'reference', ENCRYPT_SHARE_OF_REFERENCE));

  const p99Target = `Encrypt 1 KiB: p99 <= ${ENCRYPT_P99_OF_REFERENCE}x the reference server's p99`;
  const encrypt = usable(results, 'encrypt');
  const reference = usable(results, 'reference');
  if (typeof encrypt === 'string' || typeof reference === 'string') {
    targets.push({ target: p99Target, figures: [encrypt, reference].filter((x) => typeof x === 'string').join('; '), verdict: 'n/a' });
  } else {
    const { ratio, text } = judgedRatio(rounds, 'encrypt', 'reference', p99, p99(encrypt) / p99(reference), (x) => `${x.toFixed(2)}x`);
    targets.push({
      target: p99Target,
      figures: `encrypt p99 ${p99(encrypt).toFixed(2)} ms vs reference ${p99(reference).toFixed(2)} ms = ${text}`,
      verdict: ratio <= ENCRYPT_P99_OF_REFERENCE ? 'PASS' : 'FAIL',
    });
  }

  targets.push(ratioTarget(results, rounds, `Decrypt: requests/s within 10% of Encrypt (>= ${pct(WITHIN_ENCRYPT)})`, 'decrypt', 'encrypt', WITHIN_ENCRYPT));
  targets.push(ratioTarget(results, rounds, `GenerateDataKey: requests/s within 10% of Encrypt (>= ${pct(WITHIN_ENCRYPT)})`, 'generate-data-key', 'encrypt', WITHIN_ENCRYPT));
  targets.push(shareOfRawTarget(results, raw, `Sign ECC P-256: >= ${pct(ECC_SHARE_OF_RAW)} of node:crypto's raw P-256 signing rate on one core`, 'sign-ecc-p256', 'ECDSA P-256', ECC_SHARE_OF_RAW));
  targets.push(shareOfRawTarget(results, raw, `Sign RSA-2048: >= ${pct(RSA_SHARE_OF_RAW)} of node:crypto's raw single-thread rate`, 'sign-rsa-2048', 'RSA-2048', RSA_SHARE_OF_RAW));
  targets.push(ratioTarget(results, rounds, `--workers ${workers}: Encrypt requests/s >= ${WORKERS_SPEEDUP}x one process`, 'encrypt-workers', 'encrypt', WORKERS_SPEEDUP));
  targets.push(ratioTarget(results, rounds, `Audit on: Encrypt requests/s >= ${pct(AUDIT_SHARE)} of --no-audit`, 'encrypt', 'encrypt-no-audit', AUDIT_SHARE));
  targets.push(startupTarget(results, 'startup-fresh', 'fresh data directory'));
  targets.push(startupTarget(results, 'startup-with-keys', 'data directory with keys'));

  targets.push(ratioTarget(results, rounds, 'Encrypt through an external key store: requests/s >= 50% of Encrypt', 'encrypt-xks', 'encrypt', 0.5));
  targets.push(ratioTarget(results, rounds, 'PostgreSQL: one node\'s Encrypt requests/s >= 70% of SQLite\'s', 'encrypt-postgres', 'encrypt', 0.7));
  targets.push(ratioTarget(results, rounds, 'PostgreSQL: two nodes\' Encrypt requests/s >= 1.3x one node', 'encrypt-postgres-two-nodes', 'encrypt-postgres', 1.3));
  targets.push(rateTarget(results, 'XKS proxy, sealed key file: Encrypt >= 5,000/s with p99 < 20 ms', 'xks-proxy-encrypt', 5000, 20));
  targets.push(rateTarget(results, 'XKS proxy, SoftHSM2: Encrypt >= 1,800/s', 'xks-proxy-softhsm-encrypt', 1800));

  const soak = usable(results, 'soak');
  const soakTarget = `No memory growth over the soak: RSS after <= RSS before + ${pct(SOAK_MAX_GROWTH)}`;
  if (typeof soak === 'string' || soak.rss === undefined) {
    targets.push({ target: soakTarget, figures: typeof soak === 'string' ? soak : 'no RSS readings (needs Linux /proc)', verdict: 'n/a' });
  } else {
    const { before, after } = soak.rss;
    const growth = (after.total - before.total) / before.total;
    targets.push({
      target: soakTarget,
      figures: `RSS ${mib(before.total)} -> ${mib(after.total)} (${growth >= 0 ? '+' : ''}${pct(growth)}, peak ${mib(soak.rss.peakBytes)}; anonymous ${mib(before.anon)} -> ${mib(after.anon)}) over ${Math.round(soak.load!.durationSeconds)} s, ${soak.load!.requests.toLocaleString('en-US')} requests`,
      verdict: growth <= SOAK_MAX_GROWTH ? 'PASS' : 'FAIL',
    });
  }
  return targets;
}
