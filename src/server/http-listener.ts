// The HTTP side of the server: binds the port, turns each request into an ApiRequest for the router and writes its
// answer, under limits that hold against abusive clients; and on shutdown drains its connections within a grace period.

import { createServer, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiRequest, CallSummary } from '../protocol/http-request.js';
import { ConnectionDrain } from './connection-drain.js';
import {
  bodyTimedOut,
  bodyTooLarge,
  expectationFailed,
  headersTimedOut,
  malformedRequest,
  writeAnswer,
  writeRawAnswer,
} from './listener-answer.js';
import { declaredLength, readRequestBody } from './request-body.js';

/** Far above any valid KMS request (the largest blob member is 6144 bytes before base64). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The SDKs send a request's headers and body in one go, and the largest valid KMS request is about 10 KB: a few
 * seconds each is ample even on a poor link, and short enough that a client cannot hold a connection (one of
 * `maxConnections`) by sending nothing, or a byte at a time. Node's defaults are 60 s and 300 s.
 */
export const HEADERS_TIMEOUT_MS = 5_000;
export const BODY_TIMEOUT_MS = 5_000;

/** Above the 60 s idle time-out of common load balancers, so that they, not we, close idle connections. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** How often node looks for connections past the header time-out (its default, 30 s, would stretch 5 s to 35 s). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** An answer to write: the API's are JSON or XML text, the console's files are bytes. */
export interface ListenerResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** The API call it answered, for the request log and the metrics (ops-route.ts); never written to the client. */
  call?: CallSummary;
}

export interface RequestHandler {
  route(request: ApiRequest): Promise<ListenerResponse>;
}

export interface HttpListenerOptions {
  /** Connections open at once, idle keep-alive ones included; one more is closed before any of it is read. */
  maxConnections: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  logError?: (message: string, error: unknown) => void;
  /** Serve HTTPS with this PEM certificate chain and key (tls-files.ts reads them); plain HTTP without. */
  tls?: TlsIdentity;
}

/** A certificate chain and its private key, PEM. */
export interface TlsIdentity {
  cert: Buffer;
  key: Buffer;
}

export class HttpListener {
  readonly #server: Server;
  readonly #drain = new ConnectionDrain();
  readonly #options: Required<Omit<HttpListenerOptions, 'tls'>>;
  readonly #tls: boolean;
  readonly #handler: Promise<RequestHandler>;
  #provideHandler!: (handler: RequestHandler) => void;
  #closing: Promise<void> | undefined;

  constructor(options: HttpListenerOptions) {
    const { tls, ...rest } = options;
    this.#options = { headersTimeoutMs: HEADERS_TIMEOUT_MS, bodyTimeoutMs: BODY_TIMEOUT_MS, logError: () => undefined, ...rest };
    this.#tls = tls !== undefined;
    this.#handler = new Promise((resolve) => (this.#provideHandler = resolve));
    const { headersTimeoutMs, bodyTimeoutMs } = this.#options;
    const httpOptions = {
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      headersTimeout: headersTimeoutMs,
      // A backstop only: the body's own time-out (request-body.ts) ends a slow body first, with a clearer answer.
      requestTimeout: headersTimeoutMs + bodyTimeoutMs + TIMEOUT_CHECK_INTERVAL_MS,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, headersTimeoutMs),
    };
    const onRequest = (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res);
    // With TLS the same HTTP server runs over TLS sockets: limits, drain and answers are the same.
    this.#server = tls
      ? (createTlsServer({ ...httpOptions, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2', handshakeTimeout: headersTimeoutMs }, onRequest) as unknown as Server)
      : createServer(httpOptions, onRequest);
    // With TLS, a connection counts once its handshake is done (the socket requests arrive on is the TLS one, which
    // the drain tracks); handshakes themselves are bounded by handshakeTimeout, and failed ones are dropped silently.
    this.#server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => this.#onConnection(socket));
    if (tls) this.#server.on('tlsClientError', (_error: Error, socket: Duplex) => socket.destroy());
    this.#server.on('checkContinue', (req, res) => this.#onCheckContinue(req, res));
    this.#server.on('checkExpectation', (req, res) => {
      this.#drain.track(req.socket, res);
      writeAnswer(res, expectationFailed());
    });
    this.#server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => this.#onClientError(error, socket));
  }

