// Verify: checks a signature with the key's public key inside openkms. A bad signature is KMSInvalidSignatureException
// with no message; Verify never answers SignatureValid false (docs/kms-behaviour.md 3.4).

import type { VerifyRequest, VerifyResponse } from '../api/model.generated.js';
import { KMSInvalidSignatureException } from '../api/errors.js';
import { verify as verifySignature } from '../crypto/signing.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { stopIfDryRun } from './steps/crypto-key.js';
import { signingKey } from './steps/signing-key.js';

export async function verify(ctx: OperationContext, input: VerifyRequest): Promise<VerifyResponse> {
  const { key, handle, messageType } = await signingKey(ctx, input);
  const valid = withCryptoErrors(() => verifySignature(handle, input.SigningAlgorithm, input.Message, input.Signature, messageType));
  if (!valid) throw new KMSInvalidSignatureException();
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
}
