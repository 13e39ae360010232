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
import { JobRunner } from '../jobs/job-runner.js';
import { KeyMaterialService } from '../keystore/local/key-material-service.js';
import { KeyStores } from '../keystore/key-stores.js';
import { LocalKeyStore } from '../keystore/local/local-key-store.js';
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
import { HttpListener } from './http-listener.js';
import { openStorage, type OpenedStorage } from './open-storage.js';

export { DATABASE_FILE } from './open-storage.js';

/** What a server started in-process may leave out: the listener's two settings and the workers (config.ts defaults), and the root key (storageSettings). */
type Defaulted = 'shutdownGraceMs' | 'maxConnections' | 'workers' | 'rootKey';

/** The server's configuration (config.ts), and what a caller in-process adds. */
export interface StartOptions extends Omit<ServerConfig, Defaulted>, Partial<Pick<ServerConfig, Defaulted>> {
  /** Injectable clock (tests move time forward to fire deletions). */
  clock?: Clock;
  /** How often the job runner looks for due jobs. */
  jobIntervalMs?: number;
  /** This process's index among --workers (0 when alone): storage gives the job lease by it (open-storage.ts). */
  workerIndex?: number;
  logError?: (message: string, error: unknown) => void;
  /** Audit records older than this many days are pruned (default: the `audit.retentionDays` setting; none: keep all). */
  auditRetentionDays?: number;
  /** The web console's built files, served at /console (default: dist/console/ of this package). */
  consoleDir?: string;
}

export interface RunningServer {
  url: string;
  address: AddressInfo;
  bootstrap: BootstrapResult;
  /** What the seed file created, updated or found as declared. */
  seeded?: SeedResult;
  store: Store;
  jobs: JobRunner;
  /** Drains the HTTP listener within the shutdown grace (config.ts), then stops the jobs and closes storage. */
  close(): Promise<void>;
}

function defaultLogError(message: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  process.stderr.write(`openkms: ${message}: ${detail}\n`);
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  assertAccountId(options.accountId);
  // The port first: a start that cannot listen must fail before it creates a data directory, a root key and an admin
  // access key it would never show. Requests that arrive meanwhile are held until the pipeline is wired (serve()).
  const listener = new HttpListener({ maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, logError: options.logError ?? defaultLogError });
  const address = await listener.listen(options.port, options.host);
  try {
    return await startServing(options, listener, address);
  } catch (error) {
    await listener.close(0);
    throw error;
  }
}

async function startServing(options: StartOptions, listener: HttpListener, address: AddressInfo): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logError = options.logError ?? defaultLogError;
  const storage = openStorage({ storage: options.storage, rootKey: options.rootKey ?? storageSettings(options.storage).rootKey });
  const { store, importTokens } = storage;
  const keyMaterial = new KeyMaterialService({ keyPairLimits: options.keyPairGeneration });
  const keyStores = new KeyStores(new LocalKeyStore(store, keyMaterial));
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
  const audit: AuditSink = options.audit ? await openAuditTrail(options, storage) : disabledAuditSink;
  const authorizer: Authorizer = new PolicyAuthorizer(store, { dev: options.dev });
  const authenticator = new Authenticator(store, { dev: options.dev, defaultAccountId: options.accountId });
  const pipeline = new KmsPipeline({ store, keyStores, keyPairs: keyMaterial.keyPairs, importTokens, authenticator, authorizer, audit, clock, handlers: withRotationEvents(audit), logError });
  const cloudtrail = options.audit ? new CloudTrailPipeline({ store, authenticator, authorizer, audit, clock, logError }) : undefined;
  const sts = new StsPipeline({ store, authenticator, audit, clock, dev: options.dev, logError });
  const iam = new IamPipeline({ store, authenticator, audit, clock, dev: options.dev, logError });
  listener.serve(consoleRoute(ConsoleFiles.open(options.consoleDir), new Router(pipeline, cloudtrail, sts, iam)));
  const retention = new AuditRetention(store, clock, logError, options.auditRetentionDays);
  // With --workers on SQLite, one process holds the lease: it runs the scheduled jobs, the pruning and the checkpoints;
  // the others only serve requests.
  const lease = storage.jobLease(options.workerIndex ?? 0);
  const jobs = new JobRunner(
    store,
    clock,
    {
      DeleteKey: deleteKeyJob(deletedKeyListener(audit), (arn) => keyStores.forget({ arn })),
      RotateKey: rotateKeyJob(keyStores, keyRotationListener(audit)),
      DeleteExpiredKeyMaterial: expireKeyMaterialJob(expiredKeyMaterialListener(audit), (arn) => keyStores.forget({ arn })),
    },
    logError,
    lease,
  );
  let housekeeping: { close(): Promise<void> } | undefined;
  if (await lease.acquire()) {
    housekeeping = await storage.startHousekeeping();
    jobs.start(options.jobIntervalMs);
    if (options.audit) retention.start();
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    address,
    bootstrap: bootstrapResult,
    ...(seeded ? { seeded } : {}),
    store,
    jobs,
    close: () =>
      (closing ??= (async () => {
        await listener.close(options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS);
        await jobs.stop();
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
function openAuditTrail(options: StartOptions, storage: OpenedStorage): Promise<AuditSink> {
  const { store, auditWriterThread } = storage;
  return startAuditTrail({ store, defaultAccountId: options.accountId, ...(auditWriterThread ? { writerThread: auditWriterThread } : {}) });
}

/** On-demand rotations record the RotateKey service event beside their API call, as automatic ones do (docs 9.3). */
function withRotationEvents(audit: AuditSink) {
  return { ...operationHandlers, RotateKeyOnDemand: rotateKeyOnDemandWith(keyRotationListener(audit)) };
}
