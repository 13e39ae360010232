// GetPublicKey: the DER SubjectPublicKeyInfo of an asymmetric key and the facts a client needs to use it offline
// (docs/kms-behaviour.md 3.10); symmetric and HMAC keys have no public key.

import type { GetPublicKeyRequest, GetPublicKeyResponse } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import { publicKeySpki } from '../crypto/public-key-spki.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import { algorithmLists, isAsymmetric } from '../domain/key-spec.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { asymmetricHandle, authorizeOnKeyForCrypto } from './steps/crypto-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function getPublicKey(ctx: OperationContext, input: GetPublicKeyRequest): Promise<GetPublicKeyResponse> {
  const { key, requestAlias } = await resolveKey(ctx, input.KeyId, { allowAlias: true });
  await authorizeOnKeyForCrypto(ctx, key, { grantTokens: input.GrantTokens }, requestAlias);
  assertKeyStateAllows('GetPublicKey', key);
  if (!isAsymmetric(key.keySpec)) {
    throw new UnsupportedOperationException(`${key.arn} key spec is ${key.keySpec}, which has no public key.`);
  }
  const handle = await asymmetricHandle(ctx, key);
  const publicKey = withCryptoErrors(() => publicKeySpki(handle));
  const lists = algorithmLists(key.keySpec, key.keyUsage);
  return {
    KeyId: key.arn,
    PublicKey: publicKey,
    CustomerMasterKeySpec: key.keySpec as GetPublicKeyResponse['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...(lists.EncryptionAlgorithms ? { EncryptionAlgorithms: lists.EncryptionAlgorithms } : {}),
    ...(lists.SigningAlgorithms ? { SigningAlgorithms: lists.SigningAlgorithms } : {}),
    ...(lists.KeyAgreementAlgorithms ? { KeyAgreementAlgorithms: lists.KeyAgreementAlgorithms } : {}),
  };
}
