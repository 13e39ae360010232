// The import token of an ImportKeyMaterial request, checked against the key: garbage, another key or a spent token →
// InvalidImportTokenException; past its ParametersValidTo → ExpiredImportTokenException (docs/kms-behaviour.md 4.5).

import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ExpiredImportTokenException, InvalidImportTokenException } from '../../api/errors.js';
import type { AsymmetricKeyHandle, NodeKeyPairHandle } from '../../crypto/key-handle.js';
import { loadSm2KeyMaterial } from '../../crypto/sm2-key.js';
import type { KmsKey } from '../../domain/kms-key.js';
import { ImportTokenError, type ImportTokenClaims } from '../../crypto/import-token-service.js';
import type { OperationContext } from '../context.js';

/** AWS's text is not known [?]; this follows the exception's documented meaning. */
export function invalidImportToken(): InvalidImportTokenException {
  return new InvalidImportTokenException(
    'The import token is invalid, was already used, or is associated with a different KMS key. Call GetParametersForImport for a new public key and import token.',
  );
}

export interface OpenedToken {
  claims: ImportTokenClaims;
  /** The wrapping key pair (RSA, or SM2 in China Regions) of the GetParametersForImport call the token came from. */
  wrappingKey: AsymmetricKeyHandle;
}

/** Opens the token and checks it belongs to `key`, is unexpired at the request time, and is not spent. */
export function openImportToken(ctx: OperationContext, key: KmsKey, token: Uint8Array): OpenedToken {
  let opened;
  try {
    opened = ctx.importTokens.open(token);
  } catch (error) {
    if (error instanceof ImportTokenError) throw invalidImportToken();
    throw error;
  }
  const { claims, wrappingPrivateKeyPkcs8 } = opened;
  try {
    if (claims.accountId !== key.accountId || claims.region !== key.region || claims.keyId !== key.keyId) throw invalidImportToken();
    if (ctx.now.getTime() > claims.parametersValidTo.getTime()) {
      throw new ExpiredImportTokenException(
        'The import token has expired. Call GetParametersForImport for a new public key and import token.',
      );
    }
    assertImportEpoch(key, claims);
    // The token holds a key this server generated, so it parses; the SM2 handle keeps its own copy of the scalar.
    if (claims.wrappingKeySpec === 'SM2') return { claims, wrappingKey: loadSm2KeyMaterial(wrappingPrivateKeyPkcs8) };
    const privateKey = createPrivateKey({ key: wrappingPrivateKeyPkcs8, format: 'der', type: 'pkcs8' });
    return {
      claims,
      wrappingKey: { kind: 'node', keySpec: claims.wrappingKeySpec as NodeKeyPairHandle['keySpec'], privateKey, publicKey: createPublicKey(privateKey) },
    };
  } finally {
    wrappingPrivateKeyPkcs8.fill(0);
  }
}

/** A token issued before the key's last successful import is spent (each import needs a fresh pair, 4.2). */
export function assertImportEpoch(key: KmsKey, claims: ImportTokenClaims): void {
  if ((key.importEpoch ?? 0) !== claims.importEpoch) throw invalidImportToken();
}
