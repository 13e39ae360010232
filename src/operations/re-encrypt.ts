// ReEncrypt: decrypts with the source key and encrypts with the destination key inside openkms; authorized as
// kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination (docs/kms-behaviour.md 3.9).

import type { EncryptionAlgorithmSpec, ReEncryptRequest, ReEncryptResponse } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import { decryptAsymmetric, encryptAsymmetric } from '../crypto/asymmetric-encryption.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { assertUsableFor, asymmetricHandle, authorizeOnKeyForCrypto, keyForCrypto, stopIfDryRun } from './steps/crypto-key.js';
import { resolveKey } from './steps/resolve-key.js';
import { requireCiphertext } from './decrypt.js';
import { assertEncryptionAlgorithm } from './steps/encryption-algorithm.js';
import { assertNoEncryptionContext, encryptWithSymmetricKey, openSymmetricCiphertext } from './steps/symmetric-ciphertext.js';

export async function reEncrypt(ctx: OperationContext, input: ReEncryptRequest): Promise<ReEncryptResponse> {
  const sourceAlgorithm: EncryptionAlgorithmSpec = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const destinationAlgorithm: EncryptionAlgorithmSpec = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  const source = await decryptSource(ctx, input, sourceAlgorithm);
  try {
    // The destination is resolved before it is authorized: kms:ReEncryptOnSameKey says whether it is the source key
    // (docs/kms-behaviour.md 7.3), so a policy can deny re-encrypting under the same key.
    const { key: destination, requestAlias } = await resolveKey(ctx, input.DestinationKeyId, { allowAlias: true });
    await authorizeOnKeyForCrypto(
      ctx,
      destination,
      {
        action: 'kms:ReEncryptTo',
        grantTokens: input.GrantTokens,
        encryptionContext: input.DestinationEncryptionContext,
        conditions: { 'kms:EncryptionAlgorithm': destinationAlgorithm, 'kms:ReEncryptOnSameKey': destination.arn === source.key.arn },
      },
      requestAlias,
    );
    assertUsableFor(ctx, destination, 'ENCRYPT_DECRYPT');
    assertEncryptionAlgorithm(destination, input.DestinationEncryptionAlgorithm);
    const response: ReEncryptResponse = {
      SourceKeyId: source.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: sourceAlgorithm,
      DestinationEncryptionAlgorithm: destinationAlgorithm,
    };
    if (source.keyMaterialId) response.SourceKeyMaterialId = source.keyMaterialId;
    if (destination.keySpec === 'SYMMETRIC_DEFAULT') {
      stopIfDryRun(input.DryRun);
      const encrypted = await encryptWithSymmetricKey(ctx, destination, source.plaintext, input.DestinationEncryptionContext);
      return { ...response, CiphertextBlob: encrypted.ciphertextBlob, DestinationKeyMaterialId: encrypted.keyMaterialId };
    }
    assertNoEncryptionContext(destination, input.DestinationEncryptionContext);
    if (input.DestinationEncryptionAlgorithm === undefined) {
      throw new ValidationException(`A DestinationEncryptionAlgorithm is required for asymmetric KMS key ${destination.arn}.`);
    }
    const handle = await asymmetricHandle(ctx, destination);
    const ciphertextBlob = withCryptoErrors(() => encryptAsymmetric(handle, destinationAlgorithm, source.plaintext));
    stopIfDryRun(input.DryRun);
    return { ...response, CiphertextBlob: ciphertextBlob };
  } finally {
    source.plaintext.fill(0);
  }
}

async function decryptSource(
  ctx: OperationContext,
  input: ReEncryptRequest,
  algorithm: EncryptionAlgorithmSpec,
): Promise<{ key: KmsKey; plaintext: Buffer; keyMaterialId?: string }> {
  const request = {
    action: 'kms:ReEncryptFrom',
    grantTokens: input.GrantTokens,
    encryptionContext: input.SourceEncryptionContext,
    conditions: { 'kms:EncryptionAlgorithm': algorithm },
  };
  const ciphertext = requireCiphertext(input.CiphertextBlob);
  if (algorithm !== 'SYMMETRIC_DEFAULT') {
    if (input.SourceKeyId === undefined) {
      throw new ValidationException('A SourceKeyId is required to re-encrypt a ciphertext of an asymmetric KMS key.');
    }
    const key = await keyForCrypto(ctx, input.SourceKeyId, 'ENCRYPT_DECRYPT', request);
    assertEncryptionAlgorithm(key, algorithm);
    assertNoEncryptionContext(key, input.SourceEncryptionContext);
    const handle = await asymmetricHandle(ctx, key);
    return { key, plaintext: withCryptoErrors(() => decryptAsymmetric(handle, algorithm, ciphertext)) };
  }
  return openSymmetricCiphertext(ctx, ciphertext, input.SourceKeyId, request);
}
