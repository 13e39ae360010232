// What went wrong in one call to an XKS proxy, in the categories AWS KMS tells apart (docs/external-key-stores.md,
// the error table): the proxy's own error name, no connection, a failed TLS handshake, no answer in time, or an answer
// that cannot be interpreted. The proxy's errorMessage is never kept: KMS never shows it to its caller.

import type { XksErrorName } from './xks-messages.js';

export type XksFailure =
  | { kind: 'proxy-error'; errorName: XksErrorName }
  | { kind: 'unreachable' }
  | { kind: 'tls' }
  | { kind: 'timeout' }
  | { kind: 'invalid-response' }
  /** A checked answer that cannot be used: every key manager UNAVAILABLE (health). */
  | { kind: 'unhealthy' };

export class XksCallError extends Error {
  override readonly name = 'XksCallError';
  constructor(
    readonly failure: XksFailure,
    detail: string,
  ) {
    super(`XKS proxy call failed (${failure.kind === 'proxy-error' ? failure.errorName : failure.kind}): ${detail}`);
  }
}

export function invalidResponse(detail: string): XksCallError {
  return new XksCallError({ kind: 'invalid-response' }, detail);
}
