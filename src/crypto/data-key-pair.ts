// GenerateDataKeyPair(WithoutPlaintext): a fresh key pair for a DataKeyPairSpec, as DER PKCS#8
// private key and DER X.509 SubjectPublicKeyInfo public key (docs/kms-behaviour.md 3.6).
import type { DataKeyPairSpec } from '../api/model.generated.js';
import type { DerKeyPair } from './key-material.js';
import type { KeyPairGenerator } from './key-pair-generator.js';

/**
 * Generates the pair off the main thread once `keyPairs` admits it (RSA_4096 takes about a second). The caller
 * encrypts `privateKeyPkcs8Der` under the symmetric KMS key and zeroizes it once the response is sent. SM2 pairs use
 * the named SM2 curve in both structures (which openssl loads as SM2 keys).
 * @throws CapacityExceededError when the generations of the spec's kind are all taken.
 */
export function generateDataKeyPair(keyPairs: KeyPairGenerator, keyPairSpec: DataKeyPairSpec): Promise<DerKeyPair> {
  return keyPairs.generate(keyPairSpec);
}
