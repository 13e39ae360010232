// Which operation a KMS or CloudTrail request names, taken only from what its signature covers: the X-Amz-Target
// header when it is a signed header, or the X-Amz-Target query parameter of a presigned request (the query string is
// always signed). An unsigned target could turn one signed request into another operation.
import { InvalidSignatureException } from '../api/errors.js';
import { parseQueryParams } from '../auth/query-params.js';
import type { SignatureClaims } from '../auth/sigv4.js';
import type { ApiRequest } from './http-request.js';

const TARGET = 'x-amz-target';

/**
 * The target to route by. A presigned request carries it in the query (signers hoist X-Amz-* headers there); when the
 * query names one, it is the one used, and a header that says otherwise is refused once the request authenticates.
 */
export function requestTarget(request: ApiRequest): string | undefined {
  return queryTarget(request) ?? headerTarget(request);
}

/**
 * After authentication: the routed target must be signed. Refused with InvalidSignatureException when the header
 * form does not list x-amz-target among its SignedHeaders (as AWS refuses an unsigned Host), or when an X-Amz-Target
 * header contradicts the signed query parameter.
 */
export function assertTargetSigned(request: ApiRequest, claims: Pick<SignatureClaims, 'signedHeaders'>): void {
  const fromQuery = queryTarget(request);
  const fromHeader = headerTarget(request);
  if (fromQuery !== undefined) {
    if (fromHeader !== undefined && fromHeader !== fromQuery) {
      throw new InvalidSignatureException("The 'X-Amz-Target' header does not match the signed 'X-Amz-Target' query parameter.");
    }
    return;
  }
  if (!claims.signedHeaders.includes(TARGET)) {
    throw new InvalidSignatureException("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
  }
}

function headerTarget(request: ApiRequest): string | undefined {
  const header = request.headers[TARGET];
  return Array.isArray(header) ? header.join(',') : header;
}

function queryTarget(request: ApiRequest): string | undefined {
  if (request.query === '') return undefined;
  // Decoded exactly as the signature check decodes the query; every X-Amz-Target parameter counts, so a second one
  // cannot pass unnoticed.
  const params = parseQueryParams(request.query);
  const values: string[] = [];
  for (const name in params) if (name.toLowerCase() === TARGET) values.push(...[params[name]!].flat());
  return values.length === 0 ? undefined : values.join(',');
}
