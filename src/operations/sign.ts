// Sign: an asymmetric SIGN_VERIFY key signs a message (RAW), a digest (DIGEST) or ML-DSA's μ (EXTERNAL_MU), with an
// algorithm of its key spec (docs/kms-behaviour.md 3.4).

import type { SignRequest, SignResponse } from '../api/model.generated.js';
import { signAsync } from '../crypto/signing.js';
import type { OperationContext } from './context.js';
import { withCryptoErrorsAsync } from './steps/crypto-errors.js';
import { stopIfDryRun } from './steps/crypto-key.js';
import { signingKey } from './steps/signing-key.js';

export async function sign(ctx: OperationContext, input: SignRequest): Promise<SignResponse> {
  const { key, handle, messageType } = await signingKey(ctx, input);
  const signature = await withCryptoErrorsAsync(() => signAsync(handle, input.SigningAlgorithm, input.Message, messageType));
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
}
