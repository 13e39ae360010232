// `openkms serve`: checks its flags, starts the server with the configuration they make over the environment
// (server/config.ts), prints where it listens (and, on first start, the admin credentials once), and shuts down
// gracefully on SIGTERM/SIGINT.

import { startServer, type RunningServer } from '../server/openkms-server.js';
import { serveWithWorkers } from '../server/workers.js';
import { serverConfig, SettingsError, type ServerConfig, type ServeFlags } from '../server/config.js';
import { parseCommand, stringValue, stringValues, UsageError, type CommandSpec } from './args.js';
import { parseResolveEntry } from '../server/xks-settings.js';
import type { CliOutput } from './cli-output.js';

export const SERVE_HELP = `openkms serve [options]
  --host HOST                address to listen on (default 127.0.0.1, env OPENKMS_HOST)
  --port PORT                port (default 4599, env OPENKMS_PORT)
  --data-dir DIR             where the database and root key live (default ./.openkms, env OPENKMS_DATA_DIR)
  --account-id ID            the account created on first start (default 111122223333, env OPENKMS_ACCOUNT_ID)
  --dev                      in-memory store that accepts any well-formed SigV4 request (demos and tests)
  --no-audit                 do not record API calls (for measuring the audit trail's cost)
  --principals FILE          accounts, users, roles, access keys and policies to apply at start (JSON or YAML, env OPENKMS_PRINCIPALS)
  --seed FILE                keys with fixed ids, aliases and known key material to apply at start (JSON or YAML, env OPENKMS_SEED)
  --workers N                serve from N processes sharing the port and the data directory (default 1, env OPENKMS_WORKERS)
  --shutdown-grace SECONDS   on SIGTERM/SIGINT, how long in-flight requests may finish (default 10, env OPENKMS_SHUTDOWN_GRACE)
  --max-connections N        open client connections at most, per process (default 1024, env OPENKMS_MAX_CONNECTIONS)
  --xks-ca-bundle FILE       PEM certificates trusted for XKS proxies besides the system's (env OPENKMS_XKS_CA_BUNDLE)
  --xks-resolve HOST=ADDRESS:PORT
                             call the XKS proxy of HOST at ADDRESS:PORT, like curl --resolve (repeatable, env OPENKMS_XKS_RESOLVE)
  -h, --help                 this text`;

/** After the grace: time for the jobs, the audit writer and the database to close before the process gives up. */
const SHUTDOWN_MARGIN_MS = 5_000;

export const SERVE_SPEC: CommandSpec = {
  name: 'openkms serve',
  usage: SERVE_HELP,
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    'account-id': { type: 'string' },
    dev: { type: 'boolean' },
    'no-audit': { type: 'boolean' },
    principals: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    'shutdown-grace': { type: 'string' },
    'max-connections': { type: 'string' },
    'xks-ca-bundle': { type: 'string' },
    'xks-resolve': { type: 'string', multiple: true },
  },
};

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
  for (const [name, key] of [['host', 'host'], ['data-dir', 'dataDir'], ['principals', 'principalsFile'], ['seed', 'seedFile']] as const) {
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
  try {
    return serverConfig(flags, env);
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
  io.out(banner(server, config.accountId, config.dev) + '\n');
  return 0;
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
