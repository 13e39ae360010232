// Recomputes a SigV4 signature: the canonical request (canonical-request.ts), its SHA-256, and one
// HMAC of the string to sign under a derived signing key cached per access key, secret and scope.
// Synchronous and over node's native crypto; reference-signature-calculator.test-helper.ts does the
// same through AWS's @smithy/signature-v4, and the tests hold the two to the same answers.
import { createHash, createHmac } from 'node:crypto';
import { canonicalRequest } from './canonical-request.js';
import type { CredentialScope } from './credential-scope.js';
import { ALGORITHM } from './parsed-signature.js';
import type { QueryParams } from './query-params.js';

/** What the client signed, reassembled from the request and its parsed signature. */
export interface SignedContent {
  method: string;
  /** The raw request path; it is normalized and URI-encoded a second time. */
  path: string;
  query: QueryParams;
  /** Only the signed headers, by lower-case name. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body: KMS requests always sign their body (auth/payload-hash-claim.ts). */
  payloadHash: string;
  longDate: string;
  credential: CredentialScope;
}

/**
 * Derived keys by access key and scope (date, Region, service). Deriving costs four HMACs; a
 * client signs with the same scope all day, so a hit leaves one HMAC per request. The entry keeps
 * the secret it was derived from and is used only for that same secret, so a key whose secret
 * changed (or an id re-created with a new secret) derives afresh: no invalidation message is needed,
 * which also holds across --workers processes, each with its own cache. Whether the key is still
 * active is decided per request by the authenticator, before the signature is checked. Bounded:
 * the oldest entry goes first, so a client cycling scopes costs only re-derivation. Never logged.
 */
export const MAX_CACHED_SIGNING_KEYS = 1024;
const signingKeys = new Map<string, { secretAccessKey: string; key: Buffer }>();

export function signingKeyFor(credential: CredentialScope, secretAccessKey: string): Buffer {
  const cacheKey = `${credential.accessKeyId}/${credential.scope}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined && cached.secretAccessKey === secretAccessKey) return cached.key;
  const key = deriveSigningKey(secretAccessKey, credential);
  signingKeys.delete(cacheKey);
  if (signingKeys.size >= MAX_CACHED_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value as string);
  signingKeys.set(cacheKey, { secretAccessKey, key });
  return key;
}

/** For tests: how many derived keys are held. */
export function cachedSigningKeyCount(): number {
  return signingKeys.size;
}

function deriveSigningKey(secretAccessKey: string, credential: CredentialScope): Buffer {
  const dateKey = createHmac('sha256', `AWS4${secretAccessKey}`).update(credential.scopeDate).digest();
  const regionKey = createHmac('sha256', dateKey).update(credential.region).digest();
  const serviceKey = createHmac('sha256', regionKey).update(credential.service).digest();
  return createHmac('sha256', serviceKey).update('aws4_request').digest();
}

export function buildCanonicalRequest(content: SignedContent): string {
  return canonicalRequest(content);
}

export function buildStringToSign(content: SignedContent, canonical: string = canonicalRequest(content)): string {
  const hashed = createHash('sha256').update(canonical).digest('hex');
  return `${ALGORITHM}\n${content.longDate}\n${content.credential.scope}\n${hashed}`;
}

/** The lower-case hex signature that `secretAccessKey` gives `content`. */
export function computeSignature(content: SignedContent, secretAccessKey: string): string {
  const signingKey = signingKeyFor(content.credential, secretAccessKey);
  return createHmac('sha256', signingKey).update(buildStringToSign(content)).digest('hex');
}

/** The payload line of the canonical request: the body's own hash, whatever the request claims it is. */
export function payloadHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
