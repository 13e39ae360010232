// Server settings from flags and the environment, with the embedded defaults: 127.0.0.1:4599, ./.openkms, account
// 111122223333.

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
  /** On SIGTERM/SIGINT, how long in-flight requests may finish (OPENKMS_SHUTDOWN_GRACE seconds, or --shutdown-grace). */
  shutdownGraceMs?: number;
  /** Open client connections at most (OPENKMS_MAX_CONNECTIONS, or --max-connections). */
  maxConnections?: number;
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
  if (env.OPENKMS_ACCESS_KEY_ID && env.OPENKMS_SECRET_ACCESS_KEY) {
    config.accessKeyId = env.OPENKMS_ACCESS_KEY_ID;
    config.secretAccessKey = env.OPENKMS_SECRET_ACCESS_KEY;
  }
  return config;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${text}`);
  return port;
}

export function assertAccountId(accountId: string): void {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`an AWS account id is 12 digits: ${accountId}`);
}
