// A SigningAlgorithm must be one of the key spec's (docs/kms-behaviour.md 3.4): `Algorithm <alg> is incompatible with
// key spec <spec>.`

import type { SigningAlgorithmSpec } from '../../api/model.generated.js';
import { InvalidKeyUsageException } from '../../api/errors.js';
import { algorithmLists } from '../../domain/key-spec.js';
import type { KmsKey } from '../../domain/kms-key.js';

export function assertSigningAlgorithm(key: KmsKey, algorithm: SigningAlgorithmSpec): void {
  if (!(algorithmLists(key.keySpec, key.keyUsage).SigningAlgorithms ?? []).includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
}
