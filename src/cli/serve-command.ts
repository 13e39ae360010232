// `openkms serve`: checks its flags, starts the server with the configuration they make over the environment
// (server/config.ts), prints where it listens (and, on first start, the admin credentials once), and shuts down
// gracefully on SIGTERM/SIGINT.

import { startServer, type RunningServer } from '../server/openkms-server.js';
import { serveWithWorkers } from '../server/workers.js';
import { serverConfig, SettingsError, type ServerConfig, type ServeFlags } from '../server/config.js';
import { loadConfigFile } from '../server/config-file.js';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SERVE_SETTINGS } from '../server/settings.js';
import { parseCommand, stringValue, stringValues, UsageError, type CommandSpec } from './args.js';
import { parseResolveEntry } from '../server/xks-settings.js';
import type { CliOutput } from './cli-output.js';

/** One line per flag of settings.ts, and --config: `  --port PORT   port (default 4599, env OPENKMS_PORT)`. */
function usageLines(): string[] {
  const flagged = SERVE_SETTINGS.filter((spec) => spec.flag !== undefined);
  const lines = [
    ...flagged.map((spec) => {
      const name = `--${spec.flag}${spec.type === 'boolean' ? '' : ` ${spec.value ?? 'VALUE'}`}`;
      const env = spec.type === 'boolean' ? `env ${spec.env}=${spec.envValues![spec.flagSets ? 'true' : 'false']}` : `env ${spec.env}`;
      const extras = [spec.default !== undefined && spec.type !== 'boolean' ? `default ${spec.default}` : undefined, env].filter(Boolean);
      return [name, `${spec.flagHelp ?? spec.help} (${extras.join(', ')})`];
    }),
    [`--${CONFIG_FILE_FLAG} FILE`, `settings from a YAML file, beneath flags and the environment (env ${CONFIG_FILE_ENV}; openkms config print shows the result)`],
    ['-h, --help', 'this text'],
  ];
  return lines.map(([name, text]) => `  ${name!.padEnd(26)} ${text}`);
}

export const SERVE_HELP = ['openkms serve [options]', ...usageLines()].join('\n');

/** After the grace: time for the jobs, the audit writer and the database to close before the process gives up. */
const SHUTDOWN_MARGIN_MS = 5_000;

export const SERVE_SPEC: CommandSpec = {
  name: 'openkms serve',
  usage: SERVE_HELP,
  options: {
    ...Object.fromEntries(SERVE_SETTINGS.filter((spec) => spec.flag !== undefined).map((spec) => [spec.flag!, { type: spec.type === 'boolean' ? 'boolean' : 'string' } as const])),
    [CONFIG_FILE_FLAG]: { type: 'string' },
    // Repeatable: one --xks-resolve per host.
    'xks-resolve': { type: 'string', multiple: true },
  },
};

/**
 * The flags mapped to ServeFlags here, each with its own message. Any other flag of settings.ts needs no code here: its
 * entry checks it and it reaches config.ts as its variable, above the environment and the config file.
 */
const TYPED_FLAGS: ReadonlySet<string> = new Set(['host', 'port', 'data-dir', 'store', 'account-id', 'dev', 'no-audit', 'principals', 'seed', 'workers', 'shutdown-grace', 'max-connections', 'tls-cert', 'tls-key', 'xks-ca-bundle', 'xks-resolve']);

