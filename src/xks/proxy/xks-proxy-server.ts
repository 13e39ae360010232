// The XKS proxy's listener: HTTPS, HTTP/2 or HTTP/1.1 (or, only when asked for, plain HTTP/1.1), one logical key
// store under one URI prefix.
// Each request goes through the spec's checks in order: route and prefix (404 InvalidUriPathException), method (405),
// SigV4 (401), body (400), then the key and its use (xks-handler.ts). Answers are compact one-line JSON; one log line
// per request carries our request id, KMS's request id and operation, the outcome and the time taken, never a
// plaintext. An unauthenticated `GET /ping` answers 200 for load balancers.

import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { zeroize } from '../../crypto/zeroize.js';
import { authenticate } from './authenticate.js';
import type { CredentialSet } from './credentials.js';
import { healthCheck } from './health-check.js';
import type { KeyBackend } from './key-backend.js';
import { XksProxyError } from './proxy-error.js';
import { loggableMetadata, validateRequest } from './request-body.js';
import { routeOf, type Route } from './route.js';
import { handleXksRequest } from './xks-handler.js';

/** The largest body read: far above any valid request (about 24 KiB at the size limits), far below a memory risk. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Open client connections at most. */
export const MAX_CONNECTIONS = 1024;

export interface ProxyTls {
  cert: Buffer;
  key: Buffer;
  /** Client certificates must chain to this CA (mTLS); none are asked for without it. */
  clientCa?: Buffer;
  /** With clientCa: the DNS name (or CN) the client certificate must carry, as AWS KMS's does. */
  clientName?: string;
}

export interface XksProxyOptions {
  host: string;
  port: number;
  /** '' or `/seg[/seg...]`: the API lives at `<prefix>/kms/xks/v1` (route.ts checkUriPrefix). */
  uriPrefix: string;
  /** The credentials in force; asked on every request, so a reload takes effect at once. */
  credentials: () => CredentialSet;
  backend: KeyBackend;
  /** Plain HTTP when undefined (the CLI only allows that with --insecure-http). */
  tls: ProxyTls | undefined;
  /** When set, the credential scope's region must be this one. */
  region?: string;
  proxyModel: string;
  log: (line: string) => void;
  now?: () => Date;
}

export interface RunningProxy {
  url: string;
  port: number;
  /** New certificate, key and client CA for the connections that follow (a renewed certificate, without a restart). */
  setTls(tls: ProxyTls): void;
  close(): Promise<void>;
}

export async function startXksProxy(options: XksProxyOptions): Promise<RunningProxy> {
  const prefixes = new Set([options.uriPrefix]);
  const health = healthCheck(options.backend, options.proxyModel);
  const now = options.now ?? (() => new Date());

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const [path = '', query = ''] = (req.url ?? '').split(/\?(.*)/s, 2);
    let route: Route | undefined;
    let body: Buffer | undefined;
    let status = 200;
    let errorName: string | undefined;
    let sensitive: Buffer[] = [];
    try {
      if (path === '/ping' && req.method === 'GET') return void sendText(res, 200, 'pong from openkms xks-proxy');
      route = routeOf(path, prefixes);
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        throw Object.assign(new XksProxyError('ValidationException', `the XKS APIs are called with POST, not ${req.method}`), { httpStatus: 405 });
      }
      body = await readBody(req);
      await authenticate({ method: 'POST', path, query, headers: signedHeadersOf(req), body }, options.credentials(), now(), options.region);
      const request = validateRequest(route.api, body);
      const handled = await handleXksRequest(request, route.externalKeyId, options.backend, health);
      sensitive = handled.sensitive;
      sendJson(res, 200, handled.response, requestId);
    } catch (error) {
      const failure = error instanceof XksProxyError ? error : new XksProxyError('InternalException', 'the proxy failed; see its log');
      if (!(error instanceof XksProxyError)) options.log(JSON.stringify({ requestId, level: 'error', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
      status = (error as { httpStatus?: number }).httpStatus ?? failure.status;
      errorName = failure.errorName;
      // HTTP/2 has no Connection header: there the stream ends with the answer.
      if ((error as { closeConnection?: boolean }).closeConnection === true && req.httpVersionMajor === 1) res.setHeader('connection', 'close');
      sendJson(res, status, failure.body(), requestId);
    } finally {
      zeroize(...sensitive);
      const metadata = body !== undefined ? loggableMetadata(body) : {};
      // The body carried the plaintext (in base64) of an encrypt: gone once the request is answered.
      zeroize(body);
      options.log(
        JSON.stringify({
          time: new Date().toISOString(),
          requestId,
          kmsRequestId: metadata.kmsRequestId,
          kmsOperation: metadata.kmsOperation,
          api: route?.api,
          externalKeyId: route?.externalKeyId,
          status,
          errorName,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        }),
      );
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  // HTTPS speaks HTTP/2 (AWS KMS may) and HTTP/1.1 on the same port; node's compatibility API gives both the same
  // request and response objects.
  const server: Server | Http2SecureServer =
    options.tls === undefined
      ? createHttpServer(listener)
      : createSecureServer({ ...tlsOptions(options.tls), allowHTTP1: true }, listener as unknown as Parameters<typeof createSecureServer>[1]);
  if (options.tls?.clientCa !== undefined && options.tls.clientName !== undefined) {
    const expected = options.tls.clientName;
    // The chain is checked by TLS itself (rejectUnauthorized); the name is ours to check, before any request is read.
    server.on('secureConnection', (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate() as PeerCertificate;
      if (checkServerIdentity(expected, peer) !== undefined && peer.subject?.CN !== expected) socket.destroy();
    });
  }
  // KMS keeps its connections alive; a client that opens many more than it needs is cut off here, not by memory.
  server.maxConnections = MAX_CONNECTIONS;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
  } else {
    // An idle HTTP/2 session or HTTP/1.1 connection of the secure server is closed after the keep-alive time.
    server.setTimeout(65_000);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://${host}:${port}`,
    port,
    setTls: (tls) => {
      if (!('setSecureContext' in server)) throw new Error('this proxy serves plain HTTP');
      server.setSecureContext(tlsOptions(tls));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** HTTP/2 carries the host in `:authority`; the signature covers it as `host` (as AWS KMS signs it). */
function signedHeadersOf(req: IncomingMessage): IncomingMessage['headers'] {
  const authority = req.headers[':authority'];
  if (req.headers.host !== undefined || typeof authority !== 'string') return req.headers;
  return { ...req.headers, host: authority };
}

function tlsOptions(tls: ProxyTls) {
  return {
    cert: tls.cert,
    key: tls.key,
    // The spec asks for TLS 1.2 or later; node's default suites include the forward-secret AES-256-GCM ones it names.
    minVersion: 'TLSv1.2' as const,
    ...(tls.clientCa !== undefined ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

/**
 * The body, at most MAX_BODY_BYTES. A longer one is refused before it is all read, and so before its signature can be
 * checked: UnsupportedOperationException (501, the spec's answer to a value over an implementation's limit), with the
 * connection closed.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(): XksProxyError {
  return Object.assign(new XksProxyError('UnsupportedOperationException', `the request body is larger than the ${MAX_BODY_BYTES} bytes this proxy reads`), {
    closeConnection: true,
  });
}

function sendJson(res: ServerResponse, status: number, body: object, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': requestId });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
