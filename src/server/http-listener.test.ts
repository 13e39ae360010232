// The HTTP listener under abuse, driven with raw sockets as an attacker would: withheld headers and bodies, oversized
// and malformed requests, too many connections; and what a request sees while the listener starts and drains.

import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { HttpListener, MAX_BODY_BYTES, type HttpListenerOptions, type RequestHandler } from './http-listener.js';
import { jsonRequest, parseResponses, RawConnection, type RawResponse } from './raw-http.test-helper.js';
import type { ApiRequest } from '../protocol/http-request.js';

interface Started {
  listener: HttpListener;
  port: number;
  /** Every request that reached the handler. */
  handled: ApiRequest[];
}

const started: HttpListener[] = [];
const opened: RawConnection[] = [];
afterEach(async () => {
  for (const connection of opened.splice(0)) connection.destroy();
  await Promise.all(started.splice(0).map((listener) => listener.close(0)));
});

/** A handler that answers 200 with what it was given, or waits for `gate` first. */
function echoHandler(handled: ApiRequest[], gate?: () => Promise<void>): RequestHandler {
  return {
    async route(request) {
      handled.push(request);
      await gate?.();
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'test-request-id' },
        body: JSON.stringify({ path: request.path, query: request.query, bodyBytes: request.body.length }),
      };
    },
  };
}

async function startListener(options: Partial<HttpListenerOptions> = {}, handler?: RequestHandler, serve = true): Promise<Started> {
  const handled: ApiRequest[] = [];
  const listener = new HttpListener({ maxConnections: 64, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, logError: () => undefined, ...options });
  started.push(listener);
  const address = await listener.listen(0, '127.0.0.1');
  if (serve) listener.serve(handler ?? echoHandler(handled));
  return { listener, port: address.port, handled };
}

async function open(port: number): Promise<RawConnection> {
  const connection = await RawConnection.open(port);
  opened.push(connection);
  return connection;
}

/** Node's own answers to bad HTTP, and ours, carry AWS's JSON error shape (docs/kms-behaviour.md 8.3). */
function assertAwsError(response: RawResponse | undefined, status: number, type: string, message: string): void {
  assert.ok(response, 'a response');
  assert.equal(response.status, status);
  assert.equal(response.headers['content-type'], 'application/x-amz-json-1.1');
  assert.match(response.headers['x-amzn-requestid'] ?? '', /^[0-9a-f-]{36}$/);
  assert.match(response.headers.date ?? '', / GMT$/);
  assert.equal(response.headers.connection, 'close');
  const body = JSON.parse(response.body) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['__type', 'message']);
  assert.equal(body.__type, type);
  assert.equal(body.message, message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventually(condition: () => boolean, timeoutMs: number): Promise<void> {
  for (const begun = Date.now(); !condition(); await sleep(20)) {
    if (Date.now() - begun > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
  }
}

describe('requests', () => {
  test('a request reaches the handler with its method, path, query, headers, body and source address', async () => {
    const handled: ApiRequest[] = [];
    const { port } = await startListener({}, echoHandler(handled));
    const connection = await open(port);
    connection.send(jsonRequest('{"Limit":5}', { path: '/some/path?a=1&b=2' }));
    const [response] = await connection.waitResponses(1, 10_000);
    assert.equal(response!.status, 200);
    assert.equal(handled.length, 1);
    const request = handled[0]!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/some/path');
    assert.equal(request.query, 'a=1&b=2');
    assert.equal(request.headers['x-amz-target'], 'TrentService.ListKeys');
    assert.equal(request.body.toString(), '{"Limit":5}');
    assert.equal(request.sourceIp, '127.0.0.1');
  });

  test('a body of exactly the limit is read and handed on', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('x'.repeat(MAX_BODY_BYTES)));
    const [response] = await connection.waitResponses(1, 10_000);
    assert.equal(response!.status, 200);
    assert.equal(handled[0]!.body.length, MAX_BODY_BYTES);
  });
});

