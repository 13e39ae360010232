// The configuration of `openkms serve` as one typed object (ServerConfig): every flag and environment variable it
// reads, flags over the environment over the embedded defaults (127.0.0.1:4599, ./.openkms, account 111122223333).

import type { KeyPairLimitSettings } from '../crypto/key-pair-generator.js';
import { ROOT_KEY_VARIABLE } from '../storage/root-key.js';
import type { LoggerSettings } from './logger.js';
import { DEFAULT_LOG, DEFAULT_METRICS, parseLogFormat, parseLogLevel, parseMetrics, tlsFiles, type MetricsSetting, type TlsFiles } from './ops-settings.js';
import { checkStoreUrl } from './store-url.js';
import { xksSettings, type XksSettings } from './xks-settings.js';

/**
 * Where the data lives: a SQLite database in the data directory, a PostgreSQL database that several nodes may share
 * (--store postgres://…; the data directory then only holds root.key, when OPENKMS_ROOT_KEY does not give the key),
 * or (--dev) memory, where nothing is durable.
 */
export type StorageChoice = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string; dataDir: string } | { kind: 'memory' };

/** Where the root key comes from: root.key in the data directory, OPENKMS_ROOT_KEY's value, or (--dev) random bytes. */
export type RootKeySource = { kind: 'file' } | { kind: 'env'; value: string } | { kind: 'random' };

/** What opening storage needs (server/open-storage.ts). */
export interface StorageSettings {
  storage: StorageChoice;
  rootKey: RootKeySource;
}

export interface ServerConfig extends StorageSettings {
  // The listener.
  host: string;
  port: number;
  /** On SIGTERM/SIGINT, how long in-flight requests may take before their connections are cut and the process exits. */
  shutdownGraceMs: number;
  /** Connections open at once (per process with --workers), idle keep-alive ones included; more are closed unread. */
  maxConnections: number;
  /** Accept any well-formed SigV4 request (--dev, which also keeps the store in memory under a random root key). */
  dev: boolean;
  /** The account created on first start, and the one that receives the records of unauthenticated calls. */
  accountId: string;
  /** The admin access key to create instead of a generated one (both or neither). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Record API calls in the audit trail (on unless turned off, e.g. to measure its cost). */
  audit: boolean;
  /** A principals file (JSON or YAML: accounts, users, roles, access keys, policies) applied at every start. */
  principalsFile?: string;
  /** A seed file (JSON or YAML: keys with fixed ids, aliases and known key material) applied at every start. */
  seedFile?: string;
  /** How many key pairs are generated at once and may wait, per process (default: from the core count). */
  keyPairGeneration?: KeyPairLimitSettings;
  /** Server processes sharing the port and the data directory (server/workers.ts). */
  workers: number;
  /** The request log and error lines (server/logger.ts). */
  log: LoggerSettings;
  /** GET /metrics: off, on the API port, or on a port of its own (server/ops-settings.ts). */
  metrics: MetricsSetting;
  /** HTTPS for the API and the console (PEM files, read again on SIGHUP); plain HTTP without. */
  tls?: TlsFiles;
  /** How external key stores reach their proxies: extra trusted CAs and host overrides (server/xks-settings.ts). */
  xks?: XksSettings;
}

/** The flags of `openkms serve`, each already checked (cli/serve-command.ts); absent when not given. */
export interface ServeFlags {
  host?: string;
  port?: number;
  dataDir?: string;
  accountId?: string;
  dev?: boolean;
  noAudit?: boolean;
  principalsFile?: string;
  seedFile?: string;
  workers?: number;
  shutdownGraceMs?: number;
  maxConnections?: number;
  /** postgres://user@host:port/database: the store on PostgreSQL instead of SQLite in the data directory. */
  store?: string;
  logLevel?: LoggerSettings['level'];
  logFormat?: NonNullable<LoggerSettings['format']>;
  metrics?: MetricsSetting;
  tlsCert?: string;
  tlsKey?: string;
  xksCaBundle?: string;
  xksResolve?: string[];
}

/** What the environment says, before flags: the variables of ServerConfig as they are set, each checked. */
export interface EnvironmentConfig extends Omit<ServerConfig, keyof StorageSettings | 'workers' | 'principalsFile' | 'seedFile' | 'tls' | 'xks'> {
  dataDir: string;
  /** OPENKMS_STORE, checked as --store is. */
  store?: string;
}

