// `openkms xks-proxy`: openkms's own external key store proxy (XKS Proxy API v1), as a separate server, and the
// commands that make and manage its keys, in the sealed local key file (default) or on a PKCS#11 token. Strict like
// every openkms command: unknown options, missing values and combinations that cannot work are exit code 2.

import { readFileSync } from 'node:fs';
import { checkUriPrefix } from '../xks/proxy/route.js';
import { createLocalKey, listLocalKeys, setLocalKeyStatus } from '../xks/proxy/local-key-admin.js';
import { ensureDataDir, openSealer } from '../xks/proxy/local-key-file.js';
import type { Pkcs11Settings } from '../xks/proxy/pkcs11-session-pool.js';
import type { KeyUse } from '../xks/proxy/key-backend.js';
import { batchedLog } from '../xks/proxy/batched-log.js';
import { runXksProxy, type ProxySettings } from '../xks/proxy/run-xks-proxy.js';
import { XKS_API_PATH } from '../xks/wire.js';
import { findSubcommand, parseCommand, stringValue, UsageError, type CommandSpec, type OptionSpec, type OptionValues } from './args.js';
import type { CliOutput } from './cli-output.js';

const DEFAULT_PORT = 4643;
const DEFAULT_DATA_DIR = './.openkms-xks-proxy';

const PKCS11_HELP = `  --pkcs11-module LIB         a PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so): keys live on its token
  --pkcs11-token LABEL        the token's label (with --pkcs11-module)
  --pkcs11-pin-env VAR        the environment variable holding the user PIN (with --pkcs11-module)`;

export const XKS_PROXY_HELP = `openkms xks-proxy serve [options]   an external key store proxy (XKS Proxy API v1) for AWS KMS and openkms
  --host HOST                 address to listen on (default 127.0.0.1)
  --port PORT                 port (default ${DEFAULT_PORT})
  --data-dir DIR              the proxy's root key and sealed key file (default ${DEFAULT_DATA_DIR})
  --uri-prefix PREFIX         the APIs live at PREFIX${XKS_API_PATH} (default: none, ${XKS_API_PATH})
  --tls-cert FILE             PEM certificate (chain) of the proxy; HTTPS is required unless --insecure-http
  --tls-key FILE              PEM private key of --tls-cert
  --tls-client-ca FILE        ask for client certificates (mTLS) chaining to this PEM CA
  --tls-client-name NAME      with --tls-client-ca: the DNS name or CN the client certificate must carry
  --insecure-http             plain HTTP, for local tests only
  --credentials-file FILE     {"credentials":[{"AccessKeyId":..., "RawSecretAccessKey":...}, ...]}, re-read when it
                              changes (default: env XKS_PROXY_ACCESS_KEY_ID and XKS_PROXY_SECRET_ACCESS_KEY)
  --region REGION             accept signatures scoped to this Region only (default: any)
${PKCS11_HELP}
  --pkcs11-sessions N         logged-in sessions at most (default 4)
  SIGHUP re-reads the credentials file and the key state.
openkms xks-proxy keys <command> [--data-dir DIR] [--pkcs11-module LIB --pkcs11-token LABEL --pkcs11-pin-env VAR]
  create --key-id ID [--usage ENCRYPT,DECRYPT|ENCRYPT|DECRYPT|NONE]   a new AES-256 key (default usage: both)
  list                        the keys, their usage and status (prints JSON)
  disable --key-id ID         the proxy refuses crypto with it (InvalidStateException)
  enable --key-id ID`;

const PKCS11_OPTIONS = ['pkcs11-module', 'pkcs11-token', 'pkcs11-pin-env'];
const SERVE_OPTIONS = ['host', 'port', 'data-dir', 'uri-prefix', 'tls-cert', 'tls-key', 'tls-client-ca', 'tls-client-name', 'credentials-file', 'region', 'pkcs11-sessions', ...PKCS11_OPTIONS];
const KEY_OPTIONS = ['data-dir', 'key-id', 'usage', ...PKCS11_OPTIONS];

const strings = (names: readonly string[]): Record<string, OptionSpec> => Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));

const SERVE_SPEC: CommandSpec = {
  name: 'openkms xks-proxy serve',
  usage: XKS_PROXY_HELP,
  options: { ...strings(SERVE_OPTIONS), 'insecure-http': { type: 'boolean' } },
  positionals: 1,
};
const KEYS_SPEC: CommandSpec = { name: 'openkms xks-proxy keys', usage: XKS_PROXY_HELP, options: strings(KEY_OPTIONS), positionals: 2 };
const ALL_OPTIONS = { ...SERVE_SPEC.options, ...KEYS_SPEC.options };

