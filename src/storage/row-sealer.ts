// What every backend does to the secrets of a row before it stores them: key material, secret access keys and the
// proxy secrets of external key stores are sealed under the root key (crypto/sealer.ts) with the AAD of the row they
// belong to (sealing-aad.ts), so a sealed value copied to another row does not open; the rest of a key material is its document (records.ts). A backend
// stores the bytes and the document it is given and hands them back; it never sees a secret in clear.

import type { Sealer } from '../crypto/sealer.js';
import type { CustomKeyStoreRecord } from '../domain/custom-key-store.js';
import { keyArn, type Scope } from '../domain/identifiers.js';
import type { KeyMaterialRecord } from '../domain/key-material.js';
import { materialFromDocument, materialToDocument } from './records.js';
import { accessKeyAad, keyMaterialAad, xksCredentialAad } from './sealing-aad.js';

/** A key material as stored: the sealed material (null while imported material is pending) and the document. */
export interface SealedKeyMaterial {
  keyMaterialId: string;
  sealed: Buffer | null;
  doc: string;
}

export class RowSealer {
  constructor(private readonly sealer: Sealer) {}

  sealKeyMaterial(scope: Scope, keyId: string, record: KeyMaterialRecord): SealedKeyMaterial {
    const aad = keyMaterialAad(keyArn(scope, keyId), record.keyMaterialId);
    return { keyMaterialId: record.keyMaterialId, sealed: record.material ? this.sealer.seal(record.material, aad) : null, doc: materialToDocument(record) };
  }

  /** The AAD is the row's (its key and key material id), whatever the document says. */
  openKeyMaterial(scope: Scope, keyId: string, stored: SealedKeyMaterial): KeyMaterialRecord {
    const material = stored.sealed ? this.sealer.unseal(stored.sealed, keyMaterialAad(keyArn(scope, keyId), stored.keyMaterialId)) : undefined;
    return materialFromDocument(stored.doc, material);
  }

  sealSecretAccessKey(accessKeyId: string, secretAccessKey: string): Buffer {
    return this.sealer.seal(Buffer.from(secretAccessKey, 'utf8'), accessKeyAad(accessKeyId));
  }

  openSecretAccessKey(accessKeyId: string, sealed: Buffer): string {
    return this.sealer.unseal(sealed, accessKeyAad(accessKeyId)).toString('utf8');
  }

  /** An external key store's proxy secret, sealed for its store and access key id. */
  sealXksSecret(record: CustomKeyStoreRecord): Buffer {
    const aad = xksCredentialAad(record.accountId, record.region, record.customKeyStoreId, record.xks.accessKeyId);
    return this.sealer.seal(Buffer.from(record.xks.secretAccessKey, 'utf8'), aad);
  }

  openXksSecret(scope: Scope, customKeyStoreId: string, accessKeyId: string, sealed: Buffer): string {
    return this.sealer.unseal(sealed, xksCredentialAad(scope.accountId, scope.region, customKeyStoreId, accessKeyId)).toString('utf8');
  }
}
