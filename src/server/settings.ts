// Every setting of `openkms serve` declared once: its config-file key, its flag, its environment variable, what it
// takes, its default as shown, whether it is a secret, and the check of its value. The config file (config-file.ts),
// `openkms config print`, the flags `openkms serve` accepts and its usage are made from this table; config.ts turns the
// values into the typed ServerConfig. A new setting is a new entry here and its field in config.ts.

import { parseLogFormat, parseLogLevel, parseMetrics } from './ops-settings.js';
import { checkStoreUrl, redactStoreUrl } from './store-url.js';
import { parseResolveEntry } from './xks-settings.js';

export interface SettingSpec {
  /** Its key in the config file (and in `openkms config print`). */
  key: string;
  /** The environment variable; config-file values reach config.ts through it, beneath the real environment. */
  env: string;
  /** The flag without `--`; absent for settings that are only a variable or a file key. */
  flag?: string;
  /** A boolean is a flag without a value (`--dev`, `--no-audit`) and `true`/`false` in the file. */
  type: 'string' | 'number' | 'boolean';
  /** The variable's value for true and for false, and what the flag sets (booleans only). */
  envValues?: { true: string; false: string };
  flagSets?: boolean;
  /** The usage's text for the flag, where it says the opposite of `help` (--no-audit). */
  flagHelp?: string;
  /** For the usage: the value's name, the text, and the default as people read it. */
  value?: string;
  help: string;
  default?: string;
  /** Never printed (config print says only that it is set); `fileKey: false` keeps it out of the file too. */
  secret?: boolean;
  /** May be written in the config file (false: a root key on disk beside the data would defeat its purpose). */
  inFile?: boolean;
  /** A path: relative paths in a config file are taken from the file's folder. */
  path?: boolean;
  /** Throws an Error saying what the setting takes, for a value that cannot be used. */
  check?: (text: string) => void;
  /** The value as `openkms config print` may show it, for a setting that can carry a secret inside it (a URL's password). */
  redact?: (text: string) => string;
}

const digits = (min: number, max: number, what: string) => (text: string) => {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new Error(`takes ${what} from ${min} to ${max}: '${text}'`);
};
const seconds = (max: number) => (text: string) => {
  const value = /^\d{1,10}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max)) throw new Error(`takes a number of seconds from 0 to ${max}: '${text}'`);
};
const parsed = (parse: (text: string) => unknown) => (text: string) => {
  parse(text);
};