/** Settings that cannot go together or a variable that is not a count of workers: exit code 2, like a bad command line. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export const DEFAULT_PORT = 4599;
export const DEFAULT_DATA_DIR = './.openkms';
export const DEFAULT_ACCOUNT_ID = '111122223333';
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Well below the file descriptors node gets (it raises its soft limit to the hard one), so the cap, not EMFILE, bites. */
export const DEFAULT_MAX_CONNECTIONS = 1024;
const MAX_WORKERS = 64;

/**
 * Flags over the environment over the defaults. Every variable the environment sets is checked, also one a flag
 * overrides; OPENKMS_WORKERS only when --workers is not given.
 */
export function serverConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const fromEnv = configFromEnvironment(env);
  const dataDir = flags.dataDir ?? fromEnv.dataDir;
  const dev = flags.dev === true || fromEnv.dev;
  const principalsFile = flags.principalsFile ?? env.OPENKMS_PRINCIPALS;
  const seedFile = flags.seedFile ?? env.OPENKMS_SEED;
  const workers = flags.workers ?? (env.OPENKMS_WORKERS !== undefined ? workerCount(env.OPENKMS_WORKERS) : 1);
  if (dev && workers > 1) {
    // Every process of the in-memory store would have its own keys: workers need the shared data directory.
    throw new SettingsError(`${flags.workers !== undefined ? '--workers' : 'OPENKMS_WORKERS'} needs a data directory: it cannot be combined with --dev`);
  }
  const store = flags.store !== undefined ? storeUrl(flags.store, '--store') : fromEnv.store;
  if (dev && store !== undefined) {
    throw new SettingsError(`${flags.store !== undefined ? '--store' : 'OPENKMS_STORE'} cannot be combined with --dev, whose store is in memory`);
  }
  const { dataDir: _dataDir, store: _store, ...rest } = fromEnv;
  const log: LoggerSettings = {
    level: flags.logLevel ?? fromEnv.log.level,
    ...((flags.logFormat ?? fromEnv.log.format) !== undefined ? { format: flags.logFormat ?? fromEnv.log.format } : {}),
  };
  const tls = settingOf(() =>
    tlsFiles(flags.tlsCert ?? env.OPENKMS_TLS_CERT, flags.tlsKey ?? env.OPENKMS_TLS_KEY, {
      cert: flags.tlsCert !== undefined ? '--tls-cert' : 'OPENKMS_TLS_CERT',
      key: flags.tlsKey !== undefined ? '--tls-key' : 'OPENKMS_TLS_KEY',
    }),
  );
  let xks: XksSettings | undefined;
  try {
    xks = xksSettings(flags, env);
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
  return {
    ...rest,
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.accountId !== undefined ? { accountId: flags.accountId } : {}),
    ...(flags.noAudit === true ? { audit: false } : {}),
    ...(flags.shutdownGraceMs !== undefined ? { shutdownGraceMs: flags.shutdownGraceMs } : {}),
    ...(flags.maxConnections !== undefined ? { maxConnections: flags.maxConnections } : {}),
    dev,
    ...storageSettings(dev ? { kind: 'memory' } : store !== undefined ? { kind: 'postgres', url: store, dataDir } : { kind: 'sqlite', dataDir }, env),
    ...(principalsFile !== undefined ? { principalsFile } : {}),
    ...(seedFile !== undefined ? { seedFile } : {}),
    workers,
    log,
    metrics: flags.metrics ?? fromEnv.metrics,
    ...(tls !== undefined ? { tls } : {}),
    ...(xks ? { xks } : {}),
  };
}

/** A setting that does not parse stops the start like a bad command line (exit code 2), naming itself. */
function settingOf<T>(parse: () => T, name?: string): T {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SettingsError(name !== undefined ? `${name}: ${message}` : message);
  }
}

/**
 * The root key that goes with `storage`: random for memory (nothing outlives the process); otherwise OPENKMS_ROOT_KEY
 * when it is set (even empty: opening storage refuses that), else root.key in the data directory.
 */
