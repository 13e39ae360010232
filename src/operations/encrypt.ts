// Encrypt: up to 4096 bytes under a symmetric key (AES-256-GCM, self-describing blob) or an RSA key (RSAES-OAEP,
// AWS's size limits). docs/kms-behaviour.md 3.2 and 3.3.

import type { EncryptRequest, EncryptResponse, EncryptionAlgorithmSpec } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import { encryptAsymmetric } from '../crypto/asymmetric-encryption.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { asymmetricHandle, keyForCrypto, stopIfDryRun } from './steps/crypto-key.js';
import { assertEncryptionAlgorithm } from './steps/encryption-algorithm.js';
import { assertNoEncryptionContext, encryptWithSymmetricKey } from './steps/symmetric-ciphertext.js';

export async function encrypt(ctx: OperationContext, input: EncryptRequest): Promise<EncryptResponse> {
  const algorithm: EncryptionAlgorithmSpec = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const key = await keyForCrypto(ctx, input.KeyId, 'ENCRYPT_DECRYPT', {
    grantTokens: input.GrantTokens,
    encryptionContext: input.EncryptionContext,
    conditions: { 'kms:EncryptionAlgorithm': algorithm },
  });
  assertEncryptionAlgorithm(key, input.EncryptionAlgorithm);
  if (key.keySpec === 'SYMMETRIC_DEFAULT') {
    stopIfDryRun(input.DryRun);
    // The model's EncryptResponse has no KeyMaterialId (Decrypt's does); the audit record carries it.
    const { ciphertextBlob } = await encryptWithSymmetricKey(ctx, key, input.Plaintext, input.EncryptionContext);
    return { CiphertextBlob: ciphertextBlob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
  }
  assertNoEncryptionContext(key, input.EncryptionContext);
  if (input.EncryptionAlgorithm === undefined) {
    throw new ValidationException(`An EncryptionAlgorithm is required for asymmetric KMS key ${key.arn}.`);
  }
  const handle = await asymmetricHandle(ctx, key);
  const ciphertextBlob = withCryptoErrors(() => encryptAsymmetric(handle, algorithm, input.Plaintext));
  stopIfDryRun(input.DryRun);
  return { CiphertextBlob: ciphertextBlob, KeyId: key.arn, EncryptionAlgorithm: algorithm };
}
