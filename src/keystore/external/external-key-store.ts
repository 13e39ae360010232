// The KeyStore of keys in external key stores (origin EXTERNAL_KEY_STORE): double encryption as AWS KMS does it
// (https://docs.aws.amazon.com/kms/latest/developerguide/keystore-external.html#concept-double-encryption). The
// plaintext is first encrypted by the local store under the KMS key's own material; that inner ciphertext, never the
// plaintext, goes to the store's XKS proxy, which encrypts it under the external key. Decrypt runs the other way.

import { parseCiphertextBlob, type ParsedCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import type { EncryptionContext } from '../../crypto/encryption-context.js';
import { InvalidCiphertextError } from '../../crypto/errors.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { StoreReader } from '../../storage/repository.js';
import type { XksProxyClient, XksEndpoint } from '../../xks/client/xks-proxy-client.js';
import type { XksRequestMetadata } from '../../xks/client/xks-messages.js';
import { KeyMaterialMissingError } from '../errors.js';
import type { Decrypted, Encrypted, KeyStore, KeyStoreCall } from '../key-store.js';
import type { LocalKeyStore } from '../local/local-key-store.js';
import { ExternalKeyStoreNotConnectedError, XksInnerCiphertextError } from './errors.js';
import { decodeXksCiphertext, encodeXksCiphertext, outerAad } from './xks-ciphertext.js';

export function xksEndpointOf(record: CustomKeyStoreRecord): XksEndpoint {
  return {
    uriEndpoint: record.xks.uriEndpoint,
    uriPath: record.xks.uriPath,
    accessKeyId: record.xks.accessKeyId,
    secretAccessKey: record.xks.secretAccessKey,
    region: record.region,
  };
}

export class ExternalKeyStore implements KeyStore {
  constructor(
    private readonly store: StoreReader,
    private readonly local: LocalKeyStore,
    private readonly client: XksProxyClient,
  ) {}

  async encrypt(key: KmsKey, plaintext: Uint8Array, encryptionContext?: EncryptionContext, call?: KeyStoreCall): Promise<Encrypted> {
    const endpoint = await this.#endpoint(key);
    if (!key.currentKeyMaterialId) throw new KeyMaterialMissingError(key.arn);
    const inner = await this.local.encrypt(key, plaintext, encryptionContext);
    const aad = outerAad(key.arn, inner.keyMaterialId, encryptionContext);
    const result = await this.client.encrypt(endpoint, key.xksKeyId ?? '', metadataOf(key, call), inner.ciphertextBlob, aad);
    const header = { keyId: key.keyId, accountId: key.accountId, keyMaterialId: inner.keyMaterialId };
    return { ciphertextBlob: encodeXksCiphertext(header, result), keyMaterialId: inner.keyMaterialId };
  }

  async decrypt(key: KmsKey, blob: ParsedCiphertextBlob, encryptionContext?: EncryptionContext, call?: KeyStoreCall): Promise<Decrypted> {
    // Operations match the blob to the key before they call; this store refuses a mismatch all the same.
    if (blob.keyId !== key.keyId || blob.accountId !== key.accountId) throw new InvalidCiphertextError('The blob names another key.');
    const fields = decodeXksCiphertext(blob);
    const endpoint = await this.#endpoint(key);
    const additionalAuthenticatedData = outerAad(key.arn, blob.keyMaterialId, encryptionContext);
    const inner = await this.client.decrypt(endpoint, key.xksKeyId ?? '', metadataOf(key, call), { ...fields, additionalAuthenticatedData });
    try {
      const parsed = parseCiphertextBlob(inner);
      if (parsed.keyMaterialId !== blob.keyMaterialId) throw new XksInnerCiphertextError();
      return await this.local.decrypt(key, parsed, encryptionContext);
    } catch {
      throw new XksInnerCiphertextError();
    } finally {
      inner.fill(0);
    }
  }

  /** The KMS key's own material, the inner layer's. */
  newMaterial(key: Pick<KmsKey, 'keyId' | 'keySpec'>, now: Date): Promise<KeyMaterialRecord> {
    return this.local.newMaterial(key, now);
  }

  forget(key: Pick<KmsKey, 'arn'>): void {
    this.local.forget(key);
  }

  async #endpoint(key: KmsKey): Promise<XksEndpoint> {
    const record = key.customKeyStoreId === undefined ? undefined : await this.store.getCustomKeyStore(key, key.customKeyStoreId);
    if (!record || record.connectionState !== 'CONNECTED') throw new ExternalKeyStoreNotConnectedError(key.arn);
    return xksEndpointOf(record);
  }
}

function metadataOf(key: KmsKey, call: KeyStoreCall | undefined): XksRequestMetadata {
  return {
    awsPrincipalArn: call?.principalArn ?? 'AWS Internal',
    kmsKeyArn: key.arn,
    kmsOperation: call?.operation ?? 'Encrypt',
    kmsRequestId: call?.requestId ?? '',
  };
}
