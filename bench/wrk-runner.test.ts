// The wrk Lua script carries the signed request byte for byte, and wrk's result line parses into the report's units.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { luaScript, parseWrkOutput } from './wrk-runner.js';
import type { FixedRequest } from './signed-request.js';

const request: FixedRequest = {
  method: 'POST',
  path: '/',
  headers: { 'x-amz-target': 'TrentService.Encrypt', authorization: 'AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=ab' },
  body: '{"KeyId":"k","Plaintext":"]]=]x"}',
  signedAt: new Date(0),
};

describe('luaScript', () => {
  test('quotes the body with a long-bracket level that does not occur in it', () => {
    const script = luaScript(request);
    assert.ok(script.includes('wrk.body = [==[{"KeyId":"k","Plaintext":"]]=]x"}]==]'));
  });

  test('sets every header and the method, and prints one result line from done()', () => {
    const script = luaScript(request);
    assert.ok(script.includes('wrk.method = [=[POST]=]'));
    assert.ok(script.includes('wrk.headers[ [=[x-amz-target]=] ] = [=[TrentService.Encrypt]=]'));
    assert.ok(script.includes('wrk.headers[ [=[authorization]=] ] = [=[AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=ab]=]'));
    assert.match(script, /done = function\(summary, latency, requests\)/);
  });
});

describe('parseWrkOutput', () => {
  test('turns microseconds into ms and computes requests/s from the run time', () => {
    const stdout = [
      'Running 10s test @ http://127.0.0.1:1/',
      'BENCH_RESULT {"requests":50000,"durationUs":10000000,"p50Us":1500,"p90Us":2500,"p99Us":9000,"maxUs":20000,' +
        '"connect":0,"read":1,"write":0,"status":3,"timeout":0}',
    ].join('\n');
    const result = parseWrkOutput(stdout);
    assert.equal(result.requestsPerSecond, 5000);
    assert.equal(result.p50Ms, 1.5);
    assert.equal(result.p99Ms, 9);
    assert.deepEqual(result.errors, { connect: 0, read: 1, write: 0, status: 3, timeout: 0 });
  });

  test('fails loudly when the script did not run (a Lua error prints no result line)', () => {
    assert.throws(() => parseWrkOutput('request.lua:5: unexpected symbol near =\nRequests/sec: 100'), /wrk printed no result/);
  });
});