  /** Binds `host:port`; a failure says which address and why in one line (e.g. "address already in use"). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${hostAndPort(host, port)}: ${whyNotListening(error)}`));
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        // Later errors (accept failing for want of file descriptors) must not take the process down.
        this.#server.on('error', (error) => this.#options.logError('HTTP listener error', error));
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /**
   * Starts answering with `handler`. The port is bound before storage is opened, so a request may arrive before
   * there is a pipeline to answer it: it is read and then held, unanswered, until this is called.
   */
  serve(handler: RequestHandler): void {
    this.#provideHandler(handler);
  }

  /**
   * Stops accepting connections, answers what is in flight (with Connection: close, so that no keep-alive connection
   * is reused), closes idle connections, and destroys whatever is still open after `graceMs`.
   */
  get scheme(): 'http' | 'https' {
    return this.#tls ? 'https' : 'http';
  }

  /** Takes a new certificate and key for the connections that follow (SIGHUP); open connections keep theirs. */
  reloadTls(identity: TlsIdentity): void {
    if (!this.#tls) throw new Error('the listener does not serve TLS');
    (this.#server as unknown as TlsServer).setSecureContext({ cert: identity.cert, key: identity.key });
  }

  /** Shutdown has begun (GET /ready then answers 503). */
  get draining(): boolean {
    return this.#drain.draining;
  }

  close(graceMs: number): Promise<void> {
    return (this.#closing ??= this.#drain.drain(this.#server, graceMs));
  }

  #onConnection(socket: Socket): void {
    // Over the cap, a connection is closed before any of it is read: the SDKs retry a reset connection with back-off.
    this.#drain.accept(socket, this.#options.maxConnections);
  }

  /** A client that asks before sending its body must not be invited to send more than would be read (RFC 9110 10.1.1). */
  #onCheckContinue(req: IncomingMessage, res: ServerResponse): void {
    const declared = declaredLength(req);
    if (declared !== undefined && declared > MAX_BODY_BYTES) {
      this.#drain.track(req.socket, res);
      writeAnswer(res, bodyTooLarge());
      return;
    }
    res.writeContinue();
    this.#onRequest(req, res);
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.#drain.track(req.socket, res);
    this.#drain.trackWork(
      this.#answer(req, res).catch((error: unknown) => {
        this.#options.logError('HTTP listener failed to answer', error);
        res.destroy();
      }),
    );
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readRequestBody(req, { maxBytes: MAX_BODY_BYTES, timeoutMs: this.#options.bodyTimeoutMs });
    if (read.outcome === 'aborted') return;
    if (read.outcome === 'too-large') return writeAnswer(res, bodyTooLarge());
    if (read.outcome === 'timed-out') return writeAnswer(res, bodyTimedOut(this.#options.bodyTimeoutMs));
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const request: ApiRequest = {
      method: req.method ?? 'GET',
      path: queryAt === -1 ? url : url.slice(0, queryAt),
      query: queryAt === -1 ? '' : url.slice(queryAt + 1),
      headers: req.headers,
      body: read.body,
      sourceIp: req.socket.remoteAddress ?? '',
    };
    const handler = await this.#handler;
    let response: ListenerResponse;
    try {
      response = await handler.route(request);
    } catch {
      // The router answers every failure itself; reaching here means the socket is gone.
      res.destroy();
      return;
    }
    if (res.destroyed) return;
    const headers: Record<string, string | number> = { ...response.headers, 'content-length': Buffer.byteLength(response.body) };
    if (this.#drain.draining) headers.connection = 'close';
    res.writeHead(response.status, headers);
    res.end(response.body);
  }

  /** Node's parser refused the bytes, or their headers came too slowly: answer in AWS's shape if still possible, then close. */
  #onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
    const answer =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? this.#drain.hasResponseInFlight(socket)
          ? bodyTimedOut(this.#options.bodyTimeoutMs)
          : headersTimedOut(this.#options.headersTimeoutMs)
        : malformedRequest(error, maxHeaderSize);
    if (error.code !== 'ERR_HTTP_REQUEST_TIMEOUT' && this.#drain.hasCompleteRequestInFlight(socket)) {
      // Garbage after a valid request on the same connection: answers go in the order of the requests (RFC 9112
      // section 9.3.2), so the valid request is answered first, and only then the garbage, before the connection closes.
      void this.#drain.afterResponses(socket).then(() => {
        if (answer !== undefined && socket.writable) writeRawAnswer(socket, answer);
        socket.destroy();
      });
      return;
    }
    if (answer !== undefined && socket.writable && this.#drain.canWriteRaw(socket)) writeRawAnswer(socket, answer);
    socket.destroy();
  }
}

function hostAndPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function whyNotListening(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'address already in use';
    case 'EADDRNOTAVAIL':
      return 'address not available on this host';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host';
    default:
      return error.code ?? error.message;
  }
}
