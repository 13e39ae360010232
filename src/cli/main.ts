#!/usr/bin/env node
// The openkms command: runs the command line (run-cli.ts) on this process's arguments and output.

import { processOutput } from './cli-output.js';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), processOutput);
// A failed start may leave threads or handles behind: exit rather than wait for them. A started server keeps running.
if (code !== 0) process.exit(code);
