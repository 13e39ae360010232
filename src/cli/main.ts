#!/usr/bin/env node
// The openkms command: dispatches to its subcommands.

import { serveCommand, SERVE_HELP } from './serve-command.js';

const USAGE = `usage: openkms <command> [options]

commands:
  serve      run the KMS server

${SERVE_HELP}`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
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
