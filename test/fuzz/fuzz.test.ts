// The fuzzing suite's bounded run inside npm test: a fixed seed, so CI is reproducible, and about 1,750 requests
// against one real openkms, a minute at most on two cores. `npm run fuzz` runs the same properties far longer with a
// random seed (test/fuzz/run-fuzz.ts); a failure here prints the seed and path that replay it there.

import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { fuzzProperty, PROPERTY_NAMES, PROPERTY_TITLES, type PropertyName } from './fuzz-campaign.js';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.js';

const SEED = 20_261_203;
const RUNS: Record<PropertyName, number> = { model: 1_200, garbage: 400, raw: 40, 'invalid-utf8': 60, 'pipelined-garbage': 20 };

let target: FuzzTarget;
before(async () => {
  target = await startFuzzTarget();
});
after(async () => {
  await target?.close();
});

for (const name of PROPERTY_NAMES) {
  test(PROPERTY_TITLES[name], async () => {
    await fc.assert(fuzzProperty(target, name), { seed: SEED, numRuns: RUNS[name], includeErrorInReport: true });
  });
}
