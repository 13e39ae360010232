// RSA encryption for RSA_* keys with KeyUsage ENCRYPT_DECRYPT: RSAES-OAEP with SHA-1 or SHA-256
// for both the OAEP digest and MGF1, empty label (docs/kms-behaviour.md 3.3).
import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import type { EncryptionAlgorithmSpec, KeySpec } from '../api/model.generated.js';
import {
  IncompatibleAlgorithmError,
  InvalidCiphertextError,
  PlaintextTooLargeError,
  UnsupportedAlgorithmError,
} from './errors.js';
import type { AsymmetricKeyHandle, NodeKeyPairHandle } from './key-handle.js';
import { HASH_LENGTH, isRsaKeySpec, RSA_MODULUS_BITS, type RsaKeySpec } from './key-spec-parameters.js';

/** The OAEP hash of each RSA encryption algorithm AWS offers (also the import wrapping algorithms). */
export function oaepHash(algorithm: string): 'sha1' | 'sha256' | undefined {
  if (algorithm === 'RSAES_OAEP_SHA_1') return 'sha1';
  if (algorithm === 'RSAES_OAEP_SHA_256') return 'sha256';
  return undefined;
}

/** Largest plaintext: k − 2·hLen − 2 bytes (RSA_2048: 214 / 190; RSA_3072: 342 / 318; RSA_4096: 470 / 446). */
export function maxPlaintextBytes(keySpec: KeySpec, algorithm: EncryptionAlgorithmSpec): number {
  const hash = oaepHash(algorithm);
  if (!hash || !isRsaKeySpec(keySpec)) throw new IncompatibleAlgorithmError(algorithm, keySpec);
  return RSA_MODULUS_BITS[keySpec] / 8 - 2 * HASH_LENGTH[hash] - 2;
}

function rsaHandle(handle: AsymmetricKeyHandle, algorithm: EncryptionAlgorithmSpec): {
  handle: NodeKeyPairHandle & { keySpec: RsaKeySpec };
  hash: 'sha1' | 'sha256';
} {
  if (algorithm === 'SM2PKE') throw new UnsupportedAlgorithmError(algorithm);
  const hash = oaepHash(algorithm);
  if (!hash || handle.kind !== 'node' || !isRsaKeySpec(handle.keySpec)) {
    throw new IncompatibleAlgorithmError(algorithm, handle.keySpec);
  }
  return { handle: handle as NodeKeyPairHandle & { keySpec: RsaKeySpec }, hash };
}

/**
 * Encrypts with the public key; the ciphertext is one modulus-length block.
 * @throws PlaintextTooLargeError past maxPlaintextBytes, with AWS's message.
 */
export function encryptAsymmetric(
  key: AsymmetricKeyHandle,
  algorithm: EncryptionAlgorithmSpec,
  plaintext: Uint8Array,
): Buffer {
  const { handle, hash } = rsaHandle(key, algorithm);
  const max = maxPlaintextBytes(handle.keySpec, algorithm);
  if (plaintext.length > max) throw new PlaintextTooLargeError(algorithm, handle.keySpec, max);
  return oaepEncrypt(handle.publicKey, hash, plaintext);
}

/**
 * Decrypts an RSAES-OAEP ciphertext, e.g. one made offline with the key's public key.
 * @throws InvalidCiphertextError on a wrong length, wrong key, wrong algorithm or bad padding.
 */
export function decryptAsymmetric(
  key: AsymmetricKeyHandle,
  algorithm: EncryptionAlgorithmSpec,
  ciphertext: Uint8Array,
): Buffer {
  const { handle, hash } = rsaHandle(key, algorithm);
  // One RSA block exactly; OpenSSL would accept shorter input as if zero-padded on the left.
  if (ciphertext.length !== RSA_MODULUS_BITS[handle.keySpec] / 8) throw new InvalidCiphertextError();
  return oaepDecrypt(handle.privateKey, hash, ciphertext);
}

/** RSAES-OAEP encryption; OpenSSL defaults MGF1's hash to the OAEP hash, as AWS requires. */
export function oaepEncrypt(publicKey: KeyObject, hash: 'sha1' | 'sha256', plaintext: Uint8Array): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
}

/** RSAES-OAEP decryption. @throws InvalidCiphertextError when OpenSSL rejects the block. */
export function oaepDecrypt(privateKey: KeyObject, hash: 'sha1' | 'sha256', ciphertext: Uint8Array): Buffer {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext);
  } catch {
    throw new InvalidCiphertextError();
  }
}
