// GenerateDataKeyPair: a key pair for use outside KMS; private key as PKCS#8 DER in plaintext and encrypted.

import type { GenerateDataKeyPairRequest, GenerateDataKeyPairResponse } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { generateDataKeyPairCore } from './steps/data-key-pair.js';

export async function generateDataKeyPair(ctx: OperationContext, input: GenerateDataKeyPairRequest): Promise<GenerateDataKeyPairResponse> {
  if (input.Recipient !== undefined) {
    throw new UnsupportedOperationException('Recipient (attested enclave decryption) is not supported by openkms.');
  }
  const pair = await generateDataKeyPairCore(ctx, input);
  return {
    PrivateKeyCiphertextBlob: pair.privateKeyCiphertextBlob,
    PrivateKeyPlaintext: pair.privateKeyPlaintext,
    PublicKey: pair.publicKey,
    KeyId: pair.keyArn,
    KeyPairSpec: input.KeyPairSpec,
    KeyMaterialId: pair.keyMaterialId,
  };
}
