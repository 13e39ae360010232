// GenerateDataKeyPair(WithoutPlaintext): a fresh key pair for a DataKeyPairSpec, as DER PKCS#8
// private key and DER X.509 SubjectPublicKeyInfo public key (docs/kms-behaviour.md 3.6).
import type { DataKeyPairSpec } from '../api/model.generated.js';
import { generateNodeKeyPair, type DerKeyPair } from './key-material.js';

/**
 * Generates the pair off the main thread (RSA_4096 takes about a second). The caller encrypts
 * `privateKeyPkcs8Der` under the symmetric KMS key and zeroizes it once the response is sent. SM2 pairs use the
 * named SM2 curve in both structures (which openssl loads as SM2 keys).
 */
export function generateDataKeyPair(keyPairSpec: DataKeyPairSpec): Promise<DerKeyPair> {
  return generateNodeKeyPair(keyPairSpec);
}
