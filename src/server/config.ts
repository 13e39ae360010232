// Server settings from flags and the environment, with the embedded defaults: 127.0.0.1:4599, ./.openkms, account
// 111122223333.

import type { KeyPairLimitSettings } from '../crypto/key-pair-generator.js';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** In-memory store that accepts any well-formed SigV4 request. */
  dev: boolean;
  accountId: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Record API calls in the audit trail (on unless turned off, e.g. to measure its cost). */
  audit: boolean;
  /** On SIGTERM/SIGINT, how long in-flight requests may take before their connections are cut and the process exits. */
  shutdownGraceMs: number;
  /** Connections open at once (per process with --workers), idle keep-alive ones included; more are closed unread. */
  maxConnections: number;
  /** How many key pairs are generated at once and may wait, per process (default: from the core count). */
  keyPairGeneration?: KeyPairLimitSettings;
}

export const DEFAULT_PORT = 4599;
export const DEFAULT_ACCOUNT_ID = '111122223333';
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
/** Well below the file descriptors node gets (it raises its soft limit to the hard one), so the cap, not EMFILE, bites. */
export const DEFAULT_MAX_CONNECTIONS = 1024;

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config: ServerConfig = {
    host: env.OPENKMS_HOST ?? '127.0.0.1',
    port: env.OPENKMS_PORT !== undefined ? parsePort(env.OPENKMS_PORT) : DEFAULT_PORT,
    dataDir: env.OPENKMS_DATA_DIR ?? './.openkms',
    dev: env.OPENKMS_DEV === '1' || env.OPENKMS_DEV === 'true',
    accountId: env.OPENKMS_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    audit: env.OPENKMS_AUDIT !== 'off',
    shutdownGraceMs: env.OPENKMS_SHUTDOWN_GRACE !== undefined ? parseShutdownGrace(env.OPENKMS_SHUTDOWN_GRACE) : DEFAULT_SHUTDOWN_GRACE_MS,
    maxConnections: env.OPENKMS_MAX_CONNECTIONS !== undefined ? parseMaxConnections(env.OPENKMS_MAX_CONNECTIONS) : DEFAULT_MAX_CONNECTIONS,
  };
  const rsaRunning = optionalCount(env, 'OPENKMS_RSA_KEY_GENERATIONS', 1);
  const rsaWaiting = optionalCount(env, 'OPENKMS_RSA_KEY_GENERATION_QUEUE', 0);
  if (rsaRunning !== undefined || rsaWaiting !== undefined) {
    config.keyPairGeneration = { rsa: { ...(rsaRunning !== undefined ? { maxRunning: rsaRunning } : {}), ...(rsaWaiting !== undefined ? { maxWaiting: rsaWaiting } : {}) } };
  }
  if (env.OPENKMS_ACCESS_KEY_ID && env.OPENKMS_SECRET_ACCESS_KEY) {
    config.accessKeyId = env.OPENKMS_ACCESS_KEY_ID;
    config.secretAccessKey = env.OPENKMS_SECRET_ACCESS_KEY;
  }
  return config;
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
