// The listener's limits on a real openkms: the connection cap from the server's settings, and HTTP that does not
// parse or is far too large, answered in AWS's JSON shape without reaching the API, while real clients carry on.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListKeysCommand } from '@aws-sdk/client-kms';
import { jsonRequest, parseResponses, RawConnection } from '../../src/server/raw-http.test-helper.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let t: TestServer;
let port: number;
const connections: RawConnection[] = [];
before(async () => {
  t = await startTestServer({ maxConnections: 3 });
  port = Number(new URL(t.server.url).port);
});
after(async () => {
  for (const connection of connections) connection.destroy();
  await t.cleanup();
});

async function open(): Promise<RawConnection> {
  const connection = await RawConnection.open(port);
  connections.push(connection);
  return connection;
}

test('HTTP that does not parse → 400 SerializationException in JSON, and the SDK is served as before', async () => {
  const before = (await t.kms.send(new ListKeysCommand({}))).Keys;
  const connection = await open();
  connection.send('GET /\u0000 HTTP/1.1\r\n\r\n');
  await connection.waitClosed(5_000);
  const [response] = parseResponses(connection.received);
  assert.equal(response?.status, 400);
  assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
  assert.deepEqual(JSON.parse(response.body), { __type: 'SerializationException', message: 'The request is not valid HTTP/1.1.' });
  assert.deepEqual((await t.kms.send(new ListKeysCommand({}))).Keys, before);
});

test('a declared 200 MB body → 413 at once, before the body is sent', async () => {
  const connection = await open();
  connection.send(jsonRequest('').replace('content-length: 0', 'content-length: 200000000'));
  const [response] = await connection.waitResponses(1, 5_000);
  assert.equal(response!.status, 413);
  assert.deepEqual(JSON.parse(response!.body), { __type: 'SerializationException', message: 'Request body is larger than the maximum allowed size.' });
  await connection.waitClosed(5_000);
});

test('the connection cap from the server settings: one connection over it is closed unanswered', async () => {
  // The SDK's kept-alive connections count too: let them go, and fill the three places once the server has seen it.
  t.kms.destroy();
  const held: RawConnection[] = [];
  for (let attempt = 0; held.length < 3; attempt++) {
    assert.ok(attempt < 50, 'three connections are served');
    const connection = await open();
    connection.send(jsonRequest('{}'));
    await connection.waitUntil((c) => c.closed || parseResponses(c.received).length > 0, 5_000, 'an answer or a close');
    if (connection.closed) await new Promise((resolve) => setTimeout(resolve, 50));
    else held.push(connection);
  }
  const refused = await open();
  refused.send(jsonRequest('{}'));
  await refused.waitClosed(5_000);
  assert.equal(refused.received, '');
});
