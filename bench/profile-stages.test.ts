// The stage classifier on a small synthetic profile: the deepest project frame decides, natives only without one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStack, stagesPerRequest, stageTimes } from './profile-stages.js';
import type { CpuProfile } from './profile-summary.js';

const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });

// root -> handle (dist/server) -> verify (dist/auth) -> parse (native JSON)
//                              -> encrypt (dist/crypto) -> node:crypto update
//                              -> evaluate (dist/policy) -> append (dist/audit): the deepest project frame is audit
//      -> (garbage collector);  -> (idle);  -> emit (node:_http_server)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 8, 9, 10] },
    { id: 2, callFrame: frame('handle', 'file:///app/dist/server/handler.js'), children: [3, 5, 7] },
    { id: 3, callFrame: frame('verify', 'file:///app/dist/auth/sigv4.js'), children: [4] },
    { id: 4, callFrame: frame('parse', ''), children: [] },
    { id: 5, callFrame: frame('encrypt', 'file:///app/dist/crypto/aes.js'), children: [6] },
    { id: 6, callFrame: frame('update', 'node:internal/crypto/cipher'), children: [] },
    { id: 7, callFrame: frame('evaluate', 'file:///app/dist/policy/evaluate.js'), children: [11] },
    { id: 8, callFrame: frame('(garbage collector)', ''), children: [] },
    { id: 9, callFrame: frame('(idle)', ''), children: [] },
    { id: 10, callFrame: frame('emit', 'node:_http_server'), children: [] },
    { id: 11, callFrame: frame('append', 'file:///app/dist/audit/trail.js'), children: [] },
  ],
  startTime: 0,
  endTime: 80,
  samples: [4, 4, 6, 8, 9, 10, 11, 2],
  timeDeltas: [10, 10, 10, 10, 10, 10, 10, 10],
};

test('each sample goes to the stage of its deepest project frame, or its natives', () => {
  const times = stageTimes(profile);
  assert.equal(times.get('sigv4'), 20); // JSON.parse under src/auth is SigV4's
  assert.equal(times.get('crypto'), 10);
  assert.equal(times.get('gc'), 10);
  assert.equal(times.get('http'), 10);
  assert.equal(times.get('audit'), 10); // under policy, but audit is deeper
  assert.equal(times.get('other'), 10); // dist/server matches no stage
  assert.equal(times.get('policy'), 0);
  assert.equal([...times.values()].reduce((a, b) => a + b, 0), 70, 'idle is not counted');
});

test('a writer-thread profile counts wholly as audit; totals divide by the requests', () => {
  const writer = stageTimes(profile, { allAs: 'audit' });
  assert.equal(writer.get('audit'), 70);
  const perRequest = stagesPerRequest([stageTimes(profile), writer], 10);
  assert.equal(perRequest.get('audit'), 8);
  assert.equal(perRequest.get('sigv4'), 2);
});

test('--last keeps only the profile\'s last seconds', () => {
  const times = stageTimes(profile, { lastSeconds: 25e-6 });
  // Samples at 60, 70, 80 µs: http, audit, other.
  assert.deepEqual([times.get('http'), times.get('audit'), times.get('other'), times.get('sigv4')], [10, 10, 10, 0]);
});

test('native JSON without a project frame is json/protocol; node_modules never counts as the project', () => {
  assert.equal(classifyStack([frame('stringify', ''), frame('x', 'file:///app/node_modules/y/dist/auth/z.js')]), 'json/protocol');
  assert.equal(classifyStack([frame('f', 'file:///app/src/protocol/json.ts')]), 'json/protocol');
  assert.equal(classifyStack([frame('g', 'file:///app/src/authz/check.ts')]), 'policy');
  assert.equal(classifyStack([frame('h', 'file:///app/dist/storage/sqlite.js')]), 'storage');
});
