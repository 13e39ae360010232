// What a SigV4-signed request says about its own signature, parsed before the secret is known
// and kept for the verification that follows (header and presigned query forms alike).
import type { CredentialScope } from './credential-scope.js';
import type { QueryParams } from './query-params.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface ParsedSignature {
  form: 'header' | 'query';
  credential: CredentialScope;
  /** The request time exactly as the string to sign carries it (`yyyymmddThhmmssZ`). */
  longDate: string;
  signingDate: Date;
  /** Lower-case names, as listed by the client. */
  signedHeaders: readonly string[];
  /** The hex signature the client sent. */
  signature: string;
  securityToken: string | undefined;
  /** X-Amz-Expires of a presigned request; undefined for the header form. */
  expiresSeconds: number | undefined;
  /** Every query parameter, decoded; the signer leaves X-Amz-Signature out of the canonical query. */
  query: QueryParams;
}
