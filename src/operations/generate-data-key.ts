// GenerateDataKey: a random data key, in plaintext and encrypted under a symmetric KMS key.

import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { generateDataKeyCore } from './steps/data-key.js';

export async function generateDataKey(ctx: OperationContext, input: GenerateDataKeyRequest): Promise<GenerateDataKeyResponse> {
  if (input.Recipient !== undefined) {
    throw new UnsupportedOperationException('Recipient (attested enclave decryption) is not supported by openkms.');
  }
  const dataKey = await generateDataKeyCore(ctx, input);
  return {
    CiphertextBlob: dataKey.ciphertextBlob,
    Plaintext: dataKey.plaintext,
    KeyId: dataKey.keyArn,
    KeyMaterialId: dataKey.keyMaterialId,
  };
}
