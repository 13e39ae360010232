// Generates key material for every AWS KeySpec in its storable form, and loads stored or
// imported material into a reusable KeyHandle (docs/kms-behaviour.md 2.2, 4.4).
import { createPublicKey, createSecretKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../api/model.generated.js';
import { IncorrectKeyMaterialError } from './errors.js';
import type { KeyHandle } from './key-handle.js';
import {
  CURVES,
  HMAC_MAX_KEY_BYTES,
  HMAC_SPECS,
  isEccKeySpec,
  isHmacKeySpec,
  isMlDsaKeySpec,
  isRsaKeySpec,
  ML_DSA_SEED_BYTES,
  ML_DSA_SPECS,
  RSA_MODULUS_BITS,
  SYMMETRIC_KEY_BYTES,
  type NodeAsymmetricKeySpec,
} from './key-spec-parameters.js';
import { parsePrivateKeyMaterial } from './private-key-material.js';
import { loadSm2KeyMaterial } from './sm2-key.js';

/**
 * Fresh key material for `keySpec`:
 * - SYMMETRIC_DEFAULT: 32 random bytes (one AES-256 key);
 * - HMAC_224/256/384/512: random bytes of the digest length, 28/32/48/64 (see HMAC_SPECS);
 * - RSA_*, ECC_*, ECC_NIST_EDWARDS25519, SM2: the DER PKCS#8 PrivateKeyInfo of a new key pair;
 * - ML_DSA_*: the 32-byte FIPS 204 seed ξ; the key pair is re-derived from it on load.
 * Asynchronous because RSA generation runs on libuv's thread pool (RSA_4096 takes ~1 s). Nothing bounds how many run
 * at once here: the server makes key material through KeyPairGenerator, which does.
 */
export async function generateKeyMaterial(keySpec: KeySpec): Promise<Buffer> {
  if (keySpec === 'SYMMETRIC_DEFAULT') return randomBytes(SYMMETRIC_KEY_BYTES);
  if (isHmacKeySpec(keySpec)) return randomBytes(HMAC_SPECS[keySpec].keyBytes);
  if (isMlDsaKeySpec(keySpec)) return randomBytes(ML_DSA_SEED_BYTES);
  return (await generateNodeKeyPair(keySpec)).privateKeyPkcs8Der;
}

/** Key specs whose material is a key pair that node:crypto generates (ML-DSA material is a seed instead). */
export type KeyPairSpec = NodeAsymmetricKeySpec | 'SM2';

export function isKeyPairSpec(keySpec: KeySpec): keySpec is KeyPairSpec {
  return isRsaKeySpec(keySpec) || isEccKeySpec(keySpec) || keySpec === 'ECC_NIST_EDWARDS25519' || keySpec === 'SM2';
}

/** A DER key pair made by node:crypto: PKCS#8 private key and X.509 SubjectPublicKeyInfo. */
export interface DerKeyPair {
  readonly privateKeyPkcs8Der: Buffer;
  readonly publicKeySpkiDer: Buffer;
}

/**
 * Generates an RSA, ECC, Ed25519 or SM2 key pair off the main thread, on libuv's thread pool, with no bound of its own
 * (KeyPairGenerator admits the server's calls). OpenSSL makes SM2 keys like any named-curve EC key (id-ecPublicKey,
 * namedCurve SM2), which is the form AWS uses for SM2 public keys and imported SM2 material.
 */
export function generateNodeKeyPair(keySpec: KeyPairSpec): Promise<DerKeyPair> {
  const encoding = {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKeySpkiDer: Buffer, privateKeyPkcs8Der: Buffer): void => {
      if (error) reject(error);
      else resolve({ privateKeyPkcs8Der, publicKeySpkiDer });
    };
    if (isRsaKeySpec(keySpec)) {
      generateKeyPair('rsa', { modulusLength: RSA_MODULUS_BITS[keySpec], publicExponent: 65537, ...encoding }, done);
    } else if (isEccKeySpec(keySpec)) {
      generateKeyPair('ec', { namedCurve: CURVES[keySpec].nodeCurve, ...encoding }, done);
    } else if (keySpec === 'SM2') {
      generateKeyPair('ec', { namedCurve: 'SM2', ...encoding }, done);
    } else {
      generateKeyPair('ed25519', encoding, done);
    }
  });
}

/**
 * Parses key material into a KeyHandle, checking it meets the key spec's requirements
 * (docs/kms-behaviour.md 4.4) — so the same call validates imported material.
 * The handle holds its own copy: the caller may zeroize `material` afterwards.
 * @throws IncorrectKeyMaterialError when the material does not fit the key spec.
 */
export function loadKeyMaterial(keySpec: KeySpec, material: Uint8Array): KeyHandle {
  if (keySpec === 'SYMMETRIC_DEFAULT') {
    if (material.length !== SYMMETRIC_KEY_BYTES) {
      throw new IncorrectKeyMaterialError(keySpec, `expected ${SYMMETRIC_KEY_BYTES} bytes, got ${material.length}`);
    }
    return { kind: 'secret', keySpec, secretKey: createSecretKey(material) };
  }
  if (isHmacKeySpec(keySpec)) {
    const minimum = HMAC_SPECS[keySpec].keyBytes;
    if (material.length < minimum || material.length > HMAC_MAX_KEY_BYTES) {
      throw new IncorrectKeyMaterialError(
        keySpec,
        `expected ${minimum} to ${HMAC_MAX_KEY_BYTES} bytes, got ${material.length}`,
      );
    }
    return { kind: 'secret', keySpec, secretKey: createSecretKey(material) };
  }
  if (isMlDsaKeySpec(keySpec)) {
    if (material.length !== ML_DSA_SEED_BYTES) {
      throw new IncorrectKeyMaterialError(keySpec, `expected a ${ML_DSA_SEED_BYTES}-byte seed, got ${material.length}`);
    }
    // keygen reads the seed without keeping it; the copy keeps the caller's buffer theirs.
    const { secretKey, publicKey } = ML_DSA_SPECS[keySpec].scheme.keygen(Uint8Array.from(material));
    return { kind: 'ml-dsa', keySpec, secretKey, publicKey };
  }
  if (keySpec === 'SM2') return loadSm2KeyMaterial(material);
  const privateKey = parsePrivateKeyMaterial(keySpec, material);
  return { kind: 'node', keySpec, privateKey, publicKey: derivePublicKey(privateKey) };
}

// For EC keys the public key is rebuilt from its JWK coordinates: imported PKCS#8 may embed a
// compressed point, and OpenSSL would keep that form when exporting; GetPublicKey must give the
// uncompressed point (docs/kms-behaviour.md 3.10).
function derivePublicKey(privateKey: KeyObject): KeyObject {
  if (privateKey.asymmetricKeyType !== 'ec') return createPublicKey(privateKey);
  const { kty, crv, x, y } = privateKey.export({ format: 'jwk' });
  return createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
}
