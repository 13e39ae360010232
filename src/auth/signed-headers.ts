// The SignedHeaders list of a SigV4 signature: which request headers the client signed, checked
// against the request (host must be signed, every named header must exist) and their values.
import { IncompleteSignatureException, InvalidSignatureException } from '../api/errors.js';

/** Node's IncomingMessage.headers (or headersDistinct): lower-case names. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** The first value of a header that AWS reads once (authorization, x-amz-date, ...). */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * `list` is the `;`-separated SignedHeaders value. Signing `host` is what binds a signature to
 * this endpoint, so AWS refuses a signature without it; a named header missing from the request
 * could not have been signed as it is.
 */
export function parseSignedHeaders(list: string, headers: RequestHeaders): string[] {
  const names = list.toLowerCase().split(';').filter((name) => name !== '');
  if (!names.includes('host')) {
    throw new InvalidSignatureException("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  for (const name of names) {
    if (headers[name] === undefined) {
      throw new IncompleteSignatureException(`'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`);
    }
  }
  return names;
}

/**
 * The signed headers' values, as the canonical request takes them: a header sent several times
 * (an array, as in node's `headersDistinct`) becomes its values joined by commas, in order.
 */
export function signedHeaderValues(headers: RequestHeaders, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of names) {
    const value = headers[name];
    values[name] = typeof value === 'string' ? value : (value ?? []).join(',');
  }
  return values;
}
