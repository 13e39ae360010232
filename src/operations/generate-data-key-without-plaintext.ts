// GenerateDataKeyWithoutPlaintext: like GenerateDataKey, but only the encrypted data key leaves; its plaintext is zeroed.

import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { generateDataKeyCore } from './steps/data-key.js';

export async function generateDataKeyWithoutPlaintext(
  ctx: OperationContext,
  input: GenerateDataKeyWithoutPlaintextRequest,
): Promise<GenerateDataKeyWithoutPlaintextResponse> {
  const dataKey = await generateDataKeyCore(ctx, input);
  dataKey.plaintext.fill(0);
  return { CiphertextBlob: dataKey.ciphertextBlob, KeyId: dataKey.keyArn, KeyMaterialId: dataKey.keyMaterialId };
}
