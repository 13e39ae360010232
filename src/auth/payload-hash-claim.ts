// A KMS request is its body: the signature must cover the body's SHA-256 hash. A request that claims an unsigned or
// streamed payload (`x-amz-content-sha256: UNSIGNED-PAYLOAD` or `STREAMING-…`, as S3 clients send) is refused, in the
// header and the presigned form alike, so that a presigned URL cannot carry a body of the holder's choosing.
import { InvalidSignatureException } from '../api/errors.js';
import type { QueryParams } from './query-params.js';
import type { RequestHeaders } from './signed-headers.js';

const CONTENT_SHA256 = 'x-amz-content-sha256';

/**
 * Throws InvalidSignatureException when the request names an unsigned or streaming payload in its
 * x-amz-content-sha256 header or query parameter (presigners hoist that header into the query).
 * Any other value needs no check here: the signature is recomputed over the body's real hash.
 */
export function assertPayloadSigned(headers: RequestHeaders, query: QueryParams): void {
  for (const claim of payloadHashClaims(headers, query)) {
    if (claim === 'UNSIGNED-PAYLOAD' || claim.startsWith('STREAMING-')) {
      throw new InvalidSignatureException(
        `The payload hash '${claim}' is not accepted: a KMS request must sign the SHA-256 hash of its body in x-amz-content-sha256.`,
      );
    }
  }
}

function* payloadHashClaims(headers: RequestHeaders, query: QueryParams): Generator<string> {
  const header = headers[CONTENT_SHA256];
  if (typeof header === 'string') yield header.trim();
  else if (header !== undefined) for (const value of header) yield value.trim();
  for (const name in query) {
    if (name.length !== CONTENT_SHA256.length || name.toLowerCase() !== CONTENT_SHA256) continue;
    const value = query[name]!;
    if (typeof value === 'string') yield value.trim();
    else for (const each of value) yield each.trim();
  }
}
