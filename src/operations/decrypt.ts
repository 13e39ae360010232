// Decrypt: a symmetric ciphertext (KeyId optional: the blob names its key and material) or an RSA ciphertext
// (KeyId and EncryptionAlgorithm required). Wrong context or tampering → InvalidCiphertextException with no message.

import type { DecryptRequest, DecryptResponse, EncryptionAlgorithmSpec } from '../api/model.generated.js';
import { UnsupportedOperationException, ValidationException } from '../api/errors.js';
import { decryptAsymmetric } from '../crypto/asymmetric-encryption.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { asymmetricHandle, keyForCrypto, stopIfDryRun } from './steps/crypto-key.js';
import { assertEncryptionAlgorithm } from './steps/encryption-algorithm.js';
import { assertNoEncryptionContext, openSymmetricCiphertext } from './steps/symmetric-ciphertext.js';

export async function decrypt(ctx: OperationContext, input: DecryptRequest): Promise<DecryptResponse> {
  if (input.Recipient !== undefined) {
    throw new UnsupportedOperationException('Recipient (attested enclave decryption) is not supported by openkms.');
  }
  const algorithm: EncryptionAlgorithmSpec = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const ignoreCiphertext = input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT');
  const request = { grantTokens: input.GrantTokens, encryptionContext: input.EncryptionContext, conditions: { 'kms:EncryptionAlgorithm': algorithm } };

  if (algorithm !== 'SYMMETRIC_DEFAULT' || ignoreCiphertext) {
    if (input.KeyId === undefined) {
      throw new ValidationException('A KeyId is required to decrypt with an asymmetric KMS key or with DryRunModifiers IGNORE_CIPHERTEXT.');
    }
    const key = await keyForCrypto(ctx, input.KeyId, 'ENCRYPT_DECRYPT', request);
    assertEncryptionAlgorithm(key, algorithm);
    if (ignoreCiphertext) stopIfDryRun(true);
    assertNoEncryptionContext(key, input.EncryptionContext);
    const ciphertext = requireCiphertext(input.CiphertextBlob);
    const handle = await asymmetricHandle(ctx, key);
    const plaintext = withCryptoErrors(() => decryptAsymmetric(handle, algorithm, ciphertext));
    stopIfDryRun(input.DryRun);
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm };
  }

  const { key, plaintext, keyMaterialId } = await openSymmetricCiphertext(ctx, requireCiphertext(input.CiphertextBlob), input.KeyId, request);
  if (input.DryRun) {
    plaintext.fill(0);
    stopIfDryRun(true);
  }
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: keyMaterialId };
}

/** The model makes CiphertextBlob optional only for DryRun with IGNORE_CIPHERTEXT; otherwise it is required. */
export function requireCiphertext(blob: Uint8Array | undefined): Uint8Array {
  if (blob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  return blob;
}
