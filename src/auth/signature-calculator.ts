// Recomputes a SigV4 signature with AWS's own signer library (@smithy/signature-v4): its canonical
// path, query and header rules, string to sign and cached key derivation, over node's native SHA-256.
import { createHash, createHmac } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import type { HttpRequest } from '@smithy/protocol-http';
import {
  ALGORITHM_IDENTIFIER,
  getCanonicalHeaders,
  getSigningKey,
  SignatureV4Base,
} from '@smithy/signature-v4';
import type { CredentialScope } from './credential-scope.js';
import type { QueryParams } from './query-params.js';

/** What the client signed, reassembled from the request and its parsed signature. */
export interface SignedContent {
  method: string;
  /** The raw request path; the signer normalizes it and URI-encodes it a second time. */
  path: string;
  query: QueryParams;
  /** Only the signed headers, by lower-case name. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body: KMS requests always sign their body (auth/payload-hash-claim.ts). */
  payloadHash: string;
  longDate: string;
  credential: CredentialScope;
}

/** smithy's default SHA-256 is pure JS; this is node's, in the constructor shape smithy expects. */
class NodeSha256 extends Hash {
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    super('sha256', secret);
  }
}

/** `headers` already holds only the signed headers, so every one of them is signable. */
const SIGN_EVERY_HEADER = { has: () => true } as unknown as Set<string>;

/**
 * Derived keys by access key and scope; a miss derives through smithy's getSigningKey. smithy has
 * its own cache (50 entries, process-wide, re-hashing the secret on every lookup); this one saves
 * that HMAC on the hot path and holds many active access keys. Oldest entries are dropped first,
 * so a client cycling scopes costs only re-derivation. The secret is kept to notice a new one.
 */
const MAX_CACHED_KEYS = 1024;
const signingKeys = new Map<string, { secretAccessKey: string; key: Uint8Array }>();

async function signingKeyFor(credential: CredentialScope, secretAccessKey: string): Promise<Uint8Array> {
  const { accessKeyId, scopeDate, region, service } = credential;
  const cacheKey = `${accessKeyId}/${credential.scope}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined && cached.secretAccessKey === secretAccessKey) return cached.key;
  const key = await getSigningKey(NodeSha256, { accessKeyId, secretAccessKey }, scopeDate, region, service);
  if (signingKeys.size >= MAX_CACHED_KEYS) signingKeys.delete(signingKeys.keys().next().value as string);
  signingKeys.set(cacheKey, { secretAccessKey, key });
  return key;
}

/**
 * One instance serves every region and service: the scope comes from each request, and derived
 * signing keys are cached per access key and scope (above).
 */
export class SignatureCalculator extends SignatureV4Base {
  constructor() {
    super({
      // Placeholders: the region, service and credentials of each call are passed explicitly.
      service: 'unused',
      region: 'unused',
      credentials: { accessKeyId: '', secretAccessKey: '' },
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
  }

  canonicalRequest(content: SignedContent): string {
    const request = { method: content.method, path: content.path, query: content.query, headers: content.headers };
    const canonicalHeaders = getCanonicalHeaders(request as HttpRequest, undefined, SIGN_EVERY_HEADER);
    return this.createCanonicalRequest(request as HttpRequest, canonicalHeaders, content.payloadHash);
  }

  stringToSign(content: SignedContent): Promise<string> {
    return this.createStringToSign(
      content.longDate,
      content.credential.scope,
      this.canonicalRequest(content),
      ALGORITHM_IDENTIFIER,
    );
  }

  /** The lower-case hex signature that `secretAccessKey` gives `content`. */
  async signature(content: SignedContent, secretAccessKey: string): Promise<string> {
    const signingKey = await signingKeyFor(content.credential, secretAccessKey);
    const stringToSign = await this.stringToSign(content);
    return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  }
}

/** The payload line of the canonical request: the body's own hash, whatever the request claims it is. */
export function payloadHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}
