// Parses the header form of SigV4, `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=...` with X-Amz-Date (or Date), raising AWS's IncompleteSignatureException texts.
import { IncompleteSignatureException } from '../api/errors.js';
import { checkScopeDate, parseCredential } from './credential-scope.js';
import { ALGORITHM, type ParsedSignature } from './parsed-signature.js';
import type { QueryParams } from './query-params.js';
import { headerValue, parseSignedHeaders, type RequestHeaders } from './signed-headers.js';
import { requestDateTime } from './signing-time.js';

/**
 * AWS splits the parameters on commas and whitespace, so a stray space inside the credential
 * surfaces as "'/20150830/...' not a valid key=value pair (missing equal-sign)".
 */
const PARAMETER_SEPARATOR = /[\s,]+/;

interface AuthorizationParameters {
  credential?: string;
  signedHeaders?: string;
  signature?: string;
}

export function parseAuthorizationHeader(
  authorization: string,
  headers: RequestHeaders,
  query: QueryParams,
): ParsedSignature {
  const { credential, signedHeaders, signature } = readParameters(authorization);
  const amzDate = headerValue(headers, 'x-amz-date');
  const dateValue = amzDate ?? headerValue(headers, 'date');
  if (!credential || !signature || !signedHeaders || dateValue === undefined) {
    const problems: string[] = [];
    if (!credential) problems.push("Authorization header requires 'Credential' parameter.");
    if (!signature) problems.push("Authorization header requires 'Signature' parameter.");
    if (!signedHeaders) problems.push("Authorization header requires 'SignedHeaders' parameter.");
    if (dateValue === undefined) {
      problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    throw new IncompleteSignatureException(`${problems.join(' ')} Authorization=${authorization}`);
  }

  const scope = parseCredential(credential);
  const { longDate, date } = requestDateTime(dateValue, amzDate === undefined);
  checkScopeDate(scope.scopeDate, longDate);
  return {
    form: 'header',
    credential: scope,
    longDate,
    signingDate: date,
    signedHeaders: parseSignedHeaders(signedHeaders, headers),
    signature,
    securityToken: headerValue(headers, 'x-amz-security-token'),
    expiresSeconds: undefined,
    query,
  };
}

/**
 * Credential, SignedHeaders and Signature after the algorithm. Another scheme (`AWS AKID:sig` of
 * SigV2, a bearer token) yields none of them, which is how AWS reports it.
 */
function readParameters(authorization: string): AuthorizationParameters {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  if (space === -1 || trimmed.slice(0, space) !== ALGORITHM) return {};
  const parameters: AuthorizationParameters = {};
  for (const token of trimmed.slice(space + 1).split(PARAMETER_SEPARATOR)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq === -1) {
      throw new IncompleteSignatureException(
        `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
      );
    }
    const name = token.slice(0, eq);
    if (name === 'Credential') parameters.credential = token.slice(eq + 1);
    else if (name === 'SignedHeaders') parameters.signedHeaders = token.slice(eq + 1);
    else if (name === 'Signature') parameters.signature = token.slice(eq + 1);
  }
  return parameters;
}
