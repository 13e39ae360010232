// Which EncryptionAlgorithm a key accepts: SYMMETRIC_DEFAULT for symmetric keys, RSAES_OAEP_SHA_1/256 for RSA keys
// (docs/kms-behaviour.md 2.4, 3.1: `Algorithm <alg> is incompatible with key spec <spec>.`).

import type { EncryptionAlgorithmSpec } from '../../api/model.generated.js';
import { InvalidKeyUsageException } from '../../api/errors.js';
import { algorithmLists } from '../../domain/key-spec.js';
import type { KmsKey } from '../../domain/kms-key.js';

export function assertEncryptionAlgorithm(key: KmsKey, algorithm: EncryptionAlgorithmSpec | undefined): void {
  if (algorithm === undefined) return;
  const allowed = algorithmLists(key.keySpec, key.keyUsage).EncryptionAlgorithms ?? [];
  if (!allowed.includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
}
