// Runs the command-line tools the interop tests drive (`aws`, `openssl`) asynchronously: the server under test lives in
// the same process, so a blocking spawn would stall it. The `aws` CLI gets the test admin's credentials and no config.

import { execFile } from 'node:child_process';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, TEST_REGION } from './test-server.js';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const ADMIN: Credentials = { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY };

/** Environment for the `aws` CLI: these credentials, the test Region, and no user config or credentials file. */
export function awsCliEnvironment(credentials: Credentials = ADMIN): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** Runs `command`; a missing tool fails with a message saying what to install, any other failure is in the result. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = awsCliEnvironment()): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') {
        reject(new Error(`${command} is required for this test (apt-get install awscli openssl): ${error.message}`));
        return;
      }
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout: stdout.trim(), stderr });
    });
  });
}

/** `aws <args>`, which must succeed; returns its standard output. */
export async function awsCli(args: string[], credentials?: Credentials): Promise<string> {
  const result = await runCommand('aws', args, awsCliEnvironment(credentials));
  if (result.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