describe('slow clients', () => {
  test('a connection that withholds its headers is answered 408 and closed once the header time-out passes', async () => {
    const { port, handled } = await startListener({ headersTimeoutMs: 1000 });
    const connection = await open(port);
    connection.send('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-amz-target: TrentService.ListKeys\r\n');
    await connection.waitClosed(10_000);
    assertAwsError(parseResponses(connection.received)[0], 408, 'RequestTimeoutException', 'Request headers were not received within 1 second.');
    assert.equal(handled.length, 0);
  });

  test('a connection that sends nothing at all is closed once the header time-out passes', async () => {
    const { port } = await startListener({ headersTimeoutMs: 1000 });
    const connection = await open(port);
    await connection.waitClosed(10_000);
  });

  test('headers dripped a byte at a time still end at the header time-out', async () => {
    const { port, handled } = await startListener({ headersTimeoutMs: 1000 });
    const connection = await open(port);
    const drip = setInterval(() => connection.send('x'), 50);
    connection.send('POST / HTTP/1.1\r\nx-long: ');
    try {
      await connection.waitClosed(10_000);
    } finally {
      clearInterval(drip);
    }
    assert.equal(handled.length, 0);
  });

  test('an idle keep-alive connection is not cut by the header time-out: it counts from the first byte of a request', async () => {
    const { port } = await startListener({ headersTimeoutMs: 1000 });
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await connection.waitResponses(1, 5_000);
    await sleep(2_500);
    assert.equal(connection.closed, false);
    connection.send(jsonRequest('{}'));
    const responses = await connection.waitResponses(2, 5_000);
    assert.equal(responses[1]!.status, 200);
  });

  test('a request whose body is withheld is answered 408 and closed once the body time-out passes', async () => {
    const { port, handled } = await startListener({ bodyTimeoutMs: 1000 });
    const connection = await open(port);
    const request = jsonRequest('{"Limit":5,"padding":"' + 'x'.repeat(80) + '"}');
    connection.send(request.slice(0, request.length - 40));
    await connection.waitClosed(10_000);
    assertAwsError(parseResponses(connection.received)[0], 408, 'RequestTimeoutException', 'Request body was not received within 1 second.');
    assert.equal(handled.length, 0);
  });

  test('a body dripped a byte at a time still ends at the body time-out (it bounds the whole body, not each pause)', async () => {
    const { port, handled } = await startListener({ bodyTimeoutMs: 1000 });
    const connection = await open(port);
    connection.send(jsonRequest('x'.repeat(10_000)).slice(0, -10_000));
    const drip = setInterval(() => connection.send('x'), 50);
    try {
      await connection.waitClosed(10_000);
    } finally {
      clearInterval(drip);
    }
    assertAwsError(parseResponses(connection.received)[0], 408, 'RequestTimeoutException', 'Request body was not received within 1 second.');
    assert.equal(handled.length, 0);
  });

  test('the default time-outs are a few seconds: a withheld header section and a withheld body are both cut off', async () => {
    const listener = new HttpListener({ maxConnections: 64, logError: () => undefined });
    started.push(listener);
    const { port } = await listener.listen(0, '127.0.0.1');
    listener.serve(echoHandler([]));
    const headers = await open(port);
    headers.send('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\n');
    const body = await open(port);
    body.send(jsonRequest('{"Limit":5}').slice(0, -3));
    await Promise.all([headers.waitClosed(15_000), body.waitClosed(15_000)]);
  });
});

describe('oversized requests', () => {
  test('a Content-Length over the limit is answered 413 at once, without reading the body', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('').replace('content-length: 0', 'content-length: 200000000') + 'x'.repeat(1024));
    const [response] = await connection.waitResponses(1, 5_000);
    assertAwsError(response, 413, 'SerializationException', 'Request body is larger than the maximum allowed size.');
    assert.equal(response!.headers.connection, 'close');
    await connection.waitClosed(5_000);
    assert.equal(handled.length, 0);
  });

  test('a chunked body that streams past the limit is answered 413 as soon as it passes, and the server stops reading', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(
      'POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/x-amz-json-1.1\r\nx-amz-target: TrentService.ListKeys\r\n' +
        'transfer-encoding: chunked\r\n\r\n',
    );
    const payload = Buffer.alloc(64 * 1024, 'x');
    const chunk = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n')]);
    // Never ends the body: only a server that answers before the end can answer at all.
    const flooding = connection.flood(chunk, 256 * 1024 * 1024);
    const [response] = await connection.waitResponses(1, 15_000);
    assertAwsError(response, 413, 'SerializationException', 'Request body is larger than the maximum allowed size.');
    await connection.waitClosed(10_000);
    await flooding;
    // What the client got into the kernel's buffers before the close, not anywhere near the 256 MiB it offered.
    assert.ok(connection.bytesWritten < 64 * 1024 * 1024, `the server read on: ${connection.bytesWritten} bytes`);
    assert.equal(handled.length, 0);
  });

  test('Expect: 100-continue over the limit is refused with 413 and no 100 Continue', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('', { headers: { expect: '100-continue' } }).replace('content-length: 0', 'content-length: 200000000'));
    const [response] = await connection.waitResponses(1, 5_000);
    assertAwsError(response, 413, 'SerializationException', 'Request body is larger than the maximum allowed size.');
    assert.doesNotMatch(connection.received, /100 Continue/);
    await connection.waitClosed(5_000);
    assert.equal(handled.length, 0);
  });

  test('Expect: 100-continue under the limit gets 100 Continue, then the answer to the body', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    const body = '{"Limit":5}';
    const request = jsonRequest(body, { headers: { expect: '100-continue' } });
    connection.send(request.slice(0, -body.length));
    const [interim] = await connection.waitResponses(1, 5_000);
    assert.equal(interim!.status, 100);
    connection.send(body);
    const responses = await connection.waitResponses(2, 5_000);
    assert.equal(responses[1]!.status, 200);
    assert.equal(handled[0]!.body.toString(), body);
  });

  test('any other expectation is refused with 417 in the JSON error shape', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('{}', { headers: { expect: 'something-else' } }));
    const [response] = await connection.waitResponses(1, 5_000);
    assertAwsError(response, 417, 'SerializationException', 'Only "Expect: 100-continue" is supported.');
    assert.equal(handled.length, 0);
  });
});

