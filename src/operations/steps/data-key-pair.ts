// The shared core of GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a fresh key pair of KeyPairSpec, its
// PKCS#8 private key encrypted under a symmetric KMS key as Encrypt would (docs/kms-behaviour.md 3.6).

import type { DataKeyPairSpec } from '../../api/model.generated.js';
import { InvalidKeyUsageException, UnsupportedOperationException } from '../../api/errors.js';
import { generateDataKeyPair } from '../../crypto/data-key-pair.js';
import { assertAvailableInRegion } from '../../domain/region-availability.js';
import type { OperationContext } from '../context.js';
import { awsErrorOf } from './crypto-errors.js';
import { keyForCrypto, stopIfDryRun } from './crypto-key.js';
import { encryptWithSymmetricKey } from './symmetric-ciphertext.js';

export interface DataKeyPairRequest {
  KeyId: string;
  KeyPairSpec: DataKeyPairSpec;
  EncryptionContext?: Record<string, string>;
  GrantTokens?: string[];
  DryRun?: boolean;
}

export interface DataKeyPair {
  privateKeyPlaintext: Buffer;
  privateKeyCiphertextBlob: Buffer;
  publicKey: Buffer;
  keyArn: string;
  keyMaterialId: string;
}

export async function generateDataKeyPairCore(ctx: OperationContext, input: DataKeyPairRequest): Promise<DataKeyPair> {
  // SM2 pairs exist only in the China Regions (kms-behaviour.md 3.6).
  assertAvailableInRegion(ctx.region, 'KeyPairSpec', input.KeyPairSpec);
  const key = await keyForCrypto(ctx, input.KeyId, 'ENCRYPT_DECRYPT', {
    grantTokens: input.GrantTokens,
    encryptionContext: input.EncryptionContext,
    conditions: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:DataKeyPairSpec': input.KeyPairSpec },
  });
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new InvalidKeyUsageException(`${key.arn} key spec is ${key.keySpec} which is not valid for ${ctx.operation}.`);
  }
  // Data key pairs are never made under a key in a custom key store (the model's GenerateDataKeyPair KeyId text).
  if (key.customKeyStoreId !== undefined) {
    throw new UnsupportedOperationException(`${key.arn} is in a custom key store, which ${ctx.operation} does not support.`);
  }
  stopIfDryRun(input.DryRun);
  let pair;
  try {
    // Admitted by the server's key-pair limits, else ThrottlingException; the DryRun check above is never throttled.
    pair = await generateDataKeyPair(ctx.keyPairs, input.KeyPairSpec);
  } catch (error) {
    throw awsErrorOf(error);
  }
  const privateKeyPlaintext = pair.privateKeyPkcs8Der;
  const encrypted = await encryptWithSymmetricKey(ctx, key, privateKeyPlaintext, input.EncryptionContext);
  return {
    privateKeyPlaintext,
    privateKeyCiphertextBlob: encrypted.ciphertextBlob,
    publicKey: pair.publicKeySpkiDer,
    keyArn: key.arn,
    keyMaterialId: encrypted.keyMaterialId,
  };
}
