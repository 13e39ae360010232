// The KeyStore seam: encryption and decryption under a symmetric KMS key, new key material and forgetting cached
// material, answered by the store that holds the key's material, so operations never see the material of such a key.

import type { ParsedCiphertextBlob } from '../crypto/ciphertext-blob.js';
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';

/** A symmetric ciphertext and the key material that made it (Decrypt and ReEncrypt report it, the audit record too). */
export interface Encrypted {
  /** A ciphertext blob of docs/ciphertext-blob.md: it names the key, its account and the material. */
  ciphertextBlob: Buffer;
  keyMaterialId: string;
}

/** Who asked, for stores that pass it on (an XKS proxy receives it as requestMetadata); the local store ignores it. */
export interface KeyStoreCall {
  operation: string;
  requestId: string;
  principalArn: string;
}

export interface Decrypted {
  /** The caller's to zero once used. */
  plaintext: Buffer;
  keyMaterialId: string;
}

/**
 * Where the material of a key lives, and what may be done with it there. One implementation per kind of store: local
 * (keystore/local/, material openkms holds sealed in its own storage) and external key stores behind an XKS proxy
 * (keystore/external/). keystore/key-stores.ts picks the store of each key. src/keystore/key-store-conformance.ts is the contract
 * every implementation runs; operations/ checks key state, usage and permissions before it calls any of these.
 */
export interface KeyStore {
  /**
   * Encrypts `plaintext` under the key's current material, with `encryptionContext` as additional authenticated data.
   * @throws KeyMaterialMissingError when the key has no current material.
   */
  encrypt(key: KmsKey, plaintext: Uint8Array, encryptionContext?: EncryptionContext, call?: KeyStoreCall): Promise<Encrypted>;

  /**
   * Decrypts a blob the caller parsed and matched to `key` (operations/steps/symmetric-ciphertext.ts), with the
   * material the blob names, which need not be current.
   * @throws InvalidCiphertextError (src/crypto) for a blob of another key, material the key does not have, a changed
   * blob or another encryption context: operations answer all of them with InvalidCiphertextException, no message.
   */
  decrypt(key: KmsKey, blob: ParsedCiphertextBlob, encryptionContext?: EncryptionContext, call?: KeyStoreCall): Promise<Decrypted>;

  /**
   * Fresh material for `key`, as a CURRENT record with a new id, for CreateKey and rotations to store
   * (keystore/rotate-key-material.ts makes it current). The record's plaintext material is the caller's to zero.
   * @throws CapacityExceededError (src/crypto) when the server's key-pair limits do not admit its generation.
   */
  newMaterial(key: Pick<KmsKey, 'keyId' | 'keySpec'>, now: Date): Promise<KeyMaterialRecord>;

  /** Drops what the store keeps of the key's material in memory (after the key or some of its material is deleted). */
  forget(key: Pick<KmsKey, 'arn'>): void;
}
