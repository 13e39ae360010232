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
  /** How many key pairs are generated at once and may wait, per process (default: from the core count). */
  keyPairGeneration?: KeyPairLimitSettings;
}

export const DEFAULT_PORT = 4599;
export const DEFAULT_ACCOUNT_ID = '111122223333';

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const config: ServerConfig = {
    host: env.OPENKMS_HOST ?? '127.0.0.1',
    port: env.OPENKMS_PORT !== undefined ? parsePort(env.OPENKMS_PORT) : DEFAULT_PORT,
    dataDir: env.OPENKMS_DATA_DIR ?? './.openkms',
    dev: env.OPENKMS_DEV === '1' || env.OPENKMS_DEV === 'true',
    accountId: env.OPENKMS_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID,
    audit: env.OPENKMS_AUDIT !== 'off',
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

export function assertAccountId(accountId: string): void {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`an AWS account id is 12 digits: ${accountId}`);
}
