// An HMAC key computes only its own MacAlgorithm: `Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.`
// (docs/kms-behaviour.md 3.5).

import type { MacAlgorithmSpec } from '../../api/model.generated.js';
import { InvalidKeyUsageException } from '../../api/errors.js';
import { algorithmLists } from '../../domain/key-spec.js';
import type { KmsKey } from '../../domain/kms-key.js';

export function assertMacAlgorithm(key: KmsKey, algorithm: MacAlgorithmSpec): void {
  if (!(algorithmLists(key.keySpec, key.keyUsage).MacAlgorithms ?? []).includes(algorithm)) {
    throw new InvalidKeyUsageException(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
}