describe('malformed HTTP is answered in AWS JSON', () => {
  const cases: Array<[string, string]> = [
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header name with a space in it', 'POST / HTTP/1.1\r\nhost: x\r\nbad header: 1\r\n\r\n'],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n'],
    ['Content-Length together with chunked Transfer-Encoding (request smuggling)', 'POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a chunk size that is not hexadecimal', 'POST / HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
  ];
  for (const [what, bytes] of cases) {
    test(`${what} → 400 SerializationException`, async () => {
      const { port, handled } = await startListener();
      const connection = await open(port);
      connection.send(bytes);
      await connection.waitClosed(5_000);
      assertAwsError(parseResponses(connection.received)[0], 400, 'SerializationException', 'The request is not valid HTTP/1.1.');
      assert.equal(handled.length, 0);
    });
  }

  test('a malformed request after a good one on the same connection is answered after the good one', async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await connection.waitResponses(1, 5_000);
    connection.send('GARBAGE\r\n\r\n');
    await connection.waitClosed(5_000);
    const responses = parseResponses(connection.received);
    assert.equal(responses[0]!.status, 200);
    assertAwsError(responses[1], 400, 'SerializationException', 'The request is not valid HTTP/1.1.');
    assert.equal(handled.length, 1);
  });

  test('garbage right behind a good request, in the same packet, waits for the good request to be answered (RFC 9112 9.3.2)', async () => {
    const slowly: RequestHandler = {
      route: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return { status: 200, headers: {}, body: '{}' };
      },
    };
    const { port } = await startListener({}, slowly);
    const connection = await open(port);
    connection.send(jsonRequest('{}') + 'GARBAGE\r\n\r\n');
    await connection.waitClosed(5_000);
    const responses = parseResponses(connection.received);
    assert.equal(responses[0]!.status, 200);
    assertAwsError(responses[1], 400, 'SerializationException', 'The request is not valid HTTP/1.1.');
  });

  test("a header section over node's 16 KiB limit → 431 with the JSON body", async () => {
    const { port, handled } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('{}', { headers: { 'x-padding': 'p'.repeat(20_000) } }));
    await connection.waitClosed(5_000);
    assertAwsError(parseResponses(connection.received)[0], 431, 'SerializationException', 'Request header section is larger than 16384 bytes.');
    assert.equal(handled.length, 0);
  });
});

describe('the connection cap', () => {
  test('connections over the cap are closed without being served; a freed place serves again', async () => {
    const { port, handled } = await startListener({ maxConnections: 2 });
    const first = await open(port);
    const second = await open(port);
    // Each of the two has been served once, so the listener certainly holds both (idle, kept alive).
    first.send(jsonRequest('{}'));
    second.send(jsonRequest('{}'));
    await Promise.all([first.waitResponses(1, 5_000), second.waitResponses(1, 5_000)]);
    const third = await open(port);
    third.send(jsonRequest('{}'));
    await third.waitClosed(5_000);
    assert.equal(third.received, '');
    assert.equal(handled.length, 2);

    first.destroy();
    let served: RawResponse | undefined;
    for (let attempt = 0; attempt < 50 && served === undefined; attempt++) {
      const next = await open(port);
      next.send(jsonRequest('{}'));
      await next.waitUntil((c) => c.closed || parseResponses(c.received).length > 0, 5_000, 'an answer or a close');
      served = parseResponses(next.received)[0];
      if (served === undefined) await sleep(100);
    }
    assert.equal(served?.status, 200);
  });
});

