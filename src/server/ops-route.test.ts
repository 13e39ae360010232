// The operator endpoints on their own: /ready says 503 when storage does not answer or shutdown has begun, /metrics
// only where it is served, and the request log skips answers that reached no API.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opsAnswer, opsRoute } from './ops-route.js';
import { ServerMetrics } from './metrics.js';
import { silentLogger } from './logger.js';

const base = { metrics: new ServerMetrics(), metricsOnApiPort: true, storageReachable: async () => true, draining: () => false };

test('/ready is 200 when storage answers and the server is not draining', async () => {
  const answer = await opsAnswer('/ready', base);
  assert.equal(answer?.status, 200);
  assert.deepEqual(JSON.parse(String(answer?.body)), { status: 'ready', storage: 'ok', rootKey: 'verified', draining: false });
});

test('/ready is 503 when storage fails or times out with an error, and while draining; /health stays 200', async () => {
  for (const storageReachable of [async () => false, async () => Promise.reject(new Error('SQLITE_IOERR'))]) {
    const answer = await opsAnswer('/ready', { ...base, storageReachable });
    assert.equal(answer?.status, 503);
    assert.equal((JSON.parse(String(answer?.body)) as { storage: string }).storage, 'unreachable');
    assert.ok(!String(answer?.body).includes('SQLITE_IOERR'), 'the cause is not shown');
  }
  const draining = await opsAnswer('/ready', { ...base, draining: () => true });
  assert.equal(draining?.status, 503);
  assert.equal((await opsAnswer('/health', { ...base, draining: () => true }))?.status, 200);
});

test('/metrics only where it is served; other paths are not operator endpoints', async () => {
  assert.equal((await opsAnswer('/metrics', base))?.status, 200);
  assert.equal(await opsAnswer('/metrics', { ...base, metricsOnApiPort: false }), undefined);
  for (const path of ['/', '/metrics/', '/health/x', '/READY', '/console']) assert.equal(await opsAnswer(path, base), undefined, path);
});

test('a GET /ready goes to the operator endpoint, a POST /ready to the API', async () => {
  const api = { route: async () => ({ status: 400, headers: {}, body: 'api' }) };
  const route = opsRoute(api, { ...base, logger: silentLogger });
  const request = (method: string) => ({ method, path: '/ready', query: '', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1' });
  assert.equal((await route.route(request('GET'))).status, 200);
  assert.equal((await route.route(request('POST'))).body, 'api');
});
