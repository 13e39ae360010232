// VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is KMSInvalidMacException with no message.

import type { VerifyMacRequest, VerifyMacResponse } from '../api/model.generated.js';
import { KMSInvalidMacException } from '../api/errors.js';
import { verifyMac as checkMac } from '../crypto/hmac.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { stopIfDryRun } from './steps/crypto-key.js';
import { macKey } from './steps/mac-key.js';

export async function verifyMac(ctx: OperationContext, input: VerifyMacRequest): Promise<VerifyMacResponse> {
  const { key, handle } = await macKey(ctx, input);
  const valid = withCryptoErrors(() => checkMac(handle, input.MacAlgorithm, input.Message, input.Mac));
  if (!valid) throw new KMSInvalidMacException();
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}
