// The answers the listener gives itself, before any request reaches the router (oversized or slow requests, refused
// expectations, HTTP that does not parse), in AWS's JSON error shape like every other error (docs/kms-behaviour.md 8.3).
//
// They keep HTTP's status (408, 413, 417, 431, 400) rather than KMS's uniform 400: the status is what tells a client,
// or a proxy in front of openkms, that the request never reached the API. The `__type` is SerializationException, the
// AWS JSON protocol's name for "this request could not be read" (as for a body that is not JSON); that makes SDKs
// raise it as a non-retryable client error, which is right, because sending the same bytes again fails again. Time-outs
// are the exception: RequestTimeoutException, which SDKs retry, since a stalled network may well do better next time.

import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { RequestTimeoutException, SerializationException, type KmsError } from '../api/errors.js';
import { errorToWire } from '../protocol/error-response.js';

export interface ListenerAnswer {
  status: number;
  error: KmsError;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

export function bodyTooLarge(): ListenerAnswer {
  return { status: 413, error: new SerializationException('Request body is larger than the maximum allowed size.') };
}

export function bodyTimedOut(timeoutMs: number): ListenerAnswer {
  return { status: 408, error: new RequestTimeoutException(`Request body was not received within ${seconds(timeoutMs)}.`) };
}

export function headersTimedOut(timeoutMs: number): ListenerAnswer {
  return { status: 408, error: new RequestTimeoutException(`Request headers were not received within ${seconds(timeoutMs)}.`) };
}

export function expectationFailed(): ListenerAnswer {
  return { status: 417, error: new SerializationException('Only "Expect: 100-continue" is supported.') };
}

/**
 * What to answer a connection whose bytes node's HTTP parser refused (the `clientError` event), by node's error code;
 * undefined for a connection that broke (reset, closed) and can be answered no more.
 */
export function malformedRequest(error: NodeJS.ErrnoException, maxHeaderBytes: number): ListenerAnswer | undefined {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, error: new SerializationException(`Request header section is larger than ${maxHeaderBytes} bytes.`) };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, error: new SerializationException('Request chunk extensions are larger than the maximum allowed size.') };
    default:
      return error.code?.startsWith('HPE_') ? { status: 400, error: new SerializationException('The request is not valid HTTP/1.1.') } : undefined;
  }
}

/** The answer on a response node has not started yet; the connection closes after it, because the rest of the request is unread. */
export function writeAnswer(res: ServerResponse, answer: ListenerAnswer): void {
  const { body } = errorToWire(answer.error);
  res.writeHead(answer.status, { ...answerHeaders(), 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** The answer written straight to a socket node's parser gave up on (no ServerResponse exists), which is then closed. */
export function writeRawAnswer(socket: Duplex, answer: ListenerAnswer): void {
  const { body } = errorToWire(answer.error);
  const headers = { ...answerHeaders(), date: new Date().toUTCString(), 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.write(`HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? ''}\r\n${head}\r\n${body}`);
}

function answerHeaders(): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() };
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${value} second${value === 1 ? '' : 's'}`;
}
