// Verifies AWS SigV4 requests (Authorization header or presigned query): parseSignature reads what
// the request claims, the caller looks up the secret, verifySignature recomputes and compares.
import { timingSafeEqual } from 'node:crypto';
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
} from '../api/errors.js';
import { parseAuthorizationHeader } from './parse-authorization-header.js';
import { assertPayloadSigned } from './payload-hash-claim.js';
import { parsePresignedQuery, PRESIGNED_MARKERS } from './parse-presigned-query.js';
import type { ParsedSignature } from './parsed-signature.js';
import { parseQueryParams } from './query-params.js';
import {
  buildCanonicalRequest,
  buildStringToSign,
  computeSignature,
  payloadHash,
  type SignedContent,
} from './signature-calculator.js';
import { headerValue, signedHeaderValues, type RequestHeaders } from './signed-headers.js';
import { checkSigningTime } from './signing-time.js';

/** For the caller: refuse a credential scoped to a service this endpoint does not serve. */
export { checkScopeService } from './credential-scope.js';

export interface IncomingSignedRequest {
  method: string;
  /** Raw path without the query, e.g. `/`. */
  path: string;
  /** Raw query string without `?`; `''` when there is none. */
  query: string;
  /**
   * node's IncomingMessage.headers (lower-case names). `headersDistinct` also works and is exact
   * for a signed header sent more than once (node joins repeats with ", ", AWS with ",").
   */
  headers: RequestHeaders;
  body: Buffer;
}

/** What the request says about itself, parsed before the secret is known. */
export interface SignatureClaims {
  accessKeyId: string;
  /** From the credential scope; any region name is accepted. */
  region: string;
  /** From the credential scope (`kms`, `sts`, ...): the caller checks it is one it serves. */
  service: string;
  signingDate: Date;
  securityToken?: string;
  form: 'header' | 'query';
  /** The lower-case names of the headers the signature covers (the query string is always covered). */
  signedHeaders: readonly string[];
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** The parsed signature travels with the claims, out of sight of enumeration and deepEqual. */
const PARSED = Symbol('openkms.sigv4.parsed');
type ClaimsWithParsed = SignatureClaims & { [PARSED]?: ParsedSignature };

/**
 * Throws MissingAuthenticationTokenException (no signature at all), IncompleteSignatureException
 * (a malformed one) or InvalidSignatureException (a scope that cannot match), kms-behaviour.md 8.3.
 */
export function parseSignature(req: IncomingSignedRequest): SignatureClaims {
  const parsed = parseRequestSignature(req);
  const claims: ClaimsWithParsed = {
    accessKeyId: parsed.credential.accessKeyId,
    region: parsed.credential.region,
    service: parsed.credential.service,
    signingDate: parsed.signingDate,
    form: parsed.form,
    signedHeaders: parsed.signedHeaders,
  };
  if (parsed.securityToken !== undefined) claims.securityToken = parsed.securityToken;
  Object.defineProperty(claims, PARSED, { value: parsed, enumerable: false });
  return claims;
}

/**
 * Resolves when `secretAccessKey` signed `req` within the allowed time; otherwise throws
 * InvalidSignatureException ("Signature expired: ...", or the signature mismatch message).
 */
export async function verifySignature(
  req: IncomingSignedRequest,
  claims: SignatureClaims,
  secretAccessKey: string,
  now: Date,
): Promise<void> {
  const parsed = parsedOf(req, claims);
  checkSigningTime(parsed.signingDate, parsed.longDate, now, parsed.expiresSeconds);
  const expected = computeSignature(signedContentOf(req, parsed), secretAccessKey);
  if (!sameSignature(expected, parsed.signature)) {
    throw new InvalidSignatureException(SIGNATURE_MISMATCH_MESSAGE);
  }
}

/**
 * The canonical request and string to sign that verification compares against: what AWS prints
 * when a signature does not match, for diagnosing a client. Contains no secret.
 */
export async function signedStrings(
  req: IncomingSignedRequest,
  claims: SignatureClaims,
): Promise<{ canonicalRequest: string; stringToSign: string }> {
  const content = signedContentOf(req, parsedOf(req, claims));
  const canonicalRequest = buildCanonicalRequest(content);
  return { canonicalRequest, stringToSign: buildStringToSign(content, canonicalRequest) };
}

function parsedOf(req: IncomingSignedRequest, claims: SignatureClaims): ParsedSignature {
  return (claims as ClaimsWithParsed)[PARSED] ?? parseRequestSignature(req);
}

function signedContentOf(req: IncomingSignedRequest, parsed: ParsedSignature): SignedContent {
  return {
    method: req.method,
    path: req.path,
    query: parsed.query,
    headers: signedHeaderValues(req.headers, parsed.signedHeaders),
    payloadHash: payloadHash(req.body),
    longDate: parsed.longDate,
    credential: parsed.credential,
  };
}

function parseRequestSignature(req: IncomingSignedRequest): ParsedSignature {
  const authorization = headerValue(req.headers, 'authorization');
  const query = parseQueryParams(req.query);
  const presigned = PRESIGNED_MARKERS.some((name) => query[name] !== undefined);
  if (authorization !== undefined && presigned) {
    throw new IncompleteSignatureException(
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  }
  if (authorization === undefined && !presigned) throw new MissingAuthenticationTokenException('Missing Authentication Token');
  assertPayloadSigned(req.headers, query);
  return authorization !== undefined ? parseAuthorizationHeader(authorization, req.headers, query) : parsePresignedQuery(query, req.headers);
}

/** Constant time over the signature's bytes; only a length difference returns early. */
function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
