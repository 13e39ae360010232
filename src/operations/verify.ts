// Verify: checks a signature with the key's public key inside openkms. A bad signature is KMSInvalidSignatureException
// with no message; Verify never answers SignatureValid false (docs/kms-behaviour.md 3.4).

import type { VerifyRequest, VerifyResponse } from '../api/model.generated.js';
import { KMSInvalidSignatureException } from '../api/errors.js';
import { verify as verifySignature } from '../crypto/signing.js';
import type { AsymmetricKeyHandle } from '../crypto/key-handle.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './crypto-errors.js';
import { currentMaterial, keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { assertSigningAlgorithm } from './signing-algorithm.js';

export async function verify(ctx: OperationContext, input: VerifyRequest): Promise<VerifyResponse> {
  const messageType = input.MessageType ?? 'RAW';
  const key = await keyForCrypto(ctx, input.KeyId, 'SIGN_VERIFY', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': messageType },
  });
  assertSigningAlgorithm(key, input.SigningAlgorithm);
  const material = await currentMaterial(ctx, key);
  const valid = withCryptoErrors(() =>
    verifySignature(material.handle as AsymmetricKeyHandle, input.SigningAlgorithm, input.Message, input.Signature, messageType),
  );
  if (!valid) throw new KMSInvalidSignatureException();
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}