export const SERVE_SETTINGS: readonly SettingSpec[] = [
  { key: 'host', env: 'OPENKMS_HOST', flag: 'host', type: 'string', value: 'HOST', help: 'address to listen on', default: '127.0.0.1' },
  { key: 'port', env: 'OPENKMS_PORT', flag: 'port', type: 'number', value: 'PORT', help: 'port', default: '4599', check: digits(0, 65535, 'a port number') },
  { key: 'dataDir', env: 'OPENKMS_DATA_DIR', flag: 'data-dir', type: 'string', value: 'DIR', help: 'where the database and root key live', default: './.openkms', path: true },
  {
    key: 'store',
    env: 'OPENKMS_STORE',
    flag: 'store',
    type: 'string',
    value: 'URL',
    help: 'the store on PostgreSQL, postgres://user@host:port/database, shared by every node (unset: SQLite in the data directory)',
    check: checkStoreUrl,
    redact: redactStoreUrl,
  },
  {
    key: 'accountId',
    env: 'OPENKMS_ACCOUNT_ID',
    flag: 'account-id',
    type: 'string',
    value: 'ID',
    help: 'the account created on first start',
    default: '111122223333',
    check: (text) => {
      if (!/^\d{12}$/.test(text)) throw new Error(`takes a 12-digit AWS account id: '${text}'`);
    },
  },
  { key: 'dev', env: 'OPENKMS_DEV', flag: 'dev', type: 'boolean', envValues: { true: '1', false: '0' }, flagSets: true, help: 'in-memory store that accepts any well-formed SigV4 request (demos and tests)', default: 'false' },
  { key: 'audit', env: 'OPENKMS_AUDIT', flag: 'no-audit', type: 'boolean', envValues: { true: 'on', false: 'off' }, flagSets: false, help: 'record API calls in the audit trail', flagHelp: "do not record API calls (for measuring the audit trail's cost)", default: 'true' },
  { key: 'principals', env: 'OPENKMS_PRINCIPALS', flag: 'principals', type: 'string', value: 'FILE', help: 'accounts, users, roles, access keys and policies to apply at start, JSON or YAML', path: true },
  { key: 'seed', env: 'OPENKMS_SEED', flag: 'seed', type: 'string', value: 'FILE', help: 'keys with fixed ids, aliases and known key material to apply at start, JSON or YAML', path: true },
  { key: 'workers', env: 'OPENKMS_WORKERS', flag: 'workers', type: 'number', value: 'N', help: 'serve from N processes sharing the port and the data directory', default: '1', check: digits(1, 64, 'a number') },
  { key: 'shutdownGrace', env: 'OPENKMS_SHUTDOWN_GRACE', flag: 'shutdown-grace', type: 'number', value: 'SECONDS', help: 'on SIGTERM/SIGINT, how long in-flight requests may finish', default: '10', check: seconds(3600) },
  { key: 'maxConnections', env: 'OPENKMS_MAX_CONNECTIONS', flag: 'max-connections', type: 'number', value: 'N', help: 'open client connections at most, per process', default: '1024', check: digits(1, 1_000_000, 'a number') },
  { key: 'logLevel', env: 'OPENKMS_LOG_LEVEL', flag: 'log-level', type: 'string', value: 'LEVEL', help: 'fatal, error, warn, info, debug, trace or silent', default: 'info', check: parsed(parseLogLevel) },
  { key: 'logFormat', env: 'OPENKMS_LOG_FORMAT', flag: 'log-format', type: 'string', value: 'FORMAT', help: 'json or pretty (unset: pretty on a terminal, else json)', check: parsed(parseLogFormat) },
  { key: 'metrics', env: 'OPENKMS_METRICS', flag: 'metrics', type: 'string', value: 'off|on|PORT', help: 'GET /metrics on the API port (on), on PORT or HOST:PORT, or off', default: 'on', check: parsed(parseMetrics) },
  { key: 'tlsCert', env: 'OPENKMS_TLS_CERT', flag: 'tls-cert', type: 'string', value: 'FILE', help: 'serve HTTPS with this PEM certificate chain, with --tls-key; both are read again on SIGHUP', path: true },
  { key: 'tlsKey', env: 'OPENKMS_TLS_KEY', flag: 'tls-key', type: 'string', value: 'FILE', help: 'the PEM private key of --tls-cert', path: true },
  { key: 'xksCaBundle', env: 'OPENKMS_XKS_CA_BUNDLE', flag: 'xks-ca-bundle', type: 'string', value: 'FILE', help: "PEM certificates trusted for XKS proxies besides the system's", path: true },
  {
    key: 'xksResolve',
    env: 'OPENKMS_XKS_RESOLVE',
    flag: 'xks-resolve',
    type: 'string',
    value: 'HOST=ADDRESS:PORT',
    help: 'call the XKS proxy of HOST at ADDRESS:PORT, like curl --resolve (repeatable; in the file and the variable, entries separated by commas or spaces)',
    check: (text) => {
      for (const entry of text.split(/[\s,]+/).filter(Boolean)) parseResolveEntry(entry);
    },
  },
  { key: 'accessKeyId', env: 'OPENKMS_ACCESS_KEY_ID', type: 'string', help: 'the admin access key id to create instead of a generated one (with secretAccessKey)' },
  { key: 'secretAccessKey', env: 'OPENKMS_SECRET_ACCESS_KEY', type: 'string', help: 'its secret access key', secret: true },
  { key: 'rootKey', env: 'OPENKMS_ROOT_KEY', type: 'string', help: 'the root key instead of root.key (environment only)', secret: true, inFile: false },
  { key: 'rsaKeyGenerations', env: 'OPENKMS_RSA_KEY_GENERATIONS', type: 'number', help: 'RSA key pairs generated at once, per process', check: digits(1, 1024, 'a number') },
  { key: 'rsaKeyGenerationQueue', env: 'OPENKMS_RSA_KEY_GENERATION_QUEUE', type: 'number', help: 'RSA key-pair generations that may wait for their turn', check: digits(0, 1_000_000, 'a number') },
];

/** The config file's own setting: a flag and a variable, never a key of the file itself. */
export const CONFIG_FILE_FLAG = 'config';
export const CONFIG_FILE_ENV = 'OPENKMS_CONFIG';

export function settingByKey(key: string): SettingSpec | undefined {
  return SERVE_SETTINGS.find((spec) => spec.key === key);
}
