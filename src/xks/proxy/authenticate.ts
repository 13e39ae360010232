// SigV4 on a proxy request, verified with openkms's own verifier (auth/sigv4.ts): the canonical request is built from
// the SignedHeaders the request names (AWS KMS signs host and x-amz-date, curl also content-type), the body's hash is
// always the one signed, the scope's service must be kms-xks-proxy, and the signing time within 5 minutes of ours.
// Every failure, an unknown access key id included, is AuthenticationFailedException (401).

import { parseSignature, verifySignature, type IncomingSignedRequest } from '../../auth/sigv4.js';
import { XKS_SIGNING_SERVICE } from '../wire.js';
import type { CredentialSet } from './credentials.js';
import { XksProxyError } from './proxy-error.js';

/** Resolves with the access key id that signed `req`, or throws AuthenticationFailedException. */
export async function authenticate(req: IncomingSignedRequest, credentials: CredentialSet, now: Date, region?: string): Promise<string> {
  try {
    const claims = parseSignature(req);
    // The proxy API is signed in the Authorization header; a presigned URL is no way to call it.
    if (claims.form !== 'header') throw new Error('the signature must be in the Authorization header');
    if (claims.service !== XKS_SIGNING_SERVICE) throw new Error(`the credential scope's service must be ${XKS_SIGNING_SERVICE}`);
    if (region !== undefined && claims.region !== region) throw new Error(`the credential scope's region must be ${region}`);
    if (claims.securityToken !== undefined) throw new Error('proxy credentials carry no session token');
    const secret = credentials.get(claims.accessKeyId);
    if (secret === undefined) throw new Error('unknown access key id');
    await verifySignature(req, claims, secret, now);
    return claims.accessKeyId;
  } catch (error) {
    throw new XksProxyError('AuthenticationFailedException', `SigV4 verification failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
