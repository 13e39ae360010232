// Each target compares the figures the issue names, and a target whose scenario did not run is n/a, never a pass.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTargets, type TargetResult } from './targets.js';
import type { ScenarioResult } from './measure.js';

function measured(name: string, requestsPerSecond: number, p99Ms = 10): ScenarioResult {
  return {
    name,
    server: 'test',
    what: name,
    load: {
      requests: requestsPerSecond * 10,
      durationSeconds: 10,
      requestsPerSecond,
      p50Ms: p99Ms / 3,
      p90Ms: p99Ms / 2,
      p99Ms,
      maxMs: p99Ms * 2,
      errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0 },
    },
  };
}

const raw = [
  { name: 'ECDSA P-256 (ECDSA_SHA_256)', signaturesPerSecond: 30_000 },
  { name: 'RSA-2048 (RSASSA_PKCS1_V1_5_SHA_256)', signaturesPerSecond: 3_000 },
];

function verdictOf(targets: TargetResult[], startsWith: string): TargetResult {
  const target = targets.find((t) => t.target.startsWith(startsWith));
  assert.ok(target, `no target ${startsWith}`);
  return target;
}

describe('evaluateTargets', () => {
  test('judges each ratio against its threshold', () => {
    const results = new Map(
      [
        measured('reference', 20_000, 10),
        measured('encrypt', 10_500, 25),
        measured('decrypt', 8_000),
        measured('generate-data-key', 9_000),
        measured('sign-ecc-p256', 4_999),
        measured('sign-rsa-2048', 2_500),
        measured('encrypt-no-audit', 12_000),
      ].map((r) => [r.name, r]),
    );
    const targets = evaluateTargets(results, raw, 2);
    assert.equal(verdictOf(targets, 'Encrypt 1 KiB: requests/s').verdict, 'PASS');
    assert.equal(verdictOf(targets, 'Encrypt 1 KiB: p99').verdict, 'FAIL');
    assert.equal(verdictOf(targets, 'Decrypt').verdict, 'FAIL');
    assert.equal(verdictOf(targets, 'GenerateDataKey').verdict, 'PASS');
    assert.equal(verdictOf(targets, 'Sign ECC').verdict, 'FAIL');
    assert.equal(verdictOf(targets, 'Sign RSA').verdict, 'PASS');
    assert.equal(verdictOf(targets, 'Audit on').verdict, 'PASS');
    assert.equal(verdictOf(targets, '--workers').verdict, 'n/a');
    assert.equal(verdictOf(targets, 'No memory growth').verdict, 'n/a');
  });

  test('a scenario with error responses cannot pass', () => {
    const failing = measured('encrypt', 50_000);
    failing.load!.errors.status = 12;
    const targets = evaluateTargets(new Map([['reference', measured('reference', 20_000)], ['encrypt', failing]]), raw, 2);
    const target = verdictOf(targets, 'Encrypt 1 KiB: requests/s');
    assert.equal(target.verdict, 'n/a');
    assert.match(target.figures, /12 error responses/);
  });

  test('the soak compares RSS after the run with RSS after the warm-up', () => {
    const soak = measured('soak', 7_000);
    const rss = (total: number) => ({ total, anon: total / 2, file: total / 2, shmem: 0 });
    soak.rss = { before: rss(100 * 2 ** 20), after: rss(111 * 2 ** 20), peakBytes: 112 * 2 ** 20, samplesBytes: [] };
    assert.equal(verdictOf(evaluateTargets(new Map([['soak', soak]]), raw, 2), 'No memory growth').verdict, 'FAIL');
    soak.rss.after = rss(109 * 2 ** 20);
    assert.equal(verdictOf(evaluateTargets(new Map([['soak', soak]]), raw, 2), 'No memory growth').verdict, 'PASS');
  });
});

describe('the XKS proxy targets', () => {
  test('sealed key file: 5,000/s and a p99 under 20 ms; SoftHSM2: 1,800/s; not run is n/a', () => {
    const judge = (results: ScenarioResult[]) => evaluateTargets(new Map(results.map((r) => [r.name, r])), raw, 2);
    const pass = judge([measured('xks-proxy-encrypt', 5200, 15), measured('xks-proxy-softhsm-encrypt', 1900, 40)]);
    assert.equal(verdictOf(pass, 'XKS proxy, sealed key file').verdict, 'PASS');
    assert.equal(verdictOf(pass, 'XKS proxy, SoftHSM2').verdict, 'PASS');
    const slowTail = judge([measured('xks-proxy-encrypt', 9000, 25), measured('xks-proxy-softhsm-encrypt', 1700)]);
    assert.equal(verdictOf(slowTail, 'XKS proxy, sealed key file').verdict, 'FAIL');
    assert.equal(verdictOf(slowTail, 'XKS proxy, SoftHSM2').verdict, 'FAIL');
    assert.equal(verdictOf(judge([]), 'XKS proxy, sealed key file').verdict, 'n/a');
  });
});
