// The parsed, reusable form of one key material: what loadKeyMaterial returns and every
// operation in src/crypto takes, so hot paths never re-parse DER or re-derive ML-DSA keys.
import type { KeyObject } from 'node:crypto';
import type { HmacKeySpec, MlDsaKeySpec, NodeAsymmetricKeySpec } from './key-spec-parameters.js';

/** SYMMETRIC_DEFAULT and HMAC_* material, held as a node secret KeyObject (outside the JS heap). */
export interface SecretKeyHandle {
  readonly kind: 'secret';
  readonly keySpec: 'SYMMETRIC_DEFAULT' | HmacKeySpec;
  readonly secretKey: KeyObject;
}

/** RSA, ECC and Ed25519 material: node KeyObjects for the private key and its public key. */
export interface NodeKeyPairHandle {
  readonly kind: 'node';
  readonly keySpec: NodeAsymmetricKeySpec;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** ML-DSA material: the FIPS 204 key pair derived from the stored 32-byte seed. */
export interface MlDsaKeyPairHandle {
  readonly kind: 'ml-dsa';
  readonly keySpec: MlDsaKeySpec;
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * SM2 material: the private scalar d (32 bytes) and the uncompressed public point 04‖x‖y (65 bytes). node:crypto loads
 * SM2 keys but cannot use them for SM2DSA with an ID, SM2PKE or ECDH, so src/crypto/sm2.ts works on the raw values.
 */
export interface Sm2KeyPairHandle {
  readonly kind: 'sm2';
  readonly keySpec: 'SM2';
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export type AsymmetricKeyHandle = NodeKeyPairHandle | MlDsaKeyPairHandle | Sm2KeyPairHandle;
export type KeyHandle = SecretKeyHandle | AsymmetricKeyHandle;
