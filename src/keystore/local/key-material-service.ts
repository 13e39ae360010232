// The local key store's own part: makes new material, names it, and hands out material for one use, cached by key
// material id (material never changes under an id). Its KeyPairGenerator admits every key pair the server makes, the
// wrapping and data key pairs included.

import type { KeySpec } from '../../api/model.generated.js';
import type { Scope } from '../../domain/identifiers.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { StoreReader } from '../../storage/repository.js';
import { loadKeyMaterial } from '../../crypto/key-material.js';
import { KeyPairGenerator, type KeyPairLimitSettings } from '../../crypto/key-pair-generator.js';
import type { KeyHandle } from '../../crypto/key-handle.js';
import { keyMaterialIdOf } from '../key-material-id.js';

export interface CachedMaterial {
  keyMaterialId: string;
  material: Buffer;
  /** The material parsed once for the crypto layer (node KeyObjects, ML-DSA keys). */
  handle: KeyHandle;
}

export class KeyMaterialService {
  readonly #cache = new Map<string, CachedMaterial>();
  /** Look-ups answered from the cache and from storage, for the metrics. */
  readonly cacheCounts = { hits: 0, misses: 0 };
  readonly #maxCached: number;
  /** Bounds the key-pair generations of this server: key material, import wrapping keys, data key pairs. */
  readonly keyPairs: KeyPairGenerator;

  constructor(options: { maxCached?: number; keyPairLimits?: KeyPairLimitSettings } = {}) {
    this.#maxCached = options.maxCached ?? 10_000;
    this.keyPairs = new KeyPairGenerator(options.keyPairLimits);
  }

  /**
   * New material for a key of origin AWS_KMS, as the current material.
   * @throws CapacityExceededError when the key pair's generation is not admitted (nothing was made).
   */
  async generate(keyId: string, keySpec: KeySpec, now: Date): Promise<KeyMaterialRecord> {
    const material = await this.keyPairs.keyMaterial(keySpec);
    return { keyMaterialId: keyMaterialIdOf(keyId, material), material, state: 'CURRENT', createdAt: now };
  }

  /** The material under `keyMaterialId` (default: the key's current material), or undefined when it is not present. */
  async material(store: StoreReader, key: KmsKey, keyMaterialId = key.currentKeyMaterialId): Promise<CachedMaterial | undefined> {
    if (!keyMaterialId) return undefined;
    const cacheKey = `${key.arn}\0${keyMaterialId}`;
    const cached = this.#cache.get(cacheKey);
    if (cached) {
      this.cacheCounts.hits++;
      return cached;
    }
    this.cacheCounts.misses++;
    const record = await store.getKeyMaterial(key as Scope, key.keyId, keyMaterialId);
    if (!record?.material) return undefined;
    const entry = { keyMaterialId, material: record.material, handle: loadKeyMaterial(key.keySpec, record.material) };
    if (this.#cache.size >= this.#maxCached) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(cacheKey, entry);
    return entry;
  }

  /** Drops cached material of a key (after deletion of the key or of imported material). */
  forget(key: Pick<KmsKey, 'arn'>): void {
    for (const cacheKey of this.#cache.keys()) if (cacheKey.startsWith(`${key.arn}\0`)) this.#cache.delete(cacheKey);
  }

  /** Zeroes every cached material (on shutdown). */
  clear(): void {
    for (const entry of this.#cache.values()) entry.material.fill(0);
    this.#cache.clear();
  }
}
