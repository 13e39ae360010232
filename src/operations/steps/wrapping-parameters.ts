// Which WrappingAlgorithm and WrappingKeySpec GetParametersForImport accepts, in which Region, and for which key spec's
// material (docs/kms-behaviour.md 4.2 and the model's doc strings). AWS's texts are not known [?] except the Region's;
// these name the rule broken.

import type { AlgorithmSpec, KeySpec, WrappingKeySpec } from '../../api/model.generated.js';
import { UnsupportedOperationException, ValidationException } from '../../api/errors.js';
import { keyFamily } from '../../domain/key-spec.js';
import { assertAvailableInRegion } from '../../domain/region-availability.js';

/** Checks on the request alone, before the key is looked up. Returns the wrapping key spec to generate. */
export function assertWrappingRequest(algorithm: AlgorithmSpec, wrappingKeySpec: WrappingKeySpec, region: string): WrappingKeySpec {
  if (algorithm === 'RSAES_PKCS1_V1_5') {
    // No longer supported by AWS since 10 October 2023 (4.2).
    throw new ValidationException(
      'The RSAES_PKCS1_V1_5 wrapping algorithm is not supported. Use RSAES_OAEP_SHA_256, RSAES_OAEP_SHA_1, RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1.',
    );
  }
  // SM2 and SM2PKE exist only in the China Regions, where RSA_AES_KEY_WRAP_* do not (4.2).
  assertAvailableInRegion(region, 'WrappingKeySpec', wrappingKeySpec);
  assertAvailableInRegion(region, 'WrappingAlgorithm', algorithm);
  // SM2PKE encrypts with an SM2 wrapping key, and an SM2 wrapping key serves SM2PKE only (4.3).
  if (wrappingKeySpec === 'SM2' && algorithm !== 'SM2PKE') {
    throw new ValidationException(`WrappingKeySpec SM2 can be used only with WrappingAlgorithm SM2PKE, not ${algorithm}.`);
  }
  if (algorithm === 'SM2PKE' && wrappingKeySpec !== 'SM2') {
    throw new ValidationException(`WrappingAlgorithm SM2PKE requires WrappingKeySpec SM2, not ${wrappingKeySpec}.`);
  }
  return wrappingKeySpec;
}

/**
 * Which algorithms can carry the key spec's material (4.2): SM2PKE any importable material; RSA_AES_* only RSA and
 * ECC; RSAES_OAEP_* all but RSA.
 */
export function assertWrappingFitsKeySpec(keySpec: KeySpec, algorithm: AlgorithmSpec, wrappingKeySpec: WrappingKeySpec): void {
  const family = keyFamily(keySpec);
  if (family === 'ml-dsa' || family === 'ed25519') {
    throw new UnsupportedOperationException(`Importing key material of KeySpec ${keySpec} is not supported by this openkms server.`);
  }
  // SM2 encryption has no length limit, so it wraps RSA private keys directly.
  if (algorithm === 'SM2PKE') return;
  const hybrid = algorithm === 'RSA_AES_KEY_WRAP_SHA_1' || algorithm === 'RSA_AES_KEY_WRAP_SHA_256';
  if (hybrid && family !== 'rsa' && family !== 'ecc') {
    throw new ValidationException(
      `WrappingAlgorithm ${algorithm} is supported only for RSA and ECC key material, not for KeySpec ${keySpec}. Use RSAES_OAEP_SHA_256 or RSAES_OAEP_SHA_1.`,
    );
  }
  if (!hybrid && family === 'rsa') {
    throw new ValidationException(
      `RSA key material (KeySpec ${keySpec}) must be wrapped with RSA_AES_KEY_WRAP_SHA_256 or RSA_AES_KEY_WRAP_SHA_1 (SM2PKE in China Regions), not ${algorithm}.`,
    );
  }
  // A P-521 PKCS#8 key (~241 bytes) does not fit one OAEP block of a 2048-bit modulus.
  if (!hybrid && keySpec === 'ECC_NIST_P521' && wrappingKeySpec === 'RSA_2048') {
    throw new ValidationException(
      `WrappingAlgorithm ${algorithm} with WrappingKeySpec RSA_2048 cannot wrap ECC_NIST_P521 key material. Use an RSA_AES wrapping algorithm or a longer RSA wrapping key.`,
    );
  }
}
