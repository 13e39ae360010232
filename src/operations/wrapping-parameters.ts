// Which WrappingAlgorithm and WrappingKeySpec GetParametersForImport accepts, and for which key spec's material
// (docs/kms-behaviour.md 4.2 and the model's doc strings). AWS's texts are not known [?]; these name the rule broken.

import type { AlgorithmSpec, KeySpec, WrappingKeySpec } from '../api/model.generated.js';
import { UnsupportedOperationException, ValidationException } from '../api/errors.js';
import { keyFamily } from '../domain/key-spec.js';
import type { RsaKeySpec } from '../crypto/key-spec-parameters.js';

/** Checks on the request alone, before the key is looked up. Returns the RSA wrapping key spec to generate. */
export function assertWrappingRequest(algorithm: AlgorithmSpec, wrappingKeySpec: WrappingKeySpec): RsaKeySpec {
  if (algorithm === 'RSAES_PKCS1_V1_5') {
    // No longer supported by AWS since 10 October 2023 (4.2).
    throw new ValidationException(
      'The RSAES_PKCS1_V1_5 wrapping algorithm is not supported. Use RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.',
    );
  }
  // SM2 wrapping exists only in AWS's China Regions; openkms has no SM2 implementation.
  if (wrappingKeySpec === 'SM2' || algorithm === 'SM2PKE') {
    throw new UnsupportedOperationException(
      'This openkms server does not support SM2: WrappingKeySpec SM2 and WrappingAlgorithm SM2PKE are not available. Use an RSA wrapping key spec.',
    );
  }
  return wrappingKeySpec;
}

/** Which algorithms can carry the key spec's material (4.2): RSA_AES_* only for RSA and ECC; RSAES_OAEP_* for all but RSA. */
export function assertWrappingFitsKeySpec(keySpec: KeySpec, algorithm: AlgorithmSpec, wrappingKeySpec: RsaKeySpec): void {
  const family = keyFamily(keySpec);
  if (family === 'sm2' || family === 'ml-dsa' || family === 'ed25519') {
    throw new UnsupportedOperationException(`Importing key material of KeySpec ${keySpec} is not supported by this openkms server.`);
  }
  const hybrid = algorithm === 'RSA_AES_KEY_WRAP_SHA_1' || algorithm === 'RSA_AES_KEY_WRAP_SHA_256';
  if (hybrid && family !== 'rsa' && family !== 'ecc') {
    throw new ValidationException(
      `WrappingAlgorithm ${algorithm} is supported only for RSA and ECC key material, not for KeySpec ${keySpec}. Use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1.`,
    );
  }
  if (!hybrid && family === 'rsa') {
    throw new ValidationException(
      `RSA key material (KeySpec ${keySpec}) must be wrapped with RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1, not ${algorithm}.`,
    );
  }
  // A P-521 PKCS#8 key (~241 bytes) does not fit one OAEP block of a 2048-bit modulus.
  if (!hybrid && keySpec === 'ECC_NIST_P521' && wrappingKeySpec === 'RSA_2048') {
    throw new ValidationException(
      `WrappingAlgorithm ${algorithm} with WrappingKeySpec RSA_2048 cannot wrap ECC_NIST_P521 key material. Use an RSA_AES wrapping algorithm or a longer RSA wrapping key.`,
    );
  }
}
