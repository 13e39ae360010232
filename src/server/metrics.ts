// The Prometheus metrics of one server (prom-client, in its own Registry so that servers started side by side in one
// process keep theirs apart). Components count in plain fields (jobs, audit trail, material cache); the gauges read
// them when Prometheus scrapes, so nothing below server/ depends on prom-client. Labels hold operation names and AWS
// error codes only: never key ids, principals or anything a caller sent.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallSummary } from '../protocol/http-request.js';

/** What the server's components expose for the gauges, read at scrape time. */
export interface MetricSources {
  /** Audit records queued or being committed. */
  auditQueueDepth?: () => number;
  /** The job runner's counts of runs and failures by job kind. */
  jobCounts?: () => ReadonlyMap<string, { runs: number; failures: number }>;
  /** The key material cache's hits and misses. */
  materialCache?: () => { hits: number; misses: number };
}

export type Outcome = 'success' | 'client_error' | 'server_error';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'service' | 'operation' | 'outcome' | 'error_code'>;
  readonly #latency: Histogram<'service' | 'operation'>;
  readonly #auditCommit: Histogram;

  constructor(sources: MetricSources = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'openkms_' });
    this.#requests = new Counter({
      name: 'openkms_requests_total',
      help: 'API requests answered, by service, operation, outcome and AWS error code (empty on success)',
      labelNames: ['service', 'operation', 'outcome', 'error_code'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'openkms_request_duration_seconds',
      help: 'Time from a request read to its answer, by service and operation',
      labelNames: ['service', 'operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#auditCommit = new Histogram({
      name: 'openkms_audit_commit_duration_seconds',
      help: 'Time to commit one batch of audit records durably',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    const { auditQueueDepth, jobCounts, materialCache } = sources;
    new Gauge({
      name: 'openkms_audit_queue_depth',
      help: 'Audit records waiting for or in a commit',
      registers,
      collect() {
        this.set(auditQueueDepth?.() ?? 0);
      },
    });
    const jobGauge = (name: string, help: string, pick: (counts: { runs: number; failures: number }) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['job'],
        registers,
        collect() {
          for (const [job, counts] of jobCounts?.() ?? []) this.set({ job }, pick(counts));
        },
      });
    // Counters by meaning; gauges in prom-client because their values come from the job runner at scrape time.
    jobGauge('openkms_job_runs_total', 'Scheduled jobs run (key deletion, material expiry, rotation), by kind', (c) => c.runs);
    jobGauge('openkms_job_failures_total', 'Scheduled jobs that failed and stay scheduled, by kind', (c) => c.failures);
    new Gauge({
      name: 'openkms_key_material_cache_requests_total',
      help: 'Look-ups of unsealed key material, by result (hit: from the cache, miss: unsealed from storage)',
      labelNames: ['result'],
      registers,
      collect() {
        const counts = materialCache?.() ?? { hits: 0, misses: 0 };
        this.set({ result: 'hit' }, counts.hits);
        this.set({ result: 'miss' }, counts.misses);
      },
    });
  }

  observeRequest(call: CallSummary, status: number, seconds: number): void {
    const outcome: Outcome = status < 400 ? 'success' : status < 500 ? 'client_error' : 'server_error';
    // A name the caller made up would make a new series per request: those count together as `unknown`.
    const operation = call.operationKnown ? call.operation : 'unknown';
    this.#requests.inc({ service: call.service, operation, outcome, error_code: call.errorCode ?? '' });
    this.#latency.observe({ service: call.service, operation }, seconds);
  }

  observeAuditCommit(seconds: number): void {
    this.#auditCommit.observe(seconds);
  }

  /** The text exposition format Prometheus scrapes. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
