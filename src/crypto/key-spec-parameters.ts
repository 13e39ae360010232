// The cryptographic parameters behind each AWS KeySpec: modulus sizes, curves, hashes and HMAC
// lengths (docs/kms-behaviour.md 2.2, 3.3–3.5, 4.4). Which specs allow which usage is domain/'s job.
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import type { KeySpec } from '../api/model.generated.js';

export type RsaKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
export type EccKeySpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1';
export type HmacKeySpec = 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512';
export type MlDsaKeySpec = 'ML_DSA_44' | 'ML_DSA_65' | 'ML_DSA_87';
/** Specs whose private key node:crypto holds as a KeyObject. */
export type NodeAsymmetricKeySpec = RsaKeySpec | EccKeySpec | 'ECC_NIST_EDWARDS25519';

/** A node:crypto hash name as AWS's algorithms use them. */
export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** Output length in bytes of each hash. */
export const HASH_LENGTH: Readonly<Record<HashName, number>> = {
  sha1: 20,
  sha224: 28,
  sha256: 32,
  sha384: 48,
  sha512: 64,
};

export const RSA_MODULUS_BITS: Readonly<Record<RsaKeySpec, number>> = {
  RSA_2048: 2048,
  RSA_3072: 3072,
  RSA_4096: 4096,
};

export interface CurveParameters {
  /** OpenSSL's curve name, as node:crypto reports it in asymmetricKeyDetails.namedCurve. */
  readonly nodeCurve: 'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1';
  /** Length of one field element (x, y, ECDH shared secret Z) in bytes. */
  readonly fieldBytes: number;
  /** The one ECDSA hash AWS allows on this curve (docs/kms-behaviour.md 3.4). */
  readonly ecdsaHash: 'sha256' | 'sha384' | 'sha512';
}

export const CURVES: Readonly<Record<EccKeySpec, CurveParameters>> = {
  ECC_NIST_P256: { nodeCurve: 'prime256v1', fieldBytes: 32, ecdsaHash: 'sha256' },
  ECC_NIST_P384: { nodeCurve: 'secp384r1', fieldBytes: 48, ecdsaHash: 'sha384' },
  ECC_NIST_P521: { nodeCurve: 'secp521r1', fieldBytes: 66, ecdsaHash: 'sha512' },
  ECC_SECG_P256K1: { nodeCurve: 'secp256k1', fieldBytes: 32, ecdsaHash: 'sha256' },
};

export interface HmacParameters {
  readonly hash: 'sha224' | 'sha256' | 'sha384' | 'sha512';
  readonly macAlgorithm: 'HMAC_SHA_224' | 'HMAC_SHA_256' | 'HMAC_SHA_384' | 'HMAC_SHA_512';
  /**
   * Key material length openkms generates, and the minimum it accepts on import: the digest
   * length. AWS does not publish its generated length; 4.4 sets the import minimum to the
   * spec's length, so generated and imported material obey one rule.
   */
  readonly keyBytes: number;
}

export const HMAC_SPECS: Readonly<Record<HmacKeySpec, HmacParameters>> = {
  HMAC_224: { hash: 'sha224', macAlgorithm: 'HMAC_SHA_224', keyBytes: 28 },
  HMAC_256: { hash: 'sha256', macAlgorithm: 'HMAC_SHA_256', keyBytes: 32 },
  HMAC_384: { hash: 'sha384', macAlgorithm: 'HMAC_SHA_384', keyBytes: 48 },
  HMAC_512: { hash: 'sha512', macAlgorithm: 'HMAC_SHA_512', keyBytes: 64 },
};

/** Imported HMAC material may be up to 1024 bits (docs/kms-behaviour.md 4.4). */
export const HMAC_MAX_KEY_BYTES = 128;

/** SYMMETRIC_DEFAULT material is one AES-256 key (docs/kms-behaviour.md 4.4). */
export const SYMMETRIC_KEY_BYTES = 32;

/** ML-DSA material is the 32-byte FIPS 204 key-generation seed ξ. */
export const ML_DSA_SEED_BYTES = 32;

export interface MlDsaParameters {
  /** @noble/post-quantum's implementation of the parameter set. */
  readonly scheme: typeof ml_dsa44;
  /** id-ml-dsa-44/65/87 (FIPS 204, NIST CSOR; docs/kms-behaviour.md 3.10). */
  readonly oid: string;
  readonly publicKeyBytes: number;
  readonly signatureBytes: number;
}

export const ML_DSA_SPECS: Readonly<Record<MlDsaKeySpec, MlDsaParameters>> = {
  ML_DSA_44: { scheme: ml_dsa44, oid: '2.16.840.1.101.3.4.3.17', publicKeyBytes: 1312, signatureBytes: 2420 },
  ML_DSA_65: { scheme: ml_dsa65, oid: '2.16.840.1.101.3.4.3.18', publicKeyBytes: 1952, signatureBytes: 3309 },
  ML_DSA_87: { scheme: ml_dsa87, oid: '2.16.840.1.101.3.4.3.19', publicKeyBytes: 2592, signatureBytes: 4627 },
};

export function isRsaKeySpec(keySpec: KeySpec): keySpec is RsaKeySpec {
  return keySpec in RSA_MODULUS_BITS;
}

export function isEccKeySpec(keySpec: KeySpec): keySpec is EccKeySpec {
  return keySpec in CURVES;
}

export function isHmacKeySpec(keySpec: KeySpec): keySpec is HmacKeySpec {
  return keySpec in HMAC_SPECS;
}

export function isMlDsaKeySpec(keySpec: KeySpec): keySpec is MlDsaKeySpec {
  return keySpec in ML_DSA_SPECS;
}
