// Parses the presigned (query-string) form of SigV4: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature and X-Amz-Security-Token in the query.
import { IncompleteSignatureException } from '../api/errors.js';
import { checkScopeDate, parseCredential } from './credential-scope.js';
import { ALGORITHM, type ParsedSignature } from './parsed-signature.js';
import { firstParam, type QueryParams } from './query-params.js';
import { parseSignedHeaders, type RequestHeaders } from './signed-headers.js';
import { MAX_PRESIGNED_EXPIRES_SECONDS, requestDateTime } from './signing-time.js';

/** The parameters whose presence makes a request a presigned one. */
export const PRESIGNED_MARKERS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'] as const;

const REQUIRED = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

export function parsePresignedQuery(query: QueryParams, headers: RequestHeaders): ParsedSignature {
  const missing = REQUIRED.filter((name) => !firstParam(query, name));
  if (missing.length > 0) {
    throw new IncompleteSignatureException(
      missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ') +
        ' Re-examine the query-string parameters.',
    );
  }
  const value = (name: (typeof REQUIRED)[number]): string => firstParam(query, name) as string;
  if (value('X-Amz-Algorithm') !== ALGORITHM) {
    throw new IncompleteSignatureException(`X-Amz-Algorithm only supports '${ALGORITHM}'`);
  }
  const expiresSeconds = parseExpires(value('X-Amz-Expires'));
  const scope = parseCredential(value('X-Amz-Credential'));
  const { longDate, date } = requestDateTime(value('X-Amz-Date'), false);
  checkScopeDate(scope.scopeDate, longDate);
  return {
    form: 'query',
    credential: scope,
    longDate,
    signingDate: date,
    signedHeaders: parseSignedHeaders(value('X-Amz-SignedHeaders'), headers),
    signature: value('X-Amz-Signature'),
    securityToken: firstParam(query, 'X-Amz-Security-Token'),
    expiresSeconds,
    query,
  };
}

/** Limits as AWS's presigners enforce them: a whole number of seconds, at most one week. */
function parseExpires(text: string): number {
  if (/^-\d+$/.test(text)) throw new IncompleteSignatureException('X-Amz-Expires must be non-negative');
  if (!/^\d+$/.test(text)) throw new IncompleteSignatureException('X-Amz-Expires should be a number');
  const seconds = Number(text);
  if (seconds > MAX_PRESIGNED_EXPIRES_SECONDS) {
    throw new IncompleteSignatureException(
      `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES_SECONDS}`,
    );
  }
  return seconds;
}
