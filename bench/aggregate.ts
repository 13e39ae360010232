// Folds the rounds of a run into one figure per scenario: with --repeat the best round (other processes only ever take
// capacity away), with --alternate the median round (the comparisons of issue 17: A B A B in one window, each side's
// median with its min–max). See docs/performance.md, "How it measures".

import type { ScenarioResult } from './measure.js';
import type { Scenario } from './scenarios.js';
import { median } from './stats.js';

export type Aggregation = 'best' | 'median';

const clean = (run: ScenarioResult) => run.load !== undefined && run.load.errors.status + run.load.errors.timeout === 0;

/** Per scenario in `scenarios` order, one result from all the rounds that ran it; the spread of the rounds is kept. */
export function aggregateRounds(rounds: readonly (readonly ScenarioResult[])[], scenarios: readonly Pick<Scenario, 'name'>[], how: Aggregation): ScenarioResult[] {
  const out: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    const runs = rounds.flatMap((results) => results.filter((result) => result.name === scenario.name));
    if (runs.length === 0) continue;
    const startupMs = runs.flatMap((run) => run.startupMs ?? []);
    if (startupMs.length > 0) {
      out.push({ ...runs[0]!, startupMs });
      continue;
    }
    const measured = runs.filter(clean);
    if (measured.length === 0) {
      out.push(runs.find((run) => run.load !== undefined) ?? runs[0]!);
      continue;
    }
    const rates = measured.map((run) => run.load!.requestsPerSecond);
    const p99s = measured.map((run) => run.load!.p99Ms);
    const spreadOfRounds = { count: runs.length, minRequestsPerSecond: Math.min(...rates), maxRequestsPerSecond: Math.max(...rates), minP99Ms: Math.min(...p99s), maxP99Ms: Math.max(...p99s) };
    if (how === 'best') {
      const top = measured.reduce((a, b) => (b.load!.requestsPerSecond > a.load!.requestsPerSecond ? b : a));
      out.push({ ...top, rounds: spreadOfRounds });
    } else {
      // The round closest to the median rate keeps its own cores and latencies; rate and p99 are each the median.
      const middle = median(rates);
      const closest = measured.reduce((a, b) => (Math.abs(b.load!.requestsPerSecond - middle) < Math.abs(a.load!.requestsPerSecond - middle) ? b : a));
      out.push({ ...closest, load: { ...closest.load!, requestsPerSecond: middle, p99Ms: median(p99s) }, rounds: spreadOfRounds });
    }
  }
  return out;
}
