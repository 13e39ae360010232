// ImportKeyMaterial's unwrapping: RSAES-OAEP, RSA-OAEP of an ephemeral AES key followed by AES Key Wrap with
// Padding (RFC 5649) of the material, or SM2PKE under an SM2 wrapping key (docs/kms-behaviour.md 4.3).
import { createDecipheriv } from 'node:crypto';
import type { AlgorithmSpec } from '../api/model.generated.js';
import { oaepDecrypt } from './asymmetric-encryption.js';
import { InvalidCiphertextError, KeyMaterialUnwrapError, UnsupportedAlgorithmError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { isRsaKeySpec, RSA_MODULUS_BITS } from './key-spec-parameters.js';
import { sm2Decrypt } from './sm2.js';
import { zeroize } from './zeroize.js';

/** RFC 5649's alternative initial value, which OpenSSL takes as the IV of id-aes*-wrap-pad. */
const KWP_ALTERNATIVE_IV = Buffer.from('a65959a6', 'hex');

const KWP_CIPHERS: Readonly<Record<number, string>> = {
  16: 'id-aes128-wrap-pad',
  24: 'id-aes192-wrap-pad',
  32: 'id-aes256-wrap-pad',
};

/**
 * Recovers the plaintext key material from EncryptedKeyMaterial with the private key of the
 * wrapping key pair handed out by GetParametersForImport. The caller owns (and zeroizes) the result.
 * - RSAES_OAEP_SHA_1 / _256: one modulus-length OAEP block, same hash for MGF1, empty label.
 * - RSA_AES_KEY_WRAP_SHA_1 / _256: the first modulus-length bytes OAEP-wrap an AES key (AWS's
 *   procedure uses AES-256; 128 and 192 are accepted too), the rest is the material wrapped
 *   with that key by AES-KWP.
 * - SM2PKE: one SM2 ciphertext (ASN.1 C1, C3, C2) of the whole material, of any length.
 * @throws KeyMaterialUnwrapError on a wrong key, algorithm, length or corrupted bytes.
 * @throws UnsupportedAlgorithmError for RSAES_PKCS1_V1_5 (retired by AWS in 2023, 4.2).
 */
export function unwrapKeyMaterial(
  wrappingKey: AsymmetricKeyHandle,
  wrappingAlgorithm: AlgorithmSpec,
  encryptedKeyMaterial: Uint8Array,
): Buffer {
  if (wrappingAlgorithm === 'SM2PKE') return sm2Unwrap(wrappingKey, encryptedKeyMaterial);
  const hash = {
    RSAES_OAEP_SHA_1: 'sha1',
    RSAES_OAEP_SHA_256: 'sha256',
    RSA_AES_KEY_WRAP_SHA_1: 'sha1',
    RSA_AES_KEY_WRAP_SHA_256: 'sha256',
  } as const;
  if (!(wrappingAlgorithm in hash)) throw new UnsupportedAlgorithmError(wrappingAlgorithm);
  const oaep = hash[wrappingAlgorithm as keyof typeof hash];
  if (wrappingKey.kind !== 'node' || !isRsaKeySpec(wrappingKey.keySpec)) {
    throw new KeyMaterialUnwrapError(wrappingAlgorithm);
  }
  const modulusBytes = RSA_MODULUS_BITS[wrappingKey.keySpec] / 8;
  const hybrid = wrappingAlgorithm.startsWith('RSA_AES_KEY_WRAP');
  // OAEP alone: exactly one block. Hybrid: one block plus at least one 16-byte KWP output.
  const length = encryptedKeyMaterial.length;
  if (hybrid ? length < modulusBytes + 16 : length !== modulusBytes) throw new KeyMaterialUnwrapError(wrappingAlgorithm);
  const rsaPart = encryptedKeyMaterial.subarray(0, modulusBytes);
  let unwrapped: Buffer;
  try {
    unwrapped = oaepDecrypt(wrappingKey.privateKey, oaep, rsaPart);
  } catch (error) {
    if (error instanceof InvalidCiphertextError) throw new KeyMaterialUnwrapError(wrappingAlgorithm);
    throw error;
  }
  if (!hybrid) return unwrapped;
  try {
    return aesKeyUnwrapWithPadding(unwrapped, encryptedKeyMaterial.subarray(modulusBytes));
  } catch {
    throw new KeyMaterialUnwrapError(wrappingAlgorithm);
  } finally {
    zeroize(unwrapped);
  }
}

function sm2Unwrap(wrappingKey: AsymmetricKeyHandle, encryptedKeyMaterial: Uint8Array): Buffer {
  if (wrappingKey.kind !== 'sm2') throw new KeyMaterialUnwrapError('SM2PKE');
  try {
    return sm2Decrypt(wrappingKey, encryptedKeyMaterial);
  } catch (error) {
    if (error instanceof InvalidCiphertextError) throw new KeyMaterialUnwrapError('SM2PKE');
    throw error;
  }
}

/**
 * AES Key Wrap with Padding unwrap (RFC 5649) under a 128-, 192- or 256-bit key encryption key.
 * Throws (a plain Error) when the key size is wrong or the integrity check fails.
 */
export function aesKeyUnwrapWithPadding(keyEncryptionKey: Uint8Array, wrapped: Uint8Array): Buffer {
  const cipher = KWP_CIPHERS[keyEncryptionKey.length];
  if (!cipher) throw new Error('The AES key must be 128, 192 or 256 bits.');
  const decipher = createDecipheriv(cipher, keyEncryptionKey, KWP_ALTERNATIVE_IV);
  const head = decipher.update(wrapped);
  try {
    return Buffer.concat([head, decipher.final()]);
  } finally {
    zeroize(head);
  }
}
