// The composition root: binds the HTTP listener's port, opens storage under the root key (open-storage.ts), bootstraps
// the account, wires the pipeline, starts the job runner where the job lease is held, and shuts all of it down cleanly.

import type { AddressInfo } from 'node:net';
import { Authenticator } from '../auth/authenticator.js';
import { disabledAuditSink, type AuditSink } from '../audit/audit-sink.js';
import { AuditRetention } from '../audit/audit-retention.js';
import { deletedKeyListener, expiredKeyMaterialListener, keyRotationListener } from '../audit/service-event-listeners.js';
import { startAuditTrail } from '../audit/start-audit-trail.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { deleteKeyJob } from '../jobs/delete-key-job.js';
import { expireKeyMaterialJob } from '../jobs/expire-key-material-job.js';
import { rotateKeyJob } from '../jobs/rotate-key-job.js';
import { settleMultiRegionKeyJob } from '../jobs/settle-multi-region-key-job.js';
import { JobRunner } from '../jobs/job-runner.js';
import { ensureTrackingStart, KeyUsageTracker } from '../audit/key-usage-tracker.js';
import { KeyMaterialService } from '../keystore/local/key-material-service.js';
import { KeyStores } from '../keystore/key-stores.js';
import { LocalKeyStore } from '../keystore/local/local-key-store.js';
import { ExternalKeyStore } from '../keystore/external/external-key-store.js';
import { XksConnections } from '../keystore/external/xks-connections.js';
import { XksProxyClient } from '../xks/client/xks-proxy-client.js';
import { xksClientOptions } from './xks-settings.js';
import type { Authorizer } from '../operations/context.js';
import { operationHandlers } from '../operations/index.js';
import { rotateKeyOnDemandWith } from '../operations/rotate-key-on-demand.js';
import { ensureAdministratorPolicy } from '../provision/administrator-policy.js';
import { bootstrap, type BootstrapResult } from '../provision/bootstrap.js';
import { loadPrincipalsFile } from '../provision/principals-file.js';
import { applySeedFile, type SeedResult } from '../provision/seed-keys.js';
import { KmsPipeline } from '../protocol/kms-pipeline.js';
import { CloudTrailPipeline } from '../protocol/cloudtrail-pipeline.js';
import { Router } from '../protocol/router.js';
import { StsPipeline } from '../protocol/sts-pipeline.js';
import { IamPipeline } from '../protocol/iam-pipeline.js';
import type { Store } from '../storage/repository.js';
import { assertAccountId, DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_GRACE_MS, storageSettings, type ServerConfig } from './config.js';
import { ConsoleFiles } from './console-files.js';
import { consoleRoute } from './console-route.js';
import { HttpListener, type RequestHandler } from './http-listener.js';
import { createLogger, errorReporter, silentLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { readTlsIdentity } from './tls-files.js';
import { DEFAULT_METRICS } from './ops-settings.js';
import { opsAnswer, opsRoute } from './ops-route.js';
import { ROOT_KEY_CHECK_SETTING } from '../storage/root-key-check.js';
import { openStorage, type OpenedStorage } from './open-storage.js';

export { DATABASE_FILE } from './open-storage.js';

/** What a server started in-process may leave out: the listener's two settings and the workers (config.ts defaults), and the root key (storageSettings). */
type Defaulted = 'shutdownGraceMs' | 'maxConnections' | 'workers' | 'rootKey' | 'log' | 'metrics';

/** The server's configuration (config.ts), and what a caller in-process adds. */
export interface StartOptions extends Omit<ServerConfig, Defaulted>, Partial<Pick<ServerConfig, Defaulted>> {
  /** Injectable clock (tests move time forward to fire deletions). */
  clock?: Clock;
  /** How often the job runner looks for due jobs. */
  jobIntervalMs?: number;
  /** This process's index among --workers (0 when alone): storage gives the job lease by it (open-storage.ts). */
  workerIndex?: number;
  /** Failures of openkms's own (default: the logger's error lines, or stderr when neither is given). */
  logError?: (message: string, error: unknown, context?: { requestId?: string }) => void;
  /** The request log (default: one made from `log`, or none when `log` is not given either, as in tests). */
  logger?: Logger;
  /** Audit records older than this many days are pruned (default: the `audit.retentionDays` setting; none: keep all). */
  auditRetentionDays?: number;
  /** The web console's built files, served at /console (default: dist/console/ of this package). */
  consoleDir?: string;
  /** The deadline of one call to an XKS proxy (default AWS's 250 ms). */
  xksAttemptTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  address: AddressInfo;
  bootstrap: BootstrapResult;
  /** What the seed file created, updated or found as declared. */
  seeded?: SeedResult;
  store: Store;
  jobs: JobRunner;
  /** GetKeyLastUsage's recorder; `flush()` writes what it noted so far. */
  keyUsage: KeyUsageTracker;
  metrics: ServerMetrics;
  /** Where GET /metrics is served on a port of its own (--metrics PORT). */
  metricsUrl?: string;
  /** Reads the TLS files again for new connections (SIGHUP); throws, keeping the old ones, if they do not make a pair. */
  reloadTls(): void;
  /** Drains the HTTP listener within the shutdown grace (config.ts), then stops the jobs and closes storage. */
  close(): Promise<void>;
}

function defaultLogError(message: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  process.stderr.write(`openkms: ${message}: ${detail}\n`);
}

/** The logger a start uses, and where its own failures go. */
function loggingOf(options: StartOptions): { logger: Logger; logError: (message: string, error: unknown, context?: { requestId?: string }) => void } {
  const logger = options.logger ?? (options.log ? createLogger(options.log) : silentLogger);
  const logError = options.logError ?? (options.logger || options.log ? errorReporter(logger) : defaultLogError);
  return { logger, logError };
}

export async function startServer(given: StartOptions): Promise<RunningServer> {
  assertAccountId(given.accountId);
  const options = { ...given, ...loggingOf(given) };
  // The port first: a start that cannot listen must fail before it creates a data directory, a root key and an admin
  // access key it would never show. Requests that arrive meanwhile are held until the pipeline is wired (serve()).
  const tls = options.tls ? readTlsIdentity(options.tls) : undefined;
  const listener = new HttpListener({ maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, logError: options.logError, ...(tls ? { tls } : {}) });
  const address = await listener.listen(options.port, options.host);
  const metrics = options.metrics ?? DEFAULT_METRICS;
  let metricsListener: HttpListener | undefined;
  try {
    let metricsAddress: AddressInfo | undefined;
    if (metrics.kind === 'port') {
      metricsListener = new HttpListener({ maxConnections: 64, logError: options.logError });
      metricsAddress = await metricsListener.listen(metrics.port, metrics.host ?? options.host);
    }
    return await startServing(options, listener, address, metricsListener, metricsAddress);
  } catch (error) {
    await listener.close(0);
    await metricsListener?.close(0);
    throw error;
  }
}

type Logging = ReturnType<typeof loggingOf>;

async function startServing(
  options: StartOptions & Logging,
  listener: HttpListener,
  address: AddressInfo,
  metricsListener: HttpListener | undefined,
  metricsAddress: AddressInfo | undefined,
): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const { logger, logError } = options;
  // Read before storage opens: a CA bundle that cannot be read stops the start with nothing left open.
  const xksOptions = xksClientOptions(options.xks, options.xksAttemptTimeoutMs);
  const storage = await openStorage({ storage: options.storage, rootKey: options.rootKey ?? storageSettings(options.storage).rootKey }, logError);
  const { store, importTokens } = storage;
  const keyMaterial = new KeyMaterialService({ keyPairLimits: options.keyPairGeneration });
  const localKeyStore = new LocalKeyStore(store, keyMaterial);
  const xksClient = new XksProxyClient(xksOptions);
  const xksConnections = new XksConnections(store, xksClient, logError);
  const keyStores = new KeyStores(localKeyStore, new Map(), {
    keyStore: new ExternalKeyStore(store, localKeyStore, xksClient),
    connections: xksConnections,
  });
  const bootstrapResult = await bootstrap(store, {
    accountId: options.accountId,
    ...(storage.dataDir !== undefined ? { dataDir: storage.dataDir } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
      : {}),
    now: clock.now(),
  });
  let seeded: SeedResult | undefined;
  try {
    await ensureAdministratorPolicy(store, bootstrapResult.adminArn);
    if (options.principalsFile !== undefined) await loadPrincipalsFile(store, options.principalsFile, clock.now());
    if (options.seedFile !== undefined) seeded = await applySeedFile(store, options.seedFile, { accountId: options.accountId, now: clock.now(), keyPairs: keyMaterial.keyPairs });
  } catch (error) {
    await storage.close();
    throw error;
  }
  let jobs: JobRunner | undefined;
  let audit: AuditSink = disabledAuditSink;
  const metrics = new ServerMetrics({
    auditQueueDepth: () => audit.queueDepth?.() ?? 0,
    jobCounts: () => jobs?.counts ?? new Map(),
    materialCache: () => keyMaterial.cacheCounts,
  });
  if (options.audit) audit = await openAuditTrail(options, storage, (seconds) => metrics.observeAuditCommit(seconds));
  // GetKeyLastUsage: noted per call, written once a second off the requests' path (audit/key-usage-tracker.ts).
  await ensureTrackingStart(store, clock.now());
  const keyUsage = new KeyUsageTracker(store, logError);
  keyUsage.start();
  const authorizer: Authorizer = new PolicyAuthorizer(store, { dev: options.dev });
  const authenticator = new Authenticator(store, { dev: options.dev, defaultAccountId: options.accountId });
  const pipeline = new KmsPipeline({ store, keyStores, keyPairs: keyMaterial.keyPairs, importTokens, authenticator, authorizer, audit, clock, handlers: withRotationEvents(audit), keyUsage, logError });
  const cloudtrail = options.audit ? new CloudTrailPipeline({ store, authenticator, authorizer, audit, clock, logError }) : undefined;
  const sts = new StsPipeline({ store, authenticator, audit, clock, dev: options.dev, logError });
  const iam = new IamPipeline({ store, authenticator, audit, clock, dev: options.dev, logError });
  const ops = {
    logger,
    metrics,
    metricsOnApiPort: (options.metrics ?? DEFAULT_METRICS).kind === 'api',
    storageReachable: async () => (await store.getSetting(ROOT_KEY_CHECK_SETTING), true),
    draining: () => listener.draining,
  };
  listener.serve(opsRoute(consoleRoute(ConsoleFiles.open(options.consoleDir), new Router(pipeline, cloudtrail, sts, iam)), ops));
  metricsListener?.serve(metricsOnlyRoute({ ...ops, metricsOnApiPort: true }));
  const retention = new AuditRetention(store, clock, logError, options.auditRetentionDays);
  // With --workers on SQLite, one process holds the lease: it runs the scheduled jobs, the pruning and the checkpoints;
  // the others only serve requests.
  const lease = storage.jobLease(options.workerIndex ?? 0);
  jobs = new JobRunner(
    store,
    clock,
    {
      DeleteKey: deleteKeyJob(deletedKeyListener(audit), (arn) => keyStores.forget({ arn })),
      RotateKey: rotateKeyJob(keyStores, keyRotationListener(audit)),
      DeleteExpiredKeyMaterial: expireKeyMaterialJob(expiredKeyMaterialListener(audit), (arn) => keyStores.forget({ arn })),
      SettleMultiRegionKey: settleMultiRegionKeyJob(),
    },
    logError,
    lease,
  );
  let housekeeping: { close(): Promise<void> } | undefined;
  // External key stores a stop left CONNECTING finish connecting, as after an outage (any process may do it).
  if ((options.workerIndex ?? 0) === 0) await xksConnections.resumeConnecting();
  if (await lease.acquire()) {
    housekeeping = await storage.startHousekeeping();
    if (options.audit) retention.start();
  }
  // Every process runs the job runner; it runs jobs only while it holds the lease, and tries to take a lease that is
  // free at every pass (several nodes on PostgreSQL: the jobs move to another node when the holder dies).
  jobs.start(options.jobIntervalMs);
  let closing: Promise<void> | undefined;
  const runner = jobs;
  return {
    url: urlOf(address, listener.scheme),
    address,
    bootstrap: bootstrapResult,
    ...(seeded ? { seeded } : {}),
    store,
    jobs: runner,
    keyUsage,
    metrics,
    reloadTls: () => {
      if (!options.tls) throw new Error('the server does not serve TLS (no --tls-cert and --tls-key)');
      const identity = readTlsIdentity(options.tls);
      listener.reloadTls(identity);
      logger.info({ certFile: options.tls.certFile }, 'TLS certificate reloaded');
    },
    ...(metricsAddress ? { metricsUrl: `${urlOf(metricsAddress, 'http')}/metrics` } : {}),
    close: () =>
      (closing ??= (async () => {
        await Promise.all([listener.close(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS), metricsListener?.close(0)]);
        await keyUsage.close();
        await xksConnections.idle();
        xksConnections.close();
        await runner.stop();
        await retention.stop();
        await audit.close();
        await housekeeping?.close();
        await lease.release();
        await storage.close();
        keyMaterial.clear();
      })()),
  };
}

/** The audit trail's group commit runs on its own thread and connection, unless the store lives in memory (--dev). */
function openAuditTrail(options: StartOptions, storage: OpenedStorage, observeCommit: (seconds: number) => void): Promise<AuditSink> {
  const { store, auditWriterThread } = storage;
  return startAuditTrail({ store, defaultAccountId: options.accountId, observeCommit, ...(auditWriterThread ? { writerThread: auditWriterThread } : {}) });
}

function urlOf(address: AddressInfo, scheme: 'http' | 'https'): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}

/** The metrics port answers /metrics, /health and /ready, and 404 to anything else. */
function metricsOnlyRoute(ops: Parameters<typeof opsAnswer>[1]): RequestHandler {
  return {
    route: async (request) =>
      (request.method === 'GET' ? await opsAnswer(request.path, ops) : undefined) ?? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found\n' },
  };
}

/** On-demand rotations record the RotateKey service event beside their API call, as automatic ones do (docs 9.3). */
function withRotationEvents(audit: AuditSink) {
  return { ...operationHandlers, RotateKeyOnDemand: rotateKeyOnDemandWith(keyRotationListener(audit)) };
}
