// The order a round runs in: what makes --alternate's A B A B comparisons.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundPlan, SCENARIOS } from './scenarios.js';

const pick = (...names: string[]) => names.map((name) => SCENARIOS.find((scenario) => scenario.name === name)!);

test('each server of the target pairs runs once per round, reference first, openkms --no-audit and --workers after openkms', () => {
  const plan = roundPlan(pick('encrypt-workers', 'encrypt-no-audit', 'decrypt', 'encrypt', 'reference', 'generate-data-key', 'encrypt-4k'));
  assert.deepEqual(plan.map(([kind, scenarios]) => [kind, scenarios.map((s) => s.name)]), [
    ['reference', ['reference']],
    ['openkms', ['encrypt', 'encrypt-4k', 'decrypt', 'generate-data-key']],
    ['openkms-no-audit', ['encrypt-no-audit']],
    ['openkms-workers', ['encrypt-workers']],
  ]);
});

test('the payload-size and start-up scenarios exist with the sizes named', () => {
  const names = SCENARIOS.map((scenario) => scenario.name);
  for (const name of ['encrypt-64b', 'encrypt-4k', 'reference-64b', 'reference-4k', 'create-key', 'startup-fresh', 'startup-with-keys']) {
    assert.ok(names.includes(name), name);
  }
  const plaintextBytes = (name: string) => {
    const input = SCENARIOS.find((s) => s.name === name)!.input({ symmetric: 'k', eccP256: '', rsa2048: '', hmac256: '' }, Buffer.alloc(1024)) as { Plaintext: string };
    return Buffer.from(input.Plaintext, 'base64').length;
  };
  assert.deepEqual([plaintextBytes('encrypt-64b'), plaintextBytes('encrypt'), plaintextBytes('encrypt-4k'), plaintextBytes('reference-4k')], [64, 1024, 4096, 4096]);
});
