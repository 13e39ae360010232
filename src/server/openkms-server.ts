// The composition root: binds the HTTP listener's port, opens storage under the root key, bootstraps the account, wires
// the pipeline, starts the job runner, and shuts all of it down cleanly.

import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Authenticator } from '../auth/authenticator.js';
import { disabledAuditSink, type AuditSink } from '../audit/audit-sink.js';
import { AuditRetention } from '../audit/audit-retention.js';
import { deletedKeyListener, expiredKeyMaterialListener, keyRotationListener } from '../audit/service-event-listeners.js';
import { startAuditTrail } from '../audit/start-audit-trail.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import { ImportTokenService } from '../crypto/import-token-service.js';
import { Sealer } from '../crypto/sealer.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { deleteKeyJob } from '../jobs/delete-key-job.js';
import { expireKeyMaterialJob } from '../jobs/expire-key-material-job.js';
import { rotateKeyJob } from '../jobs/rotate-key-job.js';
import { JobRunner } from '../jobs/job-runner.js';
import { KeyMaterialService } from '../keystore/key-material-service.js';
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
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { WalCheckpointer } from '../storage/sqlite/wal-checkpointer.js';
import type { Store } from '../storage/repository.js';
import { assertAccountId, DEFAULT_MAX_CONNECTIONS, DEFAULT_SHUTDOWN_GRACE_MS, type ServerConfig } from './config.js';
import { ConsoleFiles } from './console-files.js';
import { consoleRoute } from './console-route.js';
import { HttpListener } from './http-listener.js';
import { databaseError, DATABASE_FILE, openDataDir } from './open-data-dir.js';

export { DATABASE_FILE } from './open-data-dir.js';

type ListenerSettings = 'shutdownGraceMs' | 'maxConnections';

/** The server's settings; a caller that starts a server in-process may leave out the listener's two (config.ts defaults). */
export interface StartOptions extends Omit<ServerConfig, ListenerSettings>, Partial<Pick<ServerConfig, ListenerSettings>> {
  /** Injectable clock (tests move time forward to fire deletions). */
  clock?: Clock;
  /** How often the job runner looks for due jobs. */
  jobIntervalMs?: number;
  /** Run scheduled jobs, audit pruning and WAL checkpoints in this process (default true; false for all but one of --workers). */
  runJobs?: boolean;
  logError?: (message: string, error: unknown) => void;
  /** Audit records older than this many days are pruned (default: the `audit.retentionDays` setting; none: keep all). */
  auditRetentionDays?: number;
  /** A principals file (JSON or YAML: accounts, users, roles, access keys, policies) applied at every start. */
  principalsFile?: string;
  /** A seed file (JSON or YAML: keys with fixed ids, aliases and known key material) applied at every start. */
  seedFile?: string;
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

/**
 * The store under the root key: in memory for --dev; otherwise the data directory, checked before anything uses it
 * (open-data-dir.ts), with the root key verified against the database. `openkms admin` opens it the same way.
 */
export function openStore(options: Pick<StartOptions, 'dev' | 'dataDir'>): { store: Store; sealer: Sealer; importTokens: ImportTokenService } {
  if (options.dev) {
    const sealer = new Sealer(randomBytes(32));
    return { store: new SqliteStore(':memory:', sealer), sealer, importTokens: new ImportTokenService(randomBytes(32)) };
  }
  const dataDir = openDataDir(options.dataDir, { create: true, write: true });
  let store: SqliteStore | undefined;
  try {
    store = new SqliteStore(dataDir.databasePath, dataDir.sealer);
    // After the store's migrations, so that a new database has its settings table for the check value.
    dataDir.verifyRootKey();
  } catch (error) {
    void store?.close();
    dataDir.destroy();
    throw databaseError(dataDir.databasePath, error);
  }
  return { store, sealer: dataDir.sealer, importTokens: dataDir.importTokens };
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
  const { store, sealer, importTokens } = openStore(options);
  const keyMaterial = new KeyMaterialService({ keyPairLimits: options.keyPairGeneration });
  const bootstrapResult = await bootstrap(store, {
    accountId: options.accountId,
    ...(options.dev ? {} : { dataDir: options.dataDir }),
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
    await store.close();
    sealer.destroy();
    importTokens.destroy();
    throw error;
  }
  const audit: AuditSink = options.audit ? await openAuditTrail(options, store) : disabledAuditSink;
  const authorizer: Authorizer = new PolicyAuthorizer(store, { dev: options.dev });
  const authenticator = new Authenticator(store, { dev: options.dev, defaultAccountId: options.accountId });
  const pipeline = new KmsPipeline({ store, keyMaterial, importTokens, authenticator, authorizer, audit, clock, handlers: withRotationEvents(audit), logError });
  const cloudtrail = options.audit ? new CloudTrailPipeline({ store, authenticator, authorizer, audit, clock, logError }) : undefined;
  const sts = new StsPipeline({ store, authenticator, audit, clock, dev: options.dev, logError });
  listener.serve(consoleRoute(ConsoleFiles.open(options.consoleDir), new Router(pipeline, cloudtrail, sts)));
  const retention = new AuditRetention(store, clock, logError, options.auditRetentionDays);
  const jobs = new JobRunner(
    store,
    clock,
    {
      DeleteKey: deleteKeyJob(deletedKeyListener(audit), (arn) => keyMaterial.forget({ arn })),
      RotateKey: rotateKeyJob(keyMaterial, keyRotationListener(audit)),
      DeleteExpiredKeyMaterial: expireKeyMaterialJob(expiredKeyMaterialListener(audit), (arn) => keyMaterial.forget({ arn })),
    },
    logError,
  );
  // With --workers, one process runs the scheduled work and the checkpoints; the others only serve requests.
  let checkpointer: WalCheckpointer | undefined;
  if (options.runJobs !== false) {
    if (!options.dev) checkpointer = await WalCheckpointer.start(join(options.dataDir, DATABASE_FILE));
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
        await checkpointer?.close();
        await store.close();
        keyMaterial.clear();
        sealer.destroy();
        importTokens.destroy();
      })()),
  };
}

/** The audit trail's group commit runs on its own thread and connection, unless the store lives in memory (--dev). */
function openAuditTrail(options: StartOptions, store: Store): Promise<AuditSink> {
  const writerThread = {
    module: import.meta.resolve('../storage/sqlite/sqlite-audit-log.js'),
    export: 'openSqliteAuditWriter',
    args: [join(options.dataDir, DATABASE_FILE)],
  };
  return startAuditTrail({ store, defaultAccountId: options.accountId, ...(options.dev ? {} : { writerThread }) });
}

/** On-demand rotations record the RotateKey service event beside their API call, as automatic ones do (docs 9.3). */
function withRotationEvents(audit: AuditSink) {
  return { ...operationHandlers, RotateKeyOnDemand: rotateKeyOnDemandWith(keyRotationListener(audit)) };
}