describe('start: requests before the pipeline is wired', () => {
  test('a request that arrives before serve() is held, then answered by the handler', async () => {
    const handled: ApiRequest[] = [];
    const { listener, port } = await startListener({}, undefined, false);
    const connection = await open(port);
    connection.send(jsonRequest('{"Limit":5}'));
    await sleep(300);
    assert.equal(connection.received, '');
    assert.equal(connection.closed, false);
    listener.serve(echoHandler(handled));
    const [response] = await connection.waitResponses(1, 5_000);
    assert.equal(response!.status, 200);
    assert.equal(handled.length, 1);
  });

  test('a request held when the start fails is closed unanswered, never answered wrongly', async () => {
    const { listener, port } = await startListener({}, undefined, false);
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await sleep(100);
    await listener.close(0);
    await connection.waitClosed(5_000);
    assert.equal(connection.received, '');
  });
});

describe('bind', () => {
  let occupier: Server | undefined;
  afterEach(() => occupier?.close());

  test('a port in use fails with one clear line naming the address', async () => {
    occupier = createServer();
    const port = await new Promise<number>((resolve) => occupier!.listen(0, '127.0.0.1', () => resolve((occupier!.address() as { port: number }).port)));
    const listener = new HttpListener({ maxConnections: 64 });
    await assert.rejects(listener.listen(port, '127.0.0.1'), { message: `cannot listen on 127.0.0.1:${port}: address already in use` });
  });

  test('an address that is not on this host fails with one clear line naming it', async () => {
    const listener = new HttpListener({ maxConnections: 64 });
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a host.
    await assert.rejects(listener.listen(4599, '192.0.2.1'), { message: 'cannot listen on 192.0.2.1:4599: address not available on this host' });
  });
});

describe('shutdown', () => {
  function gate(): { wait: () => Promise<void>; open: () => void; entered: Promise<void> } {
    let release!: () => void;
    let enter!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => (enter = resolve));
    return {
      wait: () => {
        enter();
        return opened;
      },
      open: () => release(),
      entered,
    };
  }

  test('a request in flight when close() starts is answered, with Connection: close, and close() then resolves', async () => {
    const held = gate();
    const handled: ApiRequest[] = [];
    const { listener, port } = await startListener({}, echoHandler(handled, held.wait));
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await held.entered;
    const closing = listener.close(10_000);
    await sleep(100);
    held.open();
    const [response] = await connection.waitResponses(1, 5_000);
    assert.equal(response!.status, 200);
    assert.equal(response!.headers.connection, 'close');
    await connection.waitClosed(5_000);
    await closing;
  });

  test('a keep-alive client that keeps sending gets Connection: close on its next response, and close() does not wait for the grace', async () => {
    const { listener, port } = await startListener();
    const connection = await open(port);
    let closing: Promise<void> | undefined;
    const begun = Date.now();
    for (let sent = 1; !connection.closed && Date.now() - begun < 20_000; sent++) {
      connection.send(jsonRequest('{}'));
      await connection.waitUntil((c) => c.closed || parseResponses(c.received).length >= sent, 5_000, `response ${sent}`);
      if (sent === 20) closing = listener.close(60_000);
    }
    assert.ok(closing, 'close() was called');
    await connection.waitClosed(1_000);
    const responses = parseResponses(connection.received);
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(responses.at(-1)!.headers.connection, 'close');
    assert.ok(responses.length < 40, `served ${responses.length} requests after close()`);
    await closing;
  });

  test('an idle keep-alive connection is closed at once', async () => {
    const { listener, port } = await startListener();
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await connection.waitResponses(1, 5_000);
    const closing = listener.close(60_000);
    await connection.waitClosed(5_000);
    await closing;
  });

  test('a request still open when the grace ends is cut off, and close() resolves', async () => {
    const handled: ApiRequest[] = [];
    const { listener, port } = await startListener({}, echoHandler(handled, () => new Promise(() => undefined)));
    const connection = await open(port);
    connection.send(jsonRequest('{}'));
    await eventually(() => handled.length === 1, 5_000);
    const closing = listener.close(500);
    await connection.waitClosed(10_000);
    await closing;
  });

  test('connections accepted but not yet read when close() starts are answered, not reset', async () => {
    const { listener, port } = await startListener();
    const connections = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const connection = await open(port);
        connection.send(jsonRequest('{}'));
        return connection;
      }),
    );
    const closing = listener.close(10_000);
    for (const connection of connections) {
      const [response] = await connection.waitResponses(1, 5_000);
      assert.equal(response!.status, 200);
      assert.equal(response!.headers.connection, 'close');
      assert.equal(connection.error, undefined);
    }
    await closing;
  });

  test('after close() the port accepts no new connection', async () => {
    const { listener, port } = await startListener();
    await listener.close(10_000);
    await assert.rejects(RawConnection.open(port), { code: 'ECONNREFUSED' });
  });
});