export function storageSettings<S extends StorageChoice>(storage: S, env: NodeJS.ProcessEnv = process.env): StorageSettings & { storage: S } {
  if (storage.kind === 'memory') return { storage, rootKey: { kind: 'random' } };
  const value = env[ROOT_KEY_VARIABLE];
  return { storage, rootKey: value !== undefined ? { kind: 'env', value } : { kind: 'file' } };
}

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig {
  const config: EnvironmentConfig = {
    host: env.OPENKMS_HOST ?? '127.0.0.1',
    port: env.OPENKMS_PORT !== undefined ? parsePort(env.OPENKMS_PORT) : DEFAULT_PORT,
    dataDir: env.OPENKMS_DATA_DIR ?? DEFAULT_DATA_DIR,
    dev: env.OPENKMS_DEV === '1' || env.OPENKMS_DEV === 'true',
    accountId: env.OPENKMS_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    audit: env.OPENKMS_AUDIT !== 'off',
    shutdownGraceMs: env.OPENKMS_SHUTDOWN_GRACE !== undefined ? parseShutdownGrace(env.OPENKMS_SHUTDOWN_GRACE) : DEFAULT_SHUTDOWN_GRACE_MS,
    maxConnections: env.OPENKMS_MAX_CONNECTIONS !== undefined ? parseMaxConnections(env.OPENKMS_MAX_CONNECTIONS) : DEFAULT_MAX_CONNECTIONS,
    log: {
      level: env.OPENKMS_LOG_LEVEL !== undefined ? settingOf(() => parseLogLevel(env.OPENKMS_LOG_LEVEL!), 'OPENKMS_LOG_LEVEL') : DEFAULT_LOG.level,
      ...(env.OPENKMS_LOG_FORMAT !== undefined ? { format: settingOf(() => parseLogFormat(env.OPENKMS_LOG_FORMAT!), 'OPENKMS_LOG_FORMAT') } : {}),
    },
    metrics: env.OPENKMS_METRICS !== undefined ? settingOf(() => parseMetrics(env.OPENKMS_METRICS!), 'OPENKMS_METRICS') : DEFAULT_METRICS,
  };
  const rsaRunning = optionalCount(env, 'OPENKMS_RSA_KEY_GENERATIONS', 1);
  const rsaWaiting = optionalCount(env, 'OPENKMS_RSA_KEY_GENERATION_QUEUE', 0);
  if (rsaRunning !== undefined || rsaWaiting !== undefined) {
    config.keyPairGeneration = { rsa: { ...(rsaRunning !== undefined ? { maxRunning: rsaRunning } : {}), ...(rsaWaiting !== undefined ? { maxWaiting: rsaWaiting } : {}) } };
  }
  if (env.OPENKMS_STORE !== undefined && env.OPENKMS_STORE !== '') config.store = storeUrl(env.OPENKMS_STORE, 'OPENKMS_STORE');
  if (env.OPENKMS_ACCESS_KEY_ID && env.OPENKMS_SECRET_ACCESS_KEY) {
    config.accessKeyId = env.OPENKMS_ACCESS_KEY_ID;
    config.secretAccessKey = env.OPENKMS_SECRET_ACCESS_KEY;
  }
  return config;
}

/** A PostgreSQL URL (postgres:// or postgresql://, as libpq spells them), the one store --store names. */
export function storeUrl(text: string, name: string): string {
  try {
    checkStoreUrl(text);
  } catch (error) {
    throw new SettingsError(`${name} ${(error as Error).message}`);
  }
  return text;
}

/** Digits only, from 1 to 64, as --workers takes it. */
function workerCount(text: string): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_WORKERS)) throw new SettingsError(`OPENKMS_WORKERS takes a number from 1 to ${MAX_WORKERS}: '${text}'`);
  return value;
}

/** An environment variable holding a whole number of at least `minimum`, or undefined when it is not set. */
function optionalCount(env: NodeJS.ProcessEnv, name: string, minimum: number): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const count = Number(text);
  if (!Number.isInteger(count) || count < minimum) throw new Error(`${name} takes a whole number of at least ${minimum}: ${text}`);
  return count;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${text}`);
  return port;
}

/** A grace period in seconds (fractions allowed, 0 cuts in-flight requests at once), returned in milliseconds. */
export function parseShutdownGrace(text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new Error(`the shutdown grace is a number of seconds from 0 to 3600: ${text}`);
  }
  return Math.round(seconds * 1000);
}

export function parseMaxConnections(text: string): number {
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > 1_000_000) throw new Error(`the connection cap is a whole number from 1 to 1000000: ${text}`);
  return count;
}

export function assertAccountId(accountId: string): void {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`an AWS account id is 12 digits: ${accountId}`);
}
