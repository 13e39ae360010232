// The HTTP side of the server: reads each request body (with a size limit), hands it to the router, writes the answer,
// and on shutdown stops accepting connections while in-flight requests finish.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Router } from '../protocol/router.js';
import type { ApiRequest } from '../protocol/http-request.js';

/** Far above any valid KMS request (the largest blob member is 6144 bytes before base64). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpListener {
  readonly #server: Server;

  constructor(private readonly router: Router) {
    this.#server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => this.onRequest(req, res));
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve(this.#server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections, lets in-flight requests finish, then closes idle keep-alive connections. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (tooLarge) {
        res.writeHead(413, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), connection: 'close' });
        res.end(JSON.stringify({ __type: 'SerializationException', message: 'Request body is larger than the maximum allowed size.' }));
        return;
      }
      const url = req.url ?? '/';
      const queryAt = url.indexOf('?');
      const request: ApiRequest = {
        method: req.method ?? 'GET',
        path: queryAt === -1 ? url : url.slice(0, queryAt),
        query: queryAt === -1 ? '' : url.slice(queryAt + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress ?? '',
      };
      this.router.route(request).then(
        (response) => {
          res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
          res.end(response.body);
        },
        () => {
          // The router answers every failure itself; reaching here means the socket is gone.
          res.destroy();
        },
      );
    });
  }
}
