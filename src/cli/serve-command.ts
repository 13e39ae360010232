// `openkms serve`: starts the server with flags over environment over defaults, prints where it listens (and, on first
// start, the admin credentials once), and shuts down gracefully on SIGTERM/SIGINT.

import { startServer, type RunningServer, type StartOptions } from '../server/openkms-server.js';
import { serveWithWorkers } from '../server/workers.js';
import { configFromEnvironment, parsePort } from '../server/config.js';
import { parseArgs, stringFlag } from './args.js';

export const SERVE_HELP = `openkms serve [options]
  --host HOST          address to listen on (default 127.0.0.1, env OPENKMS_HOST)
  --port PORT          port (default 4599, env OPENKMS_PORT)
  --data-dir DIR       where the database and root key live (default ./.openkms, env OPENKMS_DATA_DIR)
  --account-id ID      the account created on first start (default 111122223333, env OPENKMS_ACCOUNT_ID)
  --dev                in-memory store that accepts any well-formed SigV4 request (demos and tests)
  --no-audit           do not record API calls (for measuring the audit trail's cost)
  --principals FILE    accounts, users, roles, access keys and policies to apply at start (JSON or YAML, env OPENKMS_PRINCIPALS)
  --seed FILE          keys with fixed ids, aliases and known key material to apply at start (JSON or YAML, env OPENKMS_SEED)
  --workers N          serve from N processes sharing the port and the data directory (default 1, env OPENKMS_WORKERS)`;

export async function serveCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, new Set(['dev', 'no-audit', 'help']));
  if (args.flags.has('help')) {
    process.stdout.write(SERVE_HELP + '\n');
    return;
  }
  const config = configFromEnvironment();
  const host = stringFlag(args, 'host');
  const port = stringFlag(args, 'port');
  const dataDir = stringFlag(args, 'data-dir');
  const accountId = stringFlag(args, 'account-id');
  if (host !== undefined) config.host = host;
  if (port !== undefined) config.port = parsePort(port);
  if (dataDir !== undefined) config.dataDir = dataDir;
  if (accountId !== undefined) config.accountId = accountId;
  if (args.flags.has('dev')) config.dev = true;
  if (args.flags.has('no-audit')) config.audit = false;

  const principalsFile = stringFlag(args, 'principals') ?? process.env.OPENKMS_PRINCIPALS;
  const seedFile = stringFlag(args, 'seed') ?? process.env.OPENKMS_SEED;
  const options: StartOptions = {
    ...config,
    ...(principalsFile !== undefined ? { principalsFile } : {}),
    ...(seedFile !== undefined ? { seedFile } : {}),
  };
  const workers = parseWorkers(stringFlag(args, 'workers') ?? process.env.OPENKMS_WORKERS ?? '1');
  if (workers > 1) {
    // Every process of the in-memory store would have its own keys: workers need the shared data directory.
    if (config.dev) throw new Error('--workers needs a data directory: it cannot be combined with --dev');
    return serveWithWorkers(workers, options, { banner: (server) => banner(server, config.accountId, false) });
  }
  const server = await startServer(options);
  process.stdout.write(banner(server, config.accountId, config.dev) + '\n');

  const shutdown = (signal: string) => {
    process.stdout.write(`openkms: ${signal} received, finishing in-flight requests\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`openkms: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function parseWorkers(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`--workers takes a number from 1 to 64: ${text}`);
  return count;
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