/** What `openkms serve ARGS` would start, without starting it; undefined when the arguments ask for --help. */
export function serveSettings(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServerConfig | undefined {
  const parsed = parseCommand(argv, SERVE_SPEC);
  if (parsed.help) return undefined;
  const flag = (name: string) => stringValue(parsed.values, name);
  // Flags are checked before the environment is read: a bad command line is reported as such.
  const port = flag('port');
  const accountId = flag('account-id');
  const workers = flag('workers');
  const grace = flag('shutdown-grace');
  const maxConnections = flag('max-connections');
  const flags: ServeFlags = {
    ...(port !== undefined ? { port: wholeNumber('--port', port, 0, 65535, 'a port number') } : {}),
    ...(accountId !== undefined ? { accountId: accountIdValue('--account-id', accountId) } : {}),
    ...(workers !== undefined ? { workers: wholeNumber('--workers', workers, 1, 64, 'a number') } : {}),
    ...(grace !== undefined ? { shutdownGraceMs: seconds('--shutdown-grace', grace, 3600) } : {}),
    ...(maxConnections !== undefined ? { maxConnections: wholeNumber('--max-connections', maxConnections, 1, 1_000_000, 'a number') } : {}),
  };
  for (const [name, key] of [['host', 'host'], ['data-dir', 'dataDir'], ['principals', 'principalsFile'], ['seed', 'seedFile'], ['store', 'store'], ['tls-cert', 'tlsCert'], ['tls-key', 'tlsKey']] as const) {
    const value = flag(name);
    if (value !== undefined) flags[key] = value;
  }
  const caBundle = flag('xks-ca-bundle');
  if (caBundle !== undefined) flags.xksCaBundle = caBundle;
  const resolve = stringValues(parsed.values, 'xks-resolve');
  if (resolve.length > 0) {
    for (const entry of resolve) {
      try {
        parseResolveEntry(entry);
      } catch (error) {
        throw new UsageError(`${SERVE_SPEC.name}: ${(error as Error).message}`);
      }
    }
    flags.xksResolve = resolve;
  }
  if (parsed.values.dev === true) flags.dev = true;
  if (parsed.values['no-audit'] === true) flags.noAudit = true;
  // Every other flag of the table is checked by its entry and handed on as its variable, over the environment.
  const fromFlags: Record<string, string> = {};
  for (const spec of SERVE_SETTINGS) {
    const value = spec.flag !== undefined && !TYPED_FLAGS.has(spec.flag) ? parsed.values[spec.flag] : undefined;
    if (value === undefined) continue;
    const text = value === true ? spec.envValues![spec.flagSets ? 'true' : 'false'] : String(value);
    checked(`--${spec.flag}`, () => spec.check?.(text));
    fromFlags[spec.env] = text;
  }
  try {
    // The config file sits beneath the environment: a variable that is set wins over the file's value.
    const configFile = flag(CONFIG_FILE_FLAG) ?? env[CONFIG_FILE_ENV];
    const fromFile = configFile !== undefined ? loadConfigFile(configFile).env : {};
    return serverConfig(flags, { ...fromFile, ...env, ...fromFlags });
  } catch (error) {
    // OPENKMS_WORKERS is checked as --workers is, and a combination that cannot start is a command line that does not fit.
    if (error instanceof SettingsError) throw new UsageError(`${SERVE_SPEC.name}: ${error.message}`);
    throw error;
  }
}

export async function serveCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const config = serveSettings(argv);
  if (!config) {
    io.out(SERVE_HELP + '\n');
    return 0;
  }
  if (config.workers > 1) {
    await serveWithWorkers(config, { banner: (server) => banner(server, config.accountId, false) });
    return 0;
  }
  const server = await startServer(config);
  const shutdown = (signal: string) => {
    io.out(`openkms: ${signal} received, finishing in-flight requests\n`);
    // The listener cuts connections when the grace ends; this bounds what follows (jobs, audit writer, database).
    setTimeout(() => {
      io.err('openkms: shutdown did not finish in time; exiting\n');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_MARGIN_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        io.err(`openkms: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // The handlers before the banner: whoever waits for the banner to send SIGTERM must not find the default action.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  if (config.tls) process.on('SIGHUP', () => reloadTls(server, io));
  io.out(banner(server, config.accountId, config.dev) + '\n');
  return 0;
}

/** SIGHUP: new TLS files for new connections; a pair that does not fit is refused and the old one kept. */
function reloadTls(server: RunningServer, io: CliOutput): void {
  try {
    server.reloadTls();
  } catch (error) {
    io.err(`openkms: SIGHUP: ${error instanceof Error ? error.message : String(error)}; keeping the certificate in use\n`);
  }
}

/** A flag's value through its parser (server/ops-settings.ts): what it refuses is a command line that does not fit. */
function checked<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${SERVE_SPEC.name}: ${option}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Digits only (no sign, exponent, hex or blanks: `Number` would take those), within [min, max]. */
function wholeNumber(option: string, text: string, min: number, max: number, what: string): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw new UsageError(`${SERVE_SPEC.name}: ${option} takes ${what} from ${min} to ${max}: '${text}'`);
  return value;
}

/** Seconds, whole or with up to three decimals (milliseconds), from 0 to `max`; in milliseconds. */
function seconds(option: string, text: string, max: number): number {
  const value = /^\d{1,10}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max)) throw new UsageError(`${SERVE_SPEC.name}: ${option} takes a number of seconds from 0 to ${max}: '${text}'`);
  return Math.round(value * 1000);
}

function accountIdValue(option: string, text: string): string {
  if (!/^\d{12}$/.test(text)) throw new UsageError(`${SERVE_SPEC.name}: ${option} takes a 12-digit AWS account id: '${text}'`);
  return text;
}

/** Where the server listens and, on first start, the admin credentials (shown once). */
function banner(server: RunningServer, accountId: string, dev: boolean): string {
  const created = server.bootstrap.createdAccessKey;
  const lines = [`openkms listening on ${server.url} (account ${accountId}${dev ? ', dev mode' : ''})`];
  if (created) {
    lines.push(
      'Admin credentials (shown once):',
      `  AWS_ACCESS_KEY_ID=${created.accessKeyId}`,
      `  AWS_SECRET_ACCESS_KEY=${created.secretAccessKey}`,
    );
    if (server.bootstrap.credentialsFile) lines.push(`  saved to ${server.bootstrap.credentialsFile} (profile "openkms")`);
  }
  if (server.seeded) {
    const { created, updated, unchanged } = server.seeded;
    lines.push(`seed: ${created.length} keys created, ${updated.length} updated, ${unchanged.length} as declared`);
  }
  return lines.join('\n');
}
