// A raw TCP client for the listener's tests: writes exactly the bytes an attacker would (withheld headers, oversized or
// malformed requests) and records every byte the server answers and when it closes the connection.

import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class RawConnection {
  #received = '';
  #closed = false;
  #error: string | undefined;
  #waiters: Array<() => boolean> = [];
  /** Bytes this side managed to hand to the kernel before the connection closed. */
  bytesWritten = 0;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.#received += chunk;
      this.#wake();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#error = error.code ?? error.message;
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host);
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get received(): string {
    return this.#received;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The socket error this side saw, e.g. ECONNRESET (undefined for a clean close). */
  get error(): string | undefined {
    return this.#error;
  }

  send(data: string | Buffer): void {
    if (this.#closed || this.socket.destroyed) return;
    this.bytesWritten += typeof data === 'string' ? Buffer.byteLength(data, 'latin1') : data.length;
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Writes `chunk` again and again, as fast as the socket takes it, until the connection closes or `limitBytes` is written. */
  async flood(chunk: Buffer, limitBytes: number): Promise<void> {
    while (!this.#closed && !this.socket.destroyed && this.bytesWritten < limitBytes) {
      this.bytesWritten += chunk.length;
      if (!this.socket.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.socket.off('drain', done);
            this.socket.off('close', done);
            resolve();
          };
          this.socket.once('drain', done);
          this.socket.once('close', done);
        });
      }
    }
  }

  /** Resolves once `condition` holds (checked on every byte received and on close); fails after `timeoutMs`. */
  waitUntil(condition: (connection: RawConnection) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== check);
        reject(new Error(`${what}: not within ${timeoutMs} ms (closed: ${this.#closed}, received: ${JSON.stringify(this.#received.slice(0, 300))})`));
      }, timeoutMs);
      const check = () => {
        if (!condition(this)) return false;
        clearTimeout(timer);
        resolve();
        return true;
      };
      if (!check()) this.#waiters.push(check);
    });
  }

  /** Resolves once the server has closed the connection; fails after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<void> {
    return this.waitUntil((connection) => connection.closed, timeoutMs, 'the server closes the connection');
  }

  /** Resolves once `count` complete responses have arrived; fails after `timeoutMs`. */
  async waitResponses(count: number, timeoutMs: number): Promise<RawResponse[]> {
    await this.waitUntil((connection) => parseResponses(connection.received).length >= count, timeoutMs, `${count} response(s)`);
    return parseResponses(this.#received);
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((waiter) => !waiter());
  }
}

/** The complete HTTP/1.1 responses in `text`, interim ones (100 Continue) included; bodies framed by Content-Length. */
export function parseResponses(text: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < text.length) {
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd === -1) break;
    const [statusLine, ...headerLines] = text.slice(at, headEnd).split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? NaN);
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = status >= 200 ? Number(headers['content-length'] ?? 0) : 0;
    const bodyStart = headEnd + 4;
    if (text.length < bodyStart + length) break;
    responses.push({ status, headers, body: text.slice(bodyStart, bodyStart + length) });
    at = bodyStart + length;
  }
  return responses;
}

/** A complete request with a JSON body, as the SDKs send it (keep-alive unless `close`). */
export function jsonRequest(body = '{}', options: { close?: boolean; path?: string; headers?: Record<string, string> } = {}): string {
  const headers = {
    host: '127.0.0.1',
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'TrentService.ListKeys',
    'content-length': String(Buffer.byteLength(body)),
    ...(options.close ? { connection: 'close' } : {}),
    ...options.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `POST ${options.path ?? '/'} HTTP/1.1\r\n${head}\r\n${body}`;
}
