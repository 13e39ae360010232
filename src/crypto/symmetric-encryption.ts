// SYMMETRIC_DEFAULT encryption: AES-256-GCM under a per-message key derived from the key material
// with SP 800-108 (docs/kms-behaviour.md 3.2), packed into the blob of docs/ciphertext-blob.md.
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { pooledRandomBytes } from './random-pool.js';
import {
  encodeCiphertextBlobHeader,
  IV_BYTES,
  SALT_BYTES,
  TAG_BYTES,
  type CiphertextBlobHeader,
  type ParsedCiphertextBlob,
} from './ciphertext-blob.js';
import { counterModeKdf } from './counter-mode-kdf.js';
import { canonicalEncryptionContext, type EncryptionContext } from './encryption-context.js';
import { IncompatibleAlgorithmError, InvalidCiphertextError } from './errors.js';
import type { SecretKeyHandle } from './key-handle.js';
import { zeroize } from './zeroize.js';

// SP 800-108 fixed input = Label ‖ 0x00 ‖ Context ‖ [L]₃₂, with Context = the blob's random salt.
const LABEL_AND_SEPARATOR = Buffer.from('openkms SYMMETRIC_DEFAULT v1\0', 'latin1');
const OUTPUT_BITS = Buffer.of(0, 0, 1, 0); // L = 256

/** The AES-256 key for one message: K(1) of the counter-mode KDF over the salt. */
function deriveMessageKey(secretKey: KeyObject, salt: Uint8Array): Buffer {
  return counterModeKdf(secretKey, LABEL_AND_SEPARATOR, salt, OUTPUT_BITS);
}

function requireSymmetric(key: SecretKeyHandle): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new IncompatibleAlgorithmError('SYMMETRIC_DEFAULT', key.keySpec);
}

/**
 * Encrypts `plaintext` into a version 1 ciphertext blob naming `header`'s key and key material.
 * A fresh random salt (→ message key) and IV are drawn for every call. AAD = the blob header ‖
 * the canonical encryption context, so changing either makes decryption fail.
 */
export function encryptSymmetric(
  key: SecretKeyHandle,
  header: CiphertextBlobHeader,
  plaintext: Uint8Array,
  encryptionContext?: EncryptionContext,
): Buffer {
  requireSymmetric(key);
  const random = pooledRandomBytes(SALT_BYTES + IV_BYTES);
  const salt = random.subarray(0, SALT_BYTES);
  const iv = random.subarray(SALT_BYTES);
  const headerBytes = encodeCiphertextBlobHeader(header, salt, iv);
  const messageKey = deriveMessageKey(key.secretKey, salt);
  const cipher = createCipheriv('aes-256-gcm', messageKey, iv, { authTagLength: TAG_BYTES });
  zeroize(messageKey); // the cipher context holds its own copy
  cipher.setAAD(headerBytes);
  const context = canonicalEncryptionContext(encryptionContext);
  if (context.length > 0) cipher.setAAD(context);
  const ciphertext = cipher.update(plaintext);
  cipher.final(); // GCM emits nothing at final
  return Buffer.concat([headerBytes, ciphertext, cipher.getAuthTag()]);
}

/**
 * Decrypts a parsed blob with the key material it names (the caller looks that up from
 * blob.keyId / blob.keyMaterialId). The encryption context must equal the one used to encrypt.
 * @throws InvalidCiphertextError when the tag, header or encryption context does not match.
 */
export function decryptSymmetric(
  key: SecretKeyHandle,
  blob: ParsedCiphertextBlob,
  encryptionContext?: EncryptionContext,
): Buffer {
  requireSymmetric(key);
  const messageKey = deriveMessageKey(key.secretKey, blob.salt);
  const decipher = createDecipheriv('aes-256-gcm', messageKey, blob.iv, { authTagLength: TAG_BYTES });
  zeroize(messageKey);
  decipher.setAuthTag(blob.tag);
  decipher.setAAD(blob.header);
  const context = canonicalEncryptionContext(encryptionContext);
  if (context.length > 0) decipher.setAAD(context);
  const plaintext = decipher.update(blob.ciphertext);
  try {
    decipher.final();
  } catch {
    // GCM hands out plaintext before it checks the tag: never let unauthenticated bytes escape.
    zeroize(plaintext);
    throw new InvalidCiphertextError();
  }
  return plaintext;
}
