// What GenerateMac and VerifyMac do before the HMAC, in AWS's order: resolve and authorize a GENERATE_VERIFY_MAC key
// (with the kms:MacAlgorithm condition), check the algorithm against its key spec, load its material.

import type { MacAlgorithmSpec } from '../../api/model.generated.js';
import type { SecretKeyHandle } from '../../crypto/key-handle.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { OperationContext } from '../context.js';
import { keyForCrypto, secretHandle } from './crypto-key.js';
import { assertMacAlgorithm } from './mac-algorithm.js';

export async function macKey(
  ctx: OperationContext,
  input: { KeyId: string; MacAlgorithm: MacAlgorithmSpec; GrantTokens?: string[] },
): Promise<{ key: KmsKey; handle: SecretKeyHandle }> {
  const key = await keyForCrypto(ctx, input.KeyId, 'GENERATE_VERIFY_MAC', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:MacAlgorithm': input.MacAlgorithm },
  });
  assertMacAlgorithm(key, input.MacAlgorithm);
  return { key, handle: await secretHandle(ctx, key) };
}
