// The default backend: AES-256-GCM in this process with node's crypto, on the keys of the data directory's sealed key
// file (local-key-file.ts). The file is unsealed once at start and again on reload; the material lives in node
// KeyObjects, whose bytes stay outside the JS heap, and the unsealed buffers are zeroed at once.

import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import type { Sealer } from '../../crypto/sealer.js';
import { zeroize } from '../../crypto/zeroize.js';
import { KeyBackendError, type ExternalKey, type KeyBackend, type KeyUse } from './key-backend.js';
import { join } from 'node:path';
import { HEALTH_KEY_AAD, KEYS_FILE, LocalKeyFileError, newKeyDocument, readKeyDocument, sealingAad, updateKeyDocument } from './local-key-file.js';

class LocalKey implements ExternalKey {
  readonly #material: KeyObject;
  constructor(
    readonly id: string,
    readonly usage: ReadonlySet<KeyUse>,
    readonly enabled: boolean,
    material: KeyObject,
  ) {
    this.#material = material;
  }

  async encrypt(iv: Buffer, plaintext: Buffer, aad: Buffer): Promise<{ ciphertext: Buffer; tag: Buffer }> {
    const cipher = createCipheriv('aes-256-gcm', this.#material, iv);
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, tag: cipher.getAuthTag() };
  }

  async decrypt(iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Promise<Buffer> {
    const decipher = createDecipheriv('aes-256-gcm', this.#material, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const plaintext = decipher.update(ciphertext);
    try {
      decipher.final();
    } catch {
      zeroize(plaintext);
      throw new KeyBackendError('bad-ciphertext', 'the tag does not verify');
    }
    return plaintext;
  }
}

export class LocalKeyBackend implements KeyBackend {
  readonly ekmVendor = 'openkms';
  readonly ekmModel = 'openkms xks-proxy sealed local key file (AES-256-GCM in process)';
  readonly stateFile: string;
  #keys = new Map<string, LocalKey>();
  #health!: LocalKey;

  private constructor(
    private readonly dataDir: string,
    private readonly sealer: Sealer,
  ) {
    this.stateFile = join(dataDir, KEYS_FILE);
  }

  /** Opens the key file of `dataDir` (creating it, with its health key, when there is none). */
  static async open(dataDir: string, sealer: Sealer): Promise<LocalKeyBackend> {
    if (readKeyDocument(dataDir) === undefined) updateKeyDocument(dataDir, sealer, (document) => document);
    const backend = new LocalKeyBackend(dataDir, sealer);
    await backend.reload();
    return backend;
  }

  async findKey(id: string): Promise<ExternalKey | undefined> {
    return this.#keys.get(id);
  }

  async healthKey(): Promise<ExternalKey> {
    return this.#health;
  }

  async reload(): Promise<void> {
    const document = readKeyDocument(this.dataDir) ?? newKeyDocument(this.sealer);
    const keys = new Map<string, LocalKey>();
    for (const entry of document.keys) {
      keys.set(entry.keyId, new LocalKey(entry.keyId, new Set(entry.usage), entry.status === 'ENABLED', this.unseal(entry.material, sealingAad(entry.keyId))));
    }
    const both = new Set<KeyUse>(['ENCRYPT', 'DECRYPT']);
    this.#health = new LocalKey('(health check)', both, true, this.unseal(document.healthKey, HEALTH_KEY_AAD));
    this.#keys = keys;
  }

  /** Forgets the keys and the root key (the sealer is the backend's from `open` on). */
  async close(): Promise<void> {
    this.#keys.clear();
    this.sealer.destroy();
  }

  private unseal(sealed: string, aad: string): KeyObject {
    let material: Buffer;
    try {
      material = this.sealer.unseal(Buffer.from(sealed, 'base64'), aad);
    } catch (error) {
      throw new LocalKeyFileError(`a key of the key file does not open under the proxy root key (${aad}): ${(error as Error).message}`);
    }
    try {
      if (material.length !== 32) throw new LocalKeyFileError(`${aad} is not 32 bytes`);
      return createSecretKey(material);
    } finally {
      zeroize(material);
    }
  }
}
