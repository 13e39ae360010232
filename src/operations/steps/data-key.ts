// The shared core of GenerateDataKey and GenerateDataKeyWithoutPlaintext: exactly one of KeySpec (AES_128, AES_256) or
// NumberOfBytes (1-1024); random bytes encrypted exactly as Encrypt would (docs/kms-behaviour.md 3.6).

import { randomBytes } from 'node:crypto';
import type { DataKeySpec } from '../../api/model.generated.js';
import { InvalidKeyUsageException, ValidationException } from '../../api/errors.js';
import type { OperationContext } from '../context.js';
import { keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { encryptWithSymmetricKey } from './symmetric-ciphertext.js';

export interface DataKeyRequest {
  KeyId: string;
  EncryptionContext?: Record<string, string>;
  NumberOfBytes?: number;
  KeySpec?: DataKeySpec;
  GrantTokens?: string[];
  DryRun?: boolean;
}

export interface DataKey {
  plaintext: Buffer;
  ciphertextBlob: Buffer;
  keyArn: string;
  keyMaterialId: string;
}

export function dataKeyBytes(request: { NumberOfBytes?: number; KeySpec?: DataKeySpec }): number {
  if ((request.NumberOfBytes === undefined) === (request.KeySpec === undefined)) {
    throw new ValidationException('Please specify either number of bytes or key spec.');
  }
  if (request.KeySpec !== undefined) return request.KeySpec === 'AES_128' ? 16 : 32;
  return request.NumberOfBytes!;
}

export async function generateDataKeyCore(ctx: OperationContext, input: DataKeyRequest): Promise<DataKey> {
  const size = dataKeyBytes(input);
  const key = await keyForCrypto(ctx, input.KeyId, 'ENCRYPT_DECRYPT', {
    grantTokens: input.GrantTokens,
    encryptionContext: input.EncryptionContext,
    conditions: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' },
  });
  // Data keys come only from symmetric encryption keys (docs/kms-behaviour.md 3.1).
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new InvalidKeyUsageException(`${key.arn} key spec is ${key.keySpec} which is not valid for ${ctx.operation}.`);
  }
  stopIfDryRun(input.DryRun);
  const plaintext = randomBytes(size);
  const { ciphertextBlob, keyMaterialId } = await encryptWithSymmetricKey(ctx, key, plaintext, input.EncryptionContext);
  return { plaintext, ciphertextBlob, keyArn: key.arn, keyMaterialId };
}
