// The operator's side of the listener: GET /health (the process answers), GET /ready (storage answers a read, the
// root key was verified at start, the server is not draining) and GET /metrics (Prometheus text, when it is served on
// this port); and, around every API call, its one request-log line and its metrics. None of these endpoints reveals
// key data, key ids, principals or anything a caller sent, which is why they need no signature
// (docs/operations.md says what each one tells).

import { performance } from 'node:perf_hooks';
import type { ApiRequest } from '../protocol/http-request.js';
import type { RequestHandler, ListenerResponse } from './http-listener.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';

export interface OpsRouteOptions {
  logger: Logger;
  metrics: ServerMetrics;
  /** Serve GET /metrics on the API port (off when metrics are off or have a port of their own). */
  metricsOnApiPort: boolean;
  /** Resolves when storage answers a read; rejects (or resolves false) when it does not. */
  storageReachable: () => Promise<boolean>;
  /** True once shutdown began: a draining server is alive but should get no new traffic. */
  draining: () => boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export function opsRoute(api: RequestHandler, options: OpsRouteOptions): RequestHandler {
  return {
    route: async (request: ApiRequest) => {
      if (request.method === 'GET') {
        const answer = await opsAnswer(request.path, options);
        if (answer) return answer;
      }
      const started = performance.now();
      const response = await api.route(request);
      logCall(options, response, (performance.now() - started) / 1000);
      return response;
    },
  };
}

/** The /health, /ready or /metrics answer, or undefined for any other path. */
export async function opsAnswer(path: string, options: Pick<OpsRouteOptions, 'metrics' | 'metricsOnApiPort' | 'storageReachable' | 'draining'>): Promise<ListenerResponse | undefined> {
  switch (path) {
    case '/health':
      return { status: 200, headers: JSON_HEADERS, body: '{"status":"ok"}' };
    case '/ready': {
      const storage = await options.storageReachable().catch(() => false);
      const draining = options.draining();
      const ready = storage && !draining;
      // The root key is verified before the server starts listening for API calls; a server that answers has one.
      const body = JSON.stringify({ status: ready ? 'ready' : 'not ready', storage: storage ? 'ok' : 'unreachable', rootKey: 'verified', draining });
      return { status: ready ? 200 : 503, headers: JSON_HEADERS, body };
    }
    case '/metrics': {
      if (!options.metricsOnApiPort) return undefined;
      const { contentType, body } = await options.metrics.text();
      return { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' }, body };
    }
    default:
      return undefined;
  }
}

/** One line per API call; the console's files and answers that reached no API have no call and are not logged. */
function logCall(options: OpsRouteOptions, response: ListenerResponse, seconds: number): void {
  const call = response.call;
  if (!call) return;
  options.metrics.observeRequest(call, response.status, seconds);
  const line = {
    requestId: call.requestId,
    service: call.service,
    operation: call.operation,
    ...(call.principalArn !== undefined ? { principal: call.principalArn } : {}),
    ...(call.keyId !== undefined ? { keyId: call.keyId } : {}),
    status: response.status,
    ...(call.errorCode !== undefined ? { errorCode: call.errorCode } : {}),
    latencyMs: Math.round(seconds * 100_000) / 100,
  };
  if (response.status >= 500) options.logger.error(line, 'request failed');
  else options.logger.info(line, 'request');
}