export async function xksProxyCommand(argv: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const command = findSubcommand(argv, ALL_OPTIONS);
  if (command === 'serve') return serve(argv, io, env);
  if (command === 'keys') return keys(argv, io, env);
  if (command !== undefined) throw new UsageError(`openkms xks-proxy: unknown command '${command}'`, XKS_PROXY_HELP);
  const parsed = parseCommand(argv, { name: 'openkms xks-proxy', usage: XKS_PROXY_HELP, options: ALL_OPTIONS });
  if (!parsed.help && argv.length > 0) throw new UsageError('openkms xks-proxy: no command given', XKS_PROXY_HELP);
  io.out(XKS_PROXY_HELP + '\n');
  return 0;
}

/** What `openkms xks-proxy serve ARGS` would start; undefined for --help. Exported for the command-line tests. */
export function xksProxySettings(argv: readonly string[], env: NodeJS.ProcessEnv, proxyModel: string): ProxySettings | undefined {
  const parsed = parseCommand(argv, SERVE_SPEC);
  if (parsed.help) return undefined;
  const values = parsed.values;
  const flag = (name: string) => stringValue(values, name);
  const fail = (message: string): never => {
    throw new UsageError(`${SERVE_SPEC.name}: ${message}`, SERVE_SPEC.usage);
  };
  const uriPrefix = flag('uri-prefix') ?? '';
  const prefixProblem = checkUriPrefix(uriPrefix);
  if (prefixProblem !== undefined) fail(`--uri-prefix '${uriPrefix}': ${prefixProblem}`);
  const [cert, key, clientCa, clientName] = [flag('tls-cert'), flag('tls-key'), flag('tls-client-ca'), flag('tls-client-name')];
  const insecure = values['insecure-http'] === true;
  if (insecure && (cert ?? key ?? clientCa ?? clientName) !== undefined) fail('--insecure-http takes no --tls-* option');
  if (!insecure && (cert === undefined || key === undefined)) fail('give --tls-cert FILE and --tls-key FILE (AWS KMS speaks HTTPS only), or --insecure-http for local tests');
  if (clientName !== undefined && clientCa === undefined) fail('--tls-client-name needs --tls-client-ca');
  const region = flag('region');
  if (region !== undefined && !/^[a-z]{2,8}(?:-[a-z]{1,16}){1,3}-\d{1,2}$/.test(region)) fail(`--region takes an AWS Region name: '${region}'`);
  const settings: ProxySettings = {
    host: flag('host') ?? '127.0.0.1',
    port: wholeNumber(SERVE_SPEC.name, '--port', flag('port') ?? String(DEFAULT_PORT), 0, 65535),
    dataDir: flag('data-dir') ?? DEFAULT_DATA_DIR,
    uriPrefix,
    proxyModel,
    ...(insecure ? {} : { tls: { certPath: cert!, keyPath: key!, ...(clientCa !== undefined ? { clientCaPath: clientCa } : {}), ...(clientName !== undefined ? { clientName } : {}) } }),
    ...(region !== undefined ? { region } : {}),
    ...(flag('credentials-file') !== undefined ? { credentialsFile: flag('credentials-file')! } : {}),
  };
  const pkcs11 = pkcs11Settings(SERVE_SPEC, values, env);
  if (pkcs11 !== undefined) {
    const sessions = flag('pkcs11-sessions');
    settings.pkcs11 = { ...pkcs11, ...(sessions !== undefined ? { maxSessions: wholeNumber(SERVE_SPEC.name, '--pkcs11-sessions', sessions, 1, 256) } : {}) };
  } else if (flag('pkcs11-sessions') !== undefined) fail('--pkcs11-sessions needs --pkcs11-module');
  return settings;
}

async function serve(argv: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const settings = xksProxySettings(argv, env, `openkms xks-proxy ${version()}`);
  if (settings === undefined) {
    io.out(XKS_PROXY_HELP + '\n');
    return 0;
  }
  const log = batchedLog((text) => io.out(text));
  const running = await runXksProxy(settings, env, log.line);
  const shutdown = (signal: string) => {
    io.err(`openkms xks-proxy: ${signal} received, closing\n`);
    const exit = (code: number) => {
      log.flush();
      process.exit(code);
    };
    running.close().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => void running.reload());
  io.err(`openkms xks-proxy listening on ${running.proxy.url} (URI path ${settings.uriPrefix}${XKS_API_PATH}, keys: ${running.backendName})\n`);
  return 0;
}

