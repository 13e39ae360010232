// `npm run fuzz`: the fuzzing suite at full size against a fresh openkms — a random seed (or --seed), many more runs
// per property (--runs scales them), then the seed, the request count, outcomes per operation and per kind of
// garbage, and for a failure the counterexample with the command that replays it.
//
//   npm run fuzz -- [--seed N] [--runs FACTOR] [--only model,garbage,raw,invalid-utf8,pipelined-garbage] [--path P]

import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fuzzProperty, PROPERTY_NAMES, PROPERTY_TITLES, type PropertyName } from './fuzz-campaign.js';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.js';

/** Runs per property at --runs 1: about 14,000 requests, two to four minutes on two shared cores. */
const DEFAULT_RUNS: Record<PropertyName, number> = { model: 10_000, garbage: 3_500, raw: 300, 'invalid-utf8': 600, 'pipelined-garbage': 100 };

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    runs: { type: 'string', default: '1' },
    only: { type: 'string' },
    path: { type: 'string' },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const factor = Number(values.runs);
const names = (values.only?.split(',') ?? [...PROPERTY_NAMES]) as PropertyName[];
for (const name of names) if (!PROPERTY_NAMES.includes(name)) throw new Error(`--only: no property ${name} (${PROPERTY_NAMES.join(', ')})`);
if (!Number.isSafeInteger(seed) || !(factor > 0)) throw new Error('--seed must be an integer and --runs a positive number');

console.log(`openkms fuzz: seed ${seed}, runs x${factor}`);
const started = performance.now();
const target = await startFuzzTarget();
console.log(`fixture ready in ${Math.round(performance.now() - started)} ms`);
const failures: string[] = [];
try {
  for (const name of names) {
    const numRuns = Math.max(1, Math.round(DEFAULT_RUNS[name] * factor));
    const before = target.requests;
    const propertyStarted = performance.now();
    const details = await fc.check(fuzzProperty(target, name), { seed, numRuns, includeErrorInReport: true, ...(values.path ? { path: values.path } : {}) });
    const seconds = ((performance.now() - propertyStarted) / 1000).toFixed(1);
    const verdict = details.failed ? 'FAILED' : 'passed';
    console.log(`${name}: ${verdict} after ${details.numRuns} runs, ${target.requests - before} requests, ${seconds} s — ${PROPERTY_TITLES[name]}`);
    if (details.failed) {
      failures.push(
        [
          `${name}: ${fc.defaultReportMessage(details) ?? ''}`,
          `replay: npm run fuzz -- --only ${name} --seed ${details.seed} --path ${details.counterexamplePath ?? ''}`,
        ].join('\n'),
      );
    }
  }
} finally {
  await target.close();
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\n${target.requests} requests in ${seconds} s (seed ${seed})\n`);
console.log(outcomeSummary(target));
if (failures.length) {
  console.log(`\n${failures.length} propert${failures.length === 1 ? 'y' : 'ies'} failed:\n`);
  console.log(failures.join('\n\n'));
  process.exitCode = 1;
}

/** Outcome counts as a table: one line per operation or kind of garbage, most frequent outcome first. */
function outcomeSummary(run: FuzzTarget): string {
  const lines: string[] = [];
  const totals = new Map<string, number>();
  for (const group of [...run.outcomes.keys()].sort()) {
    const byOutcome = [...run.outcomes.get(group)!.entries()].sort((a, b) => b[1] - a[1]);
    const sum = byOutcome.reduce((n, [, count]) => n + count, 0);
    lines.push(`  ${group.padEnd(44)} ${String(sum).padStart(6)}  ${byOutcome.map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`);
    for (const [outcome, count] of byOutcome) totals.set(outcome, (totals.get(outcome) ?? 0) + count);
  }
  lines.push('', `  slowest answer: ${Math.round(run.slowest.ms)} ms (${run.slowest.group})`, '', '  by outcome:');
  for (const [outcome, count] of [...totals.entries()].sort((a, b) => b[1] - a[1])) lines.push(`  ${outcome.padEnd(44)} ${String(count).padStart(6)}`);
  return lines.join('\n');
}
