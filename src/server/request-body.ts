// Reads one request body under a size limit and a time limit, and stops reading the moment either is passed: a
// declared Content-Length over the limit is refused before a byte of the body is read.

import type { IncomingMessage } from 'node:http';

export type RequestBody =
  | { outcome: 'read'; body: Buffer }
  | { outcome: 'too-large' }
  | { outcome: 'timed-out' }
  /** The connection went away (or broke HTTP) before the body ended: there is no one left to answer. */
  | { outcome: 'aborted' };

export interface BodyLimits {
  maxBytes: number;
  /** From the end of the headers to the end of the body: bounds the whole body, not each pause in it. */
  timeoutMs: number;
}

/** The Content-Length the client declared (node has already refused a malformed one), or undefined for chunked bodies. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

export function readRequestBody(req: IncomingMessage, limits: BodyLimits): Promise<RequestBody> {
  // Errors after the outcome (the socket torn down while the answer is written) have nothing left to fail.
  req.on('error', () => undefined);
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limits.maxBytes) return Promise.resolve({ outcome: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: RequestBody) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      // Nothing more is read: the answer says Connection: close, and node closes the socket once it is written.
      if (result.outcome !== 'read') req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish({ outcome: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ outcome: 'read', body: Buffer.concat(chunks, size) });
    const onClose = () => finish({ outcome: 'aborted' });
    const timer = setTimeout(() => finish({ outcome: 'timed-out' }), limits.timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}
