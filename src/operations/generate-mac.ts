// GenerateMac: an RFC 2104 HMAC of a 1-4096 byte message with an HMAC key (docs/kms-behaviour.md 3.5).

import type { GenerateMacRequest, GenerateMacResponse } from '../api/model.generated.js';
import { generateMac as computeMac } from '../crypto/hmac.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { stopIfDryRun } from './steps/crypto-key.js';
import { macKey } from './steps/mac-key.js';

export async function generateMac(ctx: OperationContext, input: GenerateMacRequest): Promise<GenerateMacResponse> {
  const { key, handle } = await macKey(ctx, input);
  const mac = withCryptoErrors(() => computeMac(handle, input.MacAlgorithm, input.Message));
  stopIfDryRun(input.DryRun);
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
}
