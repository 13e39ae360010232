// Sends the fuzzer's requests: HTTP POSTs signed with SigV4 by AWS's own signer (then possibly tampered with), and raw
// bytes on a TCP socket; each answer comes back with its status, headers, body and how long it took.

import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import type { Credentials } from '../support/authorization-fixture.js';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  elapsedMs: number;
}

/** What the fuzzer sends over HTTP; `sign` undefined sends it unsigned. */
export interface HttpCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  sign?: { credentials: Credentials; region: string; service: string; signingDate: Date };
  /** Sent instead of `body`, which the signature covers: a body changed after signing. */
  sentBody?: Buffer;
  /**
   * Applied to the signed headers: broken Authorization headers, dates, tokens. A value replaces the header (undefined
   * deletes it); a function gets the signed value and returns the one to send.
   */
  tamper?: Record<string, string | undefined | ((signed: string | undefined) => string | undefined)>;
}

/** Longer than any answer may take (the checks fail past 5 s), short enough that a hang ends the run. */
const GIVE_UP_MS = 15_000;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export async function signedHeaders(target: URL, c: HttpCase): Promise<Record<string, string>> {
  const headers: Record<string, string> = { host: target.host, ...c.headers };
  if (!c.sign) return headers;
  const signer = new SignatureV4({
    service: c.sign.service,
    region: c.sign.region,
    sha256: Hash.bind(null, 'sha256'),
    credentials: c.sign.credentials,
  });
  const unsigned = new HttpRequest({
    method: c.method,
    protocol: 'http:',
    hostname: target.hostname,
    port: Number(target.port),
    path: c.path.split('?')[0],
    query: Object.fromEntries(new URLSearchParams(c.path.split('?')[1] ?? '')),
    headers,
    body: c.body,
  });
  const signed = await signer.sign(unsigned, { signingDate: c.sign.signingDate });
  return signed.headers;
}

/** Sends one HTTP request on a kept-alive connection; a hang shows as elapsedMs past the give-up time, status 0. */
export async function sendHttp(url: string, c: HttpCase): Promise<Answer> {
  const target = new URL(url);
  const headers = await signedHeaders(target, c);
  for (const [name, change] of Object.entries(c.tamper ?? {})) {
    const existing = Object.keys(headers).filter((header) => header.toLowerCase() === name);
    const value = typeof change === 'function' ? change(existing.length ? headers[existing[0]!] : undefined) : change;
    for (const header of existing) delete headers[header];
    if (value !== undefined) headers[name] = value;
  }
  const body = c.sentBody ?? c.body;
  headers['content-length'] = String(body.length);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, host: target.hostname, port: Number(target.port), method: c.method, path: c.path, headers, timeout: GIVE_UP_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), elapsedMs: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 0, headers: {}, body: Buffer.alloc(0), elapsedMs: performance.now() - started });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface RawAnswer {
  /** Everything the server wrote before it closed the connection (or we gave up). */
  bytes: Buffer;
  /** The statuses of the HTTP answers in `bytes`, in order. */
  statuses: number[];
  elapsedMs: number;
  /** The server had not closed the connection `giveUpMs` after we stopped sending. */
  timedOut: boolean;
}

/** How long the connection stays quiet before we stop sending (Node's server drops answers to a half-closed socket). */
const QUIET_MS = 150;

/**
 * Writes `bytes` on a fresh TCP connection and waits for the server to answer: once it has been quiet for a moment
 * (or has said nothing for half a second), the connection is half-closed and read until the server closes it.
 */
export function sendRaw(url: string, bytes: Buffer, giveUpMs = GIVE_UP_MS): Promise<RawAnswer> {
  const target = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: target.hostname, port: Number(target.port) });
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    let giveUp: NodeJS.Timeout | undefined;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(quiet);
      clearTimeout(giveUp);
      socket.destroy();
      const all = Buffer.concat(chunks);
      const statuses = [...all.toString('latin1').matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      resolve({ bytes: all, statuses, elapsedMs: performance.now() - started, timedOut });
    };
    const stopSending = () => {
      if (done) return;
      socket.end();
      giveUp = setTimeout(() => finish(true), giveUpMs);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      clearTimeout(quiet);
      quiet = setTimeout(stopSending, QUIET_MS);
    });
    socket.on('close', () => finish(false));
    // A reset after the server answered and closed is an ending like any other.
    socket.on('error', () => finish(false));
    socket.write(bytes, () => {
      quiet ??= setTimeout(stopSending, 500);
    });
  });
}

export function closeConnections(): void {
  agent.destroy();
}
