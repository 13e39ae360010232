// GenerateMac: an RFC 2104 HMAC of a 1-4096 byte message with an HMAC key (docs/kms-behaviour.md 3.5).

import type { GenerateMacRequest, GenerateMacResponse } from '../api/model.generated.js';
import { generateMac as computeMac } from '../crypto/hmac.js';
import type { SecretKeyHandle } from '../crypto/key-handle.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './crypto-errors.js';
import { currentMaterial, keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { assertMacAlgorithm } from './mac-algorithm.js';

export async function generateMac(ctx: OperationContext, input: GenerateMacRequest): Promise<GenerateMacResponse> {
  const key = await keyForCrypto(ctx, input.KeyId, 'GENERATE_VERIFY_MAC', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:MacAlgorithm': input.MacAlgorithm },
  });
  assertMacAlgorithm(key, input.MacAlgorithm);
  const material = await currentMaterial(ctx, key);
  const mac = withCryptoErrors(() => computeMac(material.handle as SecretKeyHandle, input.MacAlgorithm, input.Message));
  stopIfDryRun(input.DryRun);
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
}