async function keys(argv: readonly string[], io: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommand(argv, KEYS_SPEC);
  if (parsed.help) {
    io.out(XKS_PROXY_HELP + '\n');
    return 0;
  }
  const [, action] = parsed.positionals;
  const fail = (message: string): never => {
    throw new UsageError(`${KEYS_SPEC.name}${action ? ` ${action}` : ''}: ${message}`, KEYS_SPEC.usage);
  };
  if (action === undefined) fail('no command given (create, list, disable, enable)');
  if (!['create', 'list', 'disable', 'enable'].includes(action!)) fail(`unknown command '${action}'`);
  const keyId = stringValue(parsed.values, 'key-id');
  const usageText = stringValue(parsed.values, 'usage');
  if (action === 'list' && keyId !== undefined) fail('--key-id is not taken by list');
  if (action !== 'list' && keyId === undefined) fail('--key-id is required');
  if (action !== 'create' && usageText !== undefined) fail('--usage is only for create');
  const usage = usageText === undefined ? (['ENCRYPT', 'DECRYPT'] as KeyUse[]) : keyUsage(usageText, fail);
  const dataDir = stringValue(parsed.values, 'data-dir') ?? DEFAULT_DATA_DIR;
  const pkcs11 = pkcs11Settings(KEYS_SPEC, parsed.values, env);
  ensureDataDir(dataDir);
  let result: unknown;
  if (pkcs11 !== undefined) {
    // Loaded only for a token: the native PKCS#11 addon stays out of every other command's start.
    const { Pkcs11SessionPool } = await import('../xks/proxy/pkcs11-session-pool.js');
    const { createTokenKey, listTokenKeys, setTokenKeyStatus } = await import('../xks/proxy/pkcs11-key-admin.js');
    const pool = new Pkcs11SessionPool(pkcs11);
    pool.open();
    try {
      if (action === 'create') result = { Key: createTokenKey(pool, dataDir, keyId!, usage) };
      else if (action === 'list') result = { Keys: listTokenKeys(pool, dataDir) };
      else result = { Key: setTokenKeyStatus(pool, dataDir, keyId!, action === 'disable' ? 'DISABLED' : 'ENABLED') };
    } finally {
      pool.close();
    }
  } else if (action === 'list') {
    result = { Keys: listLocalKeys(dataDir) };
  } else {
    const sealer = openSealer(dataDir, env, true);
    try {
      if (action === 'create') result = { Key: createLocalKey(dataDir, sealer, keyId!, usage) };
      else result = { Key: setLocalKeyStatus(dataDir, sealer, keyId!, action === 'disable' ? 'DISABLED' : 'ENABLED') };
    } finally {
      sealer.destroy();
    }
  }
  io.out(JSON.stringify(result, null, 2) + '\n');
  return 0;
}

function keyUsage(text: string, fail: (message: string) => never): KeyUse[] {
  switch (text) {
    case 'ENCRYPT,DECRYPT':
    case 'DECRYPT,ENCRYPT':
      return ['ENCRYPT', 'DECRYPT'];
    case 'ENCRYPT':
      return ['ENCRYPT'];
    case 'DECRYPT':
      return ['DECRYPT'];
    case 'NONE':
      return [];
    default:
      return fail(`--usage takes ENCRYPT,DECRYPT, ENCRYPT, DECRYPT or NONE: '${text}'`);
  }
}

/** The three PKCS#11 options go together; the PIN is read from the named variable, never from the command line. */
function pkcs11Settings(spec: CommandSpec, values: OptionValues, env: NodeJS.ProcessEnv): Pkcs11Settings | undefined {
  const [modulePath, tokenLabel, pinVariable] = PKCS11_OPTIONS.map((name) => stringValue(values, name));
  if (modulePath === undefined && tokenLabel === undefined && pinVariable === undefined) return undefined;
  if (modulePath === undefined || tokenLabel === undefined || pinVariable === undefined) {
    throw new UsageError(`${spec.name}: --pkcs11-module, --pkcs11-token and --pkcs11-pin-env go together`, spec.usage);
  }
  const pin = env[pinVariable];
  if (pin === undefined || pin === '') throw new UsageError(`${spec.name}: --pkcs11-pin-env ${pinVariable}: the variable is not set`);
  return { modulePath, tokenLabel, pin };
}

function wholeNumber(command: string, option: string, text: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${command}: ${option} takes a number from ${min} to ${max}: '${text}'`);
  return value;
}

function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
