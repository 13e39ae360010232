// PostgreSQL restarted under load, on a private PostgreSQL instance this test starts (initdb and pg_ctl from Debian's
// postgresql, in a temporary directory on a port of its own, so the shared server is left alone): while it is down
// requests fail with AWS's KMSInternalException (InternalFailure where the caller's access key could not be read),
// never a crash or a hang; once it is back the server recovers by
// itself, and every acknowledged CreateKey is there.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { freePort } from '../support/openkms-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

function postgresBin(): string {
  const versions = (() => {
    try {
      return readdirSync('/usr/lib/postgresql').sort((x, y) => Number(y) - Number(x));
    } catch {
      return [];
    }
  })();
  if (versions.length === 0) throw new Error("initdb and pg_ctl are missing: install Debian's postgresql (apt-get install postgresql; .ci/run does)");
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root: the instance belongs to the postgres user when the test runs as root. */
function asOwner(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : command, root ? ['-u', 'postgres', '--', command, ...args] : args, { stdio: 'pipe' });
}

const scratch = mkdtempSync(join(tmpdir(), 'openkms-pg-restart-'));
const pgData = join(scratch, 'pgdata');
const socketDir = join(scratch, 'socket');
let port: number;
let bin: string;
let server: TestServer | undefined;

const pgCtl = (...args: string[]) => asOwner(join(bin, 'pg_ctl'), ['-D', pgData, ...args]);
const startPostgres = () => pgCtl('-w', '-l', join(socketDir, 'postgres.log'), '-o', `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=on`, 'start');

before(async () => {
  bin = postgresBin();
  port = await freePort();
  if (process.getuid?.() === 0) {
    chmodSync(scratch, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    for (const dir of [pgData, socketDir]) {
      mkdirSync(dir);
      chownSync(dir, uid, gid);
    }
  } else {
    for (const dir of [pgData, socketDir]) mkdirSync(dir);
  }
  asOwner(join(bin, 'initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  startPostgres();
  server = await startTestServer({
    storage: { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir: scratch },
    rootKey: { kind: 'env', value: randomBytes(32).toString('hex') },
  });
});

after(async () => {
  await server?.stop();
  try {
    pgCtl('-m', 'immediate', 'stop');
  } catch {
    // already stopped
  }
  rmSync(scratch, { recursive: true, force: true });
});

test('PostgreSQL down under load: KMSInternalException while it is down, recovery by itself, nothing acknowledged lost', async () => {
  const kms = server!.kms;
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  const acknowledged: string[] = [];
  const failures = new Map<string, number>();
  let phase: 'up' | 'down' | 'back' = 'up';
  let stop = false;
  const load = (work: () => Promise<unknown>) =>
    (async () => {
      while (!stop) {
        try {
          await work();
        } catch (error) {
          const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
          const kind = `${phase} ${e.name} ${e.$metadata?.httpStatusCode}: ${e.message}`;
          failures.set(kind, (failures.get(kind) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    })();
  const loads = [
    load(async () => acknowledged.push((await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!)),
    load(() => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))),
  ];
  await new Promise((r) => setTimeout(r, 1_000));
  pgCtl('-m', 'immediate', 'stop');
  phase = 'down';
  await new Promise((r) => setTimeout(r, 2_000));
  startPostgres();
  phase = 'back';
  // Recovery by itself: within seconds both calls succeed again through the same server.
  const begun = Date.now();
  for (;;) {
    try {
      await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('y') }));
      acknowledged.push((await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!);
      break;
    } catch (error) {
      if (Date.now() - begun > 15_000) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  stop = true;
  await Promise.all(loads);
  const kinds = [...failures.keys()];
  assert.ok(kinds.some((kind) => kind.startsWith('down ')), `requests failed while PostgreSQL was down: ${JSON.stringify(kinds)}`);
  for (const kind of kinds) {
    assert.match(kind, /^(down|back) (KMSInternalException|InternalFailure) 500: An internal error occurred\. Retry the request\.$/, kind);
  }
  for (const id of acknowledged) assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: id }))).KeyMetadata?.KeyId, id, 'an acknowledged key is there');
  assert.ok(acknowledged.length > 5, `load ran (${acknowledged.length} keys created)`);
});
