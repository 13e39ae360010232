// The openkms command line: dispatches to the commands and turns what they throw into an exit code and one line on
// stderr: 2 for a command line that does not fit (with the command's usage when it helps), 1 for anything else.

import { readFileSync } from 'node:fs';
import { UsageError } from './args.js';
import type { CliOutput } from './cli-output.js';
import { adminCommand, ADMIN_HELP } from './admin-command.js';
import { auditCommand, AUDIT_HELP } from './audit-command.js';
import { configCommand, CONFIG_HELP } from './config-command.js';
import { serveCommand, SERVE_HELP } from './serve-command.js';
import { xksProxyCommand } from './xks-proxy-command.js';

export const USAGE = `usage: openkms <command> [options]

commands:
  serve      run the KMS server
  audit      export and verify the audit trail
  admin      manage accounts, users, roles, access keys and identity policies
  config     print the configuration serve would start with (openkms config print)
  xks-proxy  run an external key store proxy and manage its keys (openkms xks-proxy -h)
  --version  print the version of openkms

${SERVE_HELP}

${AUDIT_HELP}

${ADMIN_HELP}

${CONFIG_HELP}`;

/** Resolves with the exit code; after `serve` starts, the process keeps running on its server. */
export async function runCli(argv: readonly string[], io: CliOutput): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${error.usage !== undefined ? `\n${error.usage}\n` : ''}`);
      return 2;
    }
    io.err(`openkms: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliOutput): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest, io);
    case 'audit':
      return auditCommand(rest, io);
    case 'admin':
      return adminCommand(rest, io);
    case 'config':
      return configCommand(rest, io);
    case 'xks-proxy':
      return xksProxyCommand(rest, io);
    case '--version':
      if (rest.length > 0) throw new UsageError(`openkms --version: unexpected argument '${rest[0]}'`, USAGE);
      io.out(`${version()}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE + '\n');
      return 0;
    default:
      throw new UsageError(`openkms: unknown ${command.startsWith('-') ? 'option' : 'command'} '${command}'`, USAGE);
  }
}

/** package.json sits two levels up, from src/cli (tsx) as from dist/cli (the build and the installed package). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
