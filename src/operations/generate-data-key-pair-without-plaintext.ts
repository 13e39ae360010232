// GenerateDataKeyPairWithoutPlaintext: like GenerateDataKeyPair, without the plaintext private key (zeroed here).

import type {
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyPairWithoutPlaintextResponse,
} from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { generateDataKeyPairCore } from './steps/data-key-pair.js';

export async function generateDataKeyPairWithoutPlaintext(
  ctx: OperationContext,
  input: GenerateDataKeyPairWithoutPlaintextRequest,
): Promise<GenerateDataKeyPairWithoutPlaintextResponse> {
  const pair = await generateDataKeyPairCore(ctx, input);
  pair.privateKeyPlaintext.fill(0);
  return {
    PrivateKeyCiphertextBlob: pair.privateKeyCiphertextBlob,
    PublicKey: pair.publicKey,
    KeyId: pair.keyArn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: pair.keyMaterialId,
  };
}
