// What Sign and Verify do before the cryptography, in AWS's order: resolve and authorize a SIGN_VERIFY key (with the
// kms:SigningAlgorithm and kms:MessageType conditions), check the algorithm against its key spec, load its material.

import type { MessageType, SigningAlgorithmSpec } from '../../api/model.generated.js';
import type { AsymmetricKeyHandle } from '../../crypto/key-handle.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { OperationContext } from '../context.js';
import { asymmetricHandle, keyForCrypto } from './crypto-key.js';
import { assertSigningAlgorithm } from './signing-algorithm.js';

export interface SigningInput {
  KeyId: string;
  SigningAlgorithm: SigningAlgorithmSpec;
  MessageType?: MessageType;
  GrantTokens?: string[];
}

export async function signingKey(
  ctx: OperationContext,
  input: SigningInput,
): Promise<{ key: KmsKey; handle: AsymmetricKeyHandle; messageType: MessageType }> {
  const messageType = input.MessageType ?? 'RAW';
  const key = await keyForCrypto(ctx, input.KeyId, 'SIGN_VERIFY', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:SigningAlgorithm': input.SigningAlgorithm, 'kms:MessageType': messageType },
  });
  assertSigningAlgorithm(key, input.SigningAlgorithm);
  return { key, handle: await asymmetricHandle(ctx, key), messageType };
}
