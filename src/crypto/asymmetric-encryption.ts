// Asymmetric encryption for keys with KeyUsage ENCRYPT_DECRYPT: RSAES-OAEP with SHA-1 or SHA-256 for both the OAEP
// digest and MGF1, empty label, on RSA_* keys; SM2PKE on SM2 keys (docs/kms-behaviour.md 3.3).
import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import type { EncryptionAlgorithmSpec, KeySpec } from '../api/model.generated.js';
import { IncompatibleAlgorithmError, InvalidCiphertextError, PlaintextTooLargeError } from './errors.js';
import type { AsymmetricKeyHandle, NodeKeyPairHandle, Sm2KeyPairHandle } from './key-handle.js';
import { HASH_LENGTH, isRsaKeySpec, RSA_MODULUS_BITS, type RsaKeySpec } from './key-spec-parameters.js';
import { sm2Decrypt, sm2Encrypt, SM2PKE_MAX_PLAINTEXT_BYTES } from './sm2.js';

/** The OAEP hash of each RSA encryption algorithm AWS offers (also the import wrapping algorithms). */
export function oaepHash(algorithm: string): 'sha1' | 'sha256' | undefined {
  if (algorithm === 'RSAES_OAEP_SHA_1') return 'sha1';
  if (algorithm === 'RSAES_OAEP_SHA_256') return 'sha256';
  return undefined;
}

/** Largest plaintext: k − 2·hLen − 2 bytes (RSA_2048: 214 / 190; RSA_3072: 342 / 318; RSA_4096: 470 / 446); SM2: 1024. */
export function maxPlaintextBytes(keySpec: KeySpec, algorithm: EncryptionAlgorithmSpec): number {
  if (algorithm === 'SM2PKE' && keySpec === 'SM2') return SM2PKE_MAX_PLAINTEXT_BYTES;
  const hash = oaepHash(algorithm);
  if (!hash || !isRsaKeySpec(keySpec)) throw new IncompatibleAlgorithmError(algorithm, keySpec);
  return RSA_MODULUS_BITS[keySpec] / 8 - 2 * HASH_LENGTH[hash] - 2;
}

type Plan =
  | { scheme: 'sm2'; handle: Sm2KeyPairHandle }
  | { scheme: 'rsa'; handle: NodeKeyPairHandle & { keySpec: RsaKeySpec }; hash: 'sha1' | 'sha256' };

function plan(handle: AsymmetricKeyHandle, algorithm: EncryptionAlgorithmSpec): Plan {
  if (algorithm === 'SM2PKE' && handle.kind === 'sm2') return { scheme: 'sm2', handle };
  const hash = oaepHash(algorithm);
  if (!hash || handle.kind !== 'node' || !isRsaKeySpec(handle.keySpec)) {
    throw new IncompatibleAlgorithmError(algorithm, handle.keySpec);
  }
  return { scheme: 'rsa', handle: handle as NodeKeyPairHandle & { keySpec: RsaKeySpec }, hash };
}

/**
 * Encrypts with the public key: RSA gives one modulus-length block, SM2PKE the ASN.1 form of C1, C3, C2.
 * @throws PlaintextTooLargeError past maxPlaintextBytes, with AWS's message.
 */
export function encryptAsymmetric(
  key: AsymmetricKeyHandle,
  algorithm: EncryptionAlgorithmSpec,
  plaintext: Uint8Array,
): Buffer {
  const p = plan(key, algorithm);
  const max = maxPlaintextBytes(p.handle.keySpec, algorithm);
  if (plaintext.length > max) throw new PlaintextTooLargeError(algorithm, p.handle.keySpec, max);
  return p.scheme === 'sm2' ? sm2Encrypt(p.handle, plaintext) : oaepEncrypt(p.handle.publicKey, p.hash, plaintext);
}

/**
 * Decrypts an RSAES-OAEP or SM2PKE ciphertext, e.g. one made offline with the key's public key.
 * @throws InvalidCiphertextError on a wrong length, wrong key, wrong algorithm, bad padding or bad SM2 ciphertext.
 */
export function decryptAsymmetric(
  key: AsymmetricKeyHandle,
  algorithm: EncryptionAlgorithmSpec,
  ciphertext: Uint8Array,
): Buffer {
  const p = plan(key, algorithm);
  if (p.scheme === 'sm2') return sm2Decrypt(p.handle, ciphertext);
  // One RSA block exactly; OpenSSL would accept shorter input as if zero-padded on the left.
  if (ciphertext.length !== RSA_MODULUS_BITS[p.handle.keySpec] / 8) throw new InvalidCiphertextError();
  return oaepDecrypt(p.handle.privateKey, p.hash, ciphertext);
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
