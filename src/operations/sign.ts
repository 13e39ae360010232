// Sign: an asymmetric SIGN_VERIFY key signs a message (RAW), a digest (DIGEST) or ML-DSA's μ (EXTERNAL_MU), with an
// algorithm of its key spec (docs/kms-behaviour.md 3.4).

import type { SignRequest, SignResponse } from '../api/model.generated.js';
import { signAsync } from '../crypto/signing.js';
import type { AsymmetricKeyHandle } from '../crypto/key-handle.js';
import type { OperationContext } from './context.js';
import { withCryptoErrorsAsync } from './crypto-errors.js';
import { currentMaterial, keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { assertSigningAlgorithm } from './signing-algorithm.js';

export async function sign(ctx: OperationContext, input: SignRequest): Promise<SignResponse> {
  const messageType = input.MessageType ?? 'RAW';
  const key = await keyForCrypto(ctx, input.KeyId, 'SIGN_VERIFY', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': messageType },
  });
  assertSigningAlgorithm(key, input.SigningAlgorithm);
  const material = await currentMaterial(ctx, key);
  const signature = await withCryptoErrorsAsync(() =>
    signAsync(material.handle as AsymmetricKeyHandle, input.SigningAlgorithm, input.Message, messageType),
  );
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
}
