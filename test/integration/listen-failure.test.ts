// A start that cannot bind its port fails with one clear line and a non-zero exit, before it creates the data
// directory, the root key or the admin access key it would print once (and never could).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/openkms-server.js';
import { spawnOpenkms } from '../support/openkms-process.js';

const parent = mkdtempSync(join(tmpdir(), 'openkms-bind-'));
let occupier: Server;
let busyPort: number;
before(async () => {
  busyPort = await occupyPort();
});
after(() => {
  occupier?.close();
  rmSync(parent, { recursive: true, force: true });
});

async function occupyPort(): Promise<number> {
  occupier = createServer();
  return new Promise((resolve) => occupier.listen(0, '127.0.0.1', () => resolve((occupier.address() as { port: number }).port)));
}

test('`openkms serve` on a port in use prints one line, exits 1 and creates no data directory', async () => {
  const dataDir = join(parent, 'port-in-use');
  const server = spawnOpenkms(['serve', '--port', String(busyPort), '--data-dir', dataDir]);
  const { code } = await server.exited;
  assert.equal(code, 1);
  assert.equal(server.output(), `openkms: cannot listen on 127.0.0.1:${busyPort}: address already in use\n`);
  assert.equal(existsSync(dataDir), false);
});

test('`openkms serve --workers 2` on a port in use prints the same one line, exits 1 and creates no data directory', async () => {
  const dataDir = join(parent, 'workers-port-in-use');
  const server = spawnOpenkms(['serve', '--workers', '2', '--port', String(busyPort), '--data-dir', dataDir]);
  const { code } = await server.exited;
  assert.equal(code, 1);
  assert.equal(server.output(), `openkms: cannot listen on 127.0.0.1:${busyPort}: address already in use\n`);
  assert.equal(existsSync(dataDir), false);
});

test('`openkms serve --host` with an address not on this host prints one line, exits 1 and creates no data directory', async () => {
  const dataDir = join(parent, 'foreign-address');
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a host.
  const server = spawnOpenkms(['serve', '--host', '192.0.2.1', '--port', '4599', '--data-dir', dataDir]);
  const { code } = await server.exited;
  assert.equal(code, 1);
  assert.equal(server.output(), 'openkms: cannot listen on 192.0.2.1:4599: address not available on this host\n');
  assert.equal(existsSync(dataDir), false);
});

test('startServer binds the port before it opens storage: a port in use leaves no data directory', async () => {
  const dataDir = join(parent, 'in-process');
  await assert.rejects(
    startServer({ host: '127.0.0.1', port: busyPort, storage: { kind: 'sqlite', dataDir }, dev: false, accountId: '111122223333', audit: true, logError: () => undefined }),
    { message: `cannot listen on 127.0.0.1:${busyPort}: address already in use` },
  );
  assert.equal(existsSync(dataDir), false);
});
