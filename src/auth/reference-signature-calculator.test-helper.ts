// For tests: the reference the fast path (signature-calculator.ts) is held to. Recomputes a SigV4
// signature with AWS's own signer library (@smithy/signature-v4): its canonical
// path, query and header rules, string to sign and cached key derivation, over node's native SHA-256.
import { createHmac } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import type { HttpRequest } from '@smithy/protocol-http';
import {
  ALGORITHM_IDENTIFIER,
  getCanonicalHeaders,
  getSigningKey,
  SignatureV4Base,
} from '@smithy/signature-v4';
import type { SignedContent } from './signature-calculator.js';

/** smithy's default SHA-256 is pure JS; this is node's, in the constructor shape smithy expects. */
class NodeSha256 extends Hash {
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    super('sha256', secret);
  }
}

/** `headers` already holds only the signed headers, so every one of them is signable. */
const SIGN_EVERY_HEADER = { has: () => true } as unknown as Set<string>;

/**
 * One instance serves every region and service: the scope comes from each request, and derived
 * signing keys are cached per access key and scope (above).
 */
export class ReferenceSignatureCalculator extends SignatureV4Base {
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
    const { accessKeyId, scopeDate, region, service } = content.credential;
    const signingKey = await getSigningKey(NodeSha256, { accessKeyId, secretAccessKey }, scopeDate, region, service);
    const stringToSign = await this.stringToSign(content);
    return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  }
}

