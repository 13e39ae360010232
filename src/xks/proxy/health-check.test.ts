import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthCheck, HEALTH_CACHE_MS } from './health-check.js';
import { KeyBackendError, type ExternalKey, type KeyBackend } from './key-backend.js';

/** A key manager whose health key works or fails as the test says, counting the checks it runs. */
function backend(state: { ok: boolean; busy?: boolean; checks: number }): KeyBackend {
  const key: ExternalKey = {
    id: 'health',
    usage: new Set(['ENCRYPT', 'DECRYPT']),
    enabled: true,
    async encrypt(_iv, plaintext) {
      state.checks++;
      if (state.busy) throw new KeyBackendError('busy', 'every session is busy');
      if (!state.ok) throw new KeyBackendError('unavailable', 'device error');
      return { ciphertext: Buffer.from(plaintext), tag: Buffer.alloc(16) };
    },
    async decrypt(_iv, ciphertext) {
      return Buffer.from(ciphertext);
    },
  };
  return { ekmVendor: 'test', ekmModel: 'test ekm', stateFile: '/nonexistent', findKey: async () => undefined, healthKey: async () => key, reload: async () => undefined, close: async () => undefined };
}

test('a deep check, cached for a few seconds, UNAVAILABLE when the key manager fails, shared by concurrent callers', async () => {
  const state = { ok: true, checks: 0 };
  let now = 0;
  const health = healthCheck(backend(state), 'model', () => now);
  const first = await health.status();
  assert.deepEqual(first.ekmFleetDetails, [{ id: 'ekm-1', model: 'test ekm', healthStatus: 'ACTIVE' }]);
  assert.equal(first.xksProxyFleetSize, 1);
  state.ok = false;
  assert.equal((await health.status()).ekmFleetDetails[0]!.healthStatus, 'ACTIVE', 'cached');
  assert.equal(state.checks, 1);
  now += HEALTH_CACHE_MS;
  const answers = await Promise.all([health.status(), health.status(), health.status()]);
  assert.ok(answers.every((answer) => answer.ekmFleetDetails[0]!.healthStatus === 'UNAVAILABLE'));
  assert.equal(state.checks, 2, 'one check for the three callers');
  assert.ok(HEALTH_CACHE_MS <= 60_000, 'the spec allows a cached result at most 60 s old');
});

test('a key manager whose sessions are all busy is DEGRADED (serving), not UNAVAILABLE', async () => {
  const state = { ok: true, busy: true, checks: 0 };
  assert.equal((await healthCheck(backend(state), 'model').status()).ekmFleetDetails[0]!.healthStatus, 'DEGRADED');
});
