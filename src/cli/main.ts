#!/usr/bin/env node
// The openkms command: dispatches to its subcommands.

import { serveCommand, SERVE_HELP } from './serve-command.js';
import { auditCommand, AUDIT_HELP } from './audit-command.js';
import { adminCommand, ADMIN_HELP } from './admin-command.js';

const USAGE = `usage: openkms <command> [options]

commands:
  serve      run the KMS server
  audit      export and verify the audit trail
  admin      manage accounts, users, roles, access keys and identity policies

${SERVE_HELP}

${AUDIT_HELP}

${ADMIN_HELP}`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case 'audit':
      return auditCommand(rest);
    case 'admin':
      return adminCommand(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE + '\n');
      return;
    default:
      process.stderr.write(`openkms: unknown command '${command}'\n\n${USAGE}\n`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`openkms: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
