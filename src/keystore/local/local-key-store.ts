// The KeyStore of keys whose material openkms holds itself (origin AWS_KMS and EXTERNAL): AES-256-GCM ciphertext
// blobs under material read from storage (docs/ciphertext-blob.md), and typed handles of asymmetric and HMAC material.

import type { ParsedCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import type { EncryptionContext } from '../../crypto/encryption-context.js';
import { IncompatibleAlgorithmError, IncorrectKeyMaterialError, InvalidCiphertextError } from '../../crypto/errors.js';
import type { AsymmetricKeyHandle, KeyHandle, SecretKeyHandle } from '../../crypto/key-handle.js';
import { decryptSymmetric, encryptSymmetric } from '../../crypto/symmetric-encryption.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { StoreReader } from '../../storage/repository.js';
import { KeyMaterialMissingError } from '../errors.js';
import type { Decrypted, Encrypted, KeyStore } from '../key-store.js';
import type { CachedMaterial, KeyMaterialService } from './key-material-service.js';

/**
 * Asymmetric and HMAC keys live here only (as in AWS, custom key stores hold symmetric encryption keys alone), so
 * their operations ask this store for the handle they need: `asymmetricHandle` or `secretHandle`.
 */
export class LocalKeyStore implements KeyStore {
  constructor(
    private readonly store: StoreReader,
    private readonly materials: KeyMaterialService,
  ) {}

  async encrypt(key: KmsKey, plaintext: Uint8Array, encryptionContext?: EncryptionContext): Promise<Encrypted> {
    const { keyMaterialId, handle } = await this.#current(key);
    const header = { keyId: key.keyId, accountId: key.accountId, keyMaterialId };
    return { ciphertextBlob: encryptSymmetric(symmetricHandle(handle), header, plaintext, encryptionContext), keyMaterialId };
  }

  async decrypt(key: KmsKey, blob: ParsedCiphertextBlob, encryptionContext?: EncryptionContext): Promise<Decrypted> {
    // Operations match the blob to the key before they call; this store refuses a mismatch all the same.
    if (blob.keyId !== key.keyId || blob.accountId !== key.accountId) throw new InvalidCiphertextError('The blob names another key.');
    const material = await this.#load(key, blob.keyMaterialId);
    if (!material) throw new InvalidCiphertextError('The key has no material under the id the blob names.');
    return { plaintext: decryptSymmetric(symmetricHandle(material.handle), blob, encryptionContext), keyMaterialId: material.keyMaterialId };
  }

  newMaterial(key: Pick<KmsKey, 'keyId' | 'keySpec'>, now: Date): Promise<KeyMaterialRecord> {
    return this.materials.generate(key.keyId, key.keySpec, now);
  }

  forget(key: Pick<KmsKey, 'arn'>): void {
    this.materials.forget(key);
  }

  /**
   * The key pair of an asymmetric key's current material. A key spec fixes the kind of its material (loadKeyMaterial)
   * and operations ask for a key pair only after checking the key's usage and spec, so secret material here cannot
   * happen for a valid key: it is openkms's bug, thrown as a plain Error that the pipeline answers as an internal error.
   * @throws KeyMaterialMissingError when the key has no current material.
   */
  async asymmetricHandle(key: KmsKey): Promise<AsymmetricKeyHandle> {
    const { handle } = await this.#current(key);
    if (handle.kind === 'secret') throw new Error(`Internal error: ${key.arn} holds secret key material, not a key pair.`);
    return handle;
  }

  /**
   * The secret of an HMAC key's current material; a key pair here is openkms's bug, as in `asymmetricHandle`.
   * @throws KeyMaterialMissingError when the key has no current material.
   */
  async secretHandle(key: KmsKey): Promise<SecretKeyHandle> {
    const { handle } = await this.#current(key);
    if (handle.kind !== 'secret') throw new Error(`Internal error: ${key.arn} holds a key pair, not secret key material.`);
    return handle;
  }

  async #current(key: KmsKey): Promise<CachedMaterial> {
    const material = await this.#load(key, key.currentKeyMaterialId);
    if (!material) throw new KeyMaterialMissingError(key.arn);
    return material;
  }

  /**
   * Stored material was checked against its key spec when it was made or imported, and the seal authenticates it: if
   * it no longer loads, that is no client's doing, so the crypto error (which operations would answer as
   * IncorrectKeyMaterialException) becomes an internal one.
   */
  async #load(key: KmsKey, keyMaterialId: string | undefined): Promise<CachedMaterial | undefined> {
    try {
      return await this.materials.material(this.store, key, keyMaterialId);
    } catch (error) {
      if (error instanceof IncorrectKeyMaterialError) throw new Error(`Internal error: the stored key material of ${key.arn} does not load.`, { cause: error });
      throw error;
    }
  }
}

/** Only symmetric encryption material makes and opens these blobs; other material is refused as encryptSymmetric refuses HMAC material. */
function symmetricHandle(handle: KeyHandle): SecretKeyHandle {
  if (handle.kind !== 'secret' || handle.keySpec !== 'SYMMETRIC_DEFAULT') throw new IncompatibleAlgorithmError('SYMMETRIC_DEFAULT', handle.keySpec);
  return handle;
}
