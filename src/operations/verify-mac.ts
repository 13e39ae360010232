// VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is KMSInvalidMacException with no message.

import type { VerifyMacRequest, VerifyMacResponse } from '../api/model.generated.js';
import { KMSInvalidMacException } from '../api/errors.js';
import { verifyMac as checkMac } from '../crypto/hmac.js';
import type { SecretKeyHandle } from '../crypto/key-handle.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './crypto-errors.js';
import { currentMaterial, keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { assertMacAlgorithm } from './mac-algorithm.js';

export async function verifyMac(ctx: OperationContext, input: VerifyMacRequest): Promise<VerifyMacResponse> {
  const key = await keyForCrypto(ctx, input.KeyId, 'GENERATE_VERIFY_MAC', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:MacAlgorithm': input.MacAlgorithm },
  });
  assertMacAlgorithm(key, input.MacAlgorithm);
  const material = await currentMaterial(ctx, key);
  const valid = withCryptoErrors(() => checkMac(material.handle as SecretKeyHandle, input.MacAlgorithm, input.Message, input.Mac));
  if (!valid) throw new KMSInvalidMacException();
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}
