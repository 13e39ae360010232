// DeriveSharedSecret: raw ECDH (the x-coordinate Z, no KDF) between a KEY_AGREEMENT key and a peer public key given as
// DER SubjectPublicKeyInfo on the same curve; a bad public key is ValidationException with no message (3.8).

import type { DeriveSharedSecretRequest, DeriveSharedSecretResponse } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import { deriveSharedSecret as ecdh } from '../crypto/key-agreement.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { asymmetricHandle, keyForCrypto, stopIfDryRun } from './steps/crypto-key.js';

export async function deriveSharedSecret(ctx: OperationContext, input: DeriveSharedSecretRequest): Promise<DeriveSharedSecretResponse> {
  if (input.Recipient !== undefined) {
    throw new UnsupportedOperationException('Recipient (attested enclave decryption) is not supported by openkms.');
  }
  const key = await keyForCrypto(ctx, input.KeyId, 'KEY_AGREEMENT', {
    grantTokens: input.GrantTokens,
    conditions: { 'kms:KeyAgreementAlgorithm': input.KeyAgreementAlgorithm },
  });
  const handle = await asymmetricHandle(ctx, key);
  const sharedSecret = withCryptoErrors(() => ecdh(handle, input.PublicKey));
  stopIfDryRun(input.DryRun);
  return { KeyId: key.arn, SharedSecret: sharedSecret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: key.origin };
}
