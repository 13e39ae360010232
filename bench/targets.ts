// The performance targets, judged on the figures of one bench run. Each verdict names the figures it compares;
// a target whose scenarios were not measured is "n/a" with the reason, never a silent pass.

import type { RawSignRate } from './raw-sign-rate.js';
import type { ScenarioResult } from './measure.js';

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export interface TargetResult {
  target: string;
  figures: string;
  verdict: Verdict;
}

/** RSA-2048 Sign counts as "limited only by the RSA cost" at this share of node:crypto's raw single-thread rate. */
export const RSA_SHARE_OF_RAW = 0.8;
/** The soak passes when RSS after the run is at most this much above RSS after the warm-up. */
export const SOAK_MAX_GROWTH = 0.1;

const rate = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The result if it was measured without error responses; otherwise why it cannot be judged. */
function usable(results: ReadonlyMap<string, ScenarioResult>, name: string): ScenarioResult | string {
  const result = results.get(name);
  if (result === undefined) return `${name} not run`;
  if (result.skipped !== undefined) return `${name} not measured: ${result.skipped}`;
  const errors = result.load!.errors;
  if (errors.status + errors.timeout > 0) return `${name} had ${errors.status} error responses and ${errors.timeout} timeouts`;
  return result;
}

function ratioTarget(
  results: ReadonlyMap<string, ScenarioResult>,
  target: string,
  name: string,
  baseline: string,
  atLeast: number,
): TargetResult {
  const subject = usable(results, name);
  const base = usable(results, baseline);
  if (typeof subject === 'string' || typeof base === 'string') {
    return { target, figures: [subject, base].filter((x) => typeof x === 'string').join('; '), verdict: 'n/a' };
  }
  const ratio = subject.load!.requestsPerSecond / base.load!.requestsPerSecond;
  return {
    target,
    figures: `${name} ${rate(subject.load!.requestsPerSecond)} vs ${baseline} ${rate(base.load!.requestsPerSecond)} = ${pct(ratio)} (need ${pct(atLeast)})`,
    verdict: ratio >= atLeast ? 'PASS' : 'FAIL',
  };
}

/** At least `perSecond` requests/s and, when given, a p99 under `p99BelowMs`. */
function rateTarget(results: ReadonlyMap<string, ScenarioResult>, target: string, name: string, perSecond: number, p99BelowMs?: number): TargetResult {
  const subject = usable(results, name);
  if (typeof subject === 'string') return { target, figures: subject, verdict: 'n/a' };
  const { requestsPerSecond, p99Ms } = subject.load!;
  const pass = requestsPerSecond >= perSecond && (p99BelowMs === undefined || p99Ms < p99BelowMs);
  return { target, figures: `${name} ${rate(requestsPerSecond)}, p99 ${p99Ms.toFixed(2)} ms`, verdict: pass ? 'PASS' : 'FAIL' };
}

export function evaluateTargets(results: ReadonlyMap<string, ScenarioResult>, raw: readonly RawSignRate[], workers: number): TargetResult[] {
  const targets: TargetResult[] = [];
  targets.push(ratioTarget(results, 'Encrypt 1 KiB: requests/s >= 50% of the reference server', 'encrypt', 'reference', 0.5));

  const encrypt = usable(results, 'encrypt');
  const reference = usable(results, 'reference');
  if (typeof encrypt === 'string' || typeof reference === 'string') {
    targets.push({ target: 'Encrypt 1 KiB: p99 <= 2x the reference server\'s p99', figures: [encrypt, reference].filter((x) => typeof x === 'string').join('; '), verdict: 'n/a' });
  } else {
    const ratio = encrypt.load!.p99Ms / reference.load!.p99Ms;
    targets.push({
      target: 'Encrypt 1 KiB: p99 <= 2x the reference server\'s p99',
      figures: `encrypt p99 ${encrypt.load!.p99Ms.toFixed(2)} ms vs reference ${reference.load!.p99Ms.toFixed(2)} ms = ${ratio.toFixed(2)}x`,
      verdict: ratio <= 2 ? 'PASS' : 'FAIL',
    });
  }

  targets.push(ratioTarget(results, 'Decrypt: requests/s >= 80% of Encrypt', 'decrypt', 'encrypt', 0.8));
  targets.push(ratioTarget(results, 'GenerateDataKey 1 KiB: requests/s >= 80% of Encrypt', 'generate-data-key', 'encrypt', 0.8));

  const ecc = usable(results, 'sign-ecc-p256');
  targets.push(
    typeof ecc === 'string'
      ? { target: 'Sign ECC P-256: >= 5,000/s', figures: ecc, verdict: 'n/a' }
      : { target: 'Sign ECC P-256: >= 5,000/s', figures: `sign-ecc-p256 ${rate(ecc.load!.requestsPerSecond)}`, verdict: ecc.load!.requestsPerSecond >= 5000 ? 'PASS' : 'FAIL' },
  );

  const rsa = usable(results, 'sign-rsa-2048');
  const rawRsa = raw.find((r) => r.name.startsWith('RSA-2048'));
  const rsaTarget = `Sign RSA-2048: >= ${pct(RSA_SHARE_OF_RAW)} of node:crypto's raw single-thread rate`;
  if (typeof rsa === 'string' || rawRsa === undefined) {
    targets.push({ target: rsaTarget, figures: typeof rsa === 'string' ? rsa : 'raw rate not measured', verdict: 'n/a' });
  } else {
    const ratio = rsa.load!.requestsPerSecond / rawRsa.signaturesPerSecond;
    targets.push({
      target: rsaTarget,
      figures: `sign-rsa-2048 ${rate(rsa.load!.requestsPerSecond)} vs raw ${rate(rawRsa.signaturesPerSecond)} = ${pct(ratio)}`,
      verdict: ratio >= RSA_SHARE_OF_RAW ? 'PASS' : 'FAIL',
    });
  }

  targets.push(ratioTarget(results, 'Encrypt through an external key store: requests/s >= 50% of Encrypt', 'encrypt-xks', 'encrypt', 0.5));
  targets.push(ratioTarget(results, `--workers ${workers}: Encrypt requests/s >= 1.4x one process`, 'encrypt-workers', 'encrypt', 1.4));
  targets.push(ratioTarget(results, 'Audit on: Encrypt requests/s >= 85% of --no-audit', 'encrypt', 'encrypt-no-audit', 0.85));
  targets.push(ratioTarget(results, 'PostgreSQL: one node\'s Encrypt requests/s >= 70% of SQLite\'s', 'encrypt-postgres', 'encrypt', 0.7));
  targets.push(ratioTarget(results, 'PostgreSQL: two nodes\' Encrypt requests/s >= 1.3x one node', 'encrypt-postgres-two-nodes', 'encrypt-postgres', 1.3));

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
