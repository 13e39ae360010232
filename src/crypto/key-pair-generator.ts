// The one way the server makes key pairs: each generation is admitted through a bounded lane, so a burst can neither
// queue without end on libuv's thread pool, where RSA signing also runs, nor hold all of it (docs/performance.md).

import { availableParallelism } from 'node:os';
import type { KeySpec } from '../api/model.generated.js';
import { ConcurrencyLimit, type ConcurrencyLimits } from './concurrency-limit.js';
import { generateKeyMaterial, generateNodeKeyPair, isKeyPairSpec, type DerKeyPair, type KeyPairSpec } from './key-material.js';
import { isRsaKeySpec } from './key-spec-parameters.js';

/**
 * One lane per cost: an RSA pair takes 0.1–4 s of one thread (a random search for primes: RSA_4096 ~1 s on average,
 * with a long tail); an ECC, Ed25519 or SM2 pair 0.1–4 ms, as much as an RSA signature.
 */
export interface KeyPairLimits {
  readonly rsa: ConcurrencyLimits;
  readonly curve: ConcurrencyLimits;
}

/** Limits to set; a lane's maxWaiting left out follows its maxRunning as the defaults do. */
export interface KeyPairLimitSettings {
  rsa?: Partial<ConcurrencyLimits>;
  curve?: Partial<ConcurrencyLimits>;
}

// How many generations may wait per running one: RSA waits stay at a few generations' time (~4 s at RSA_4096),
// curve waits under a second even for P-521.
const RSA_WAITING_PER_RUNNING = 4;
const CURVE_WAITING_PER_RUNNING = 64;

/** libuv's thread pool size: UV_THREADPOOL_SIZE when set (libuv takes 1 to 1024), else libuv's default of 4. */
export function libuvThreadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * RSA generations running at once: one core less than the machine has, to keep a core for the main thread, and at
 * most half the thread pool, to keep threads for RSA signing; at least one. Curve generations: half the pool, and
 * with the RSA ones at least one thread short of all of it (for a pool of 3 or more). Two cores and the default pool
 * of 4: one RSA generation (4 waiting) and two curve generations (128 waiting).
 */
export function defaultKeyPairLimits(cores = availableParallelism(), threadPoolSize = libuvThreadPoolSize()): KeyPairLimits {
  const rsaRunning = Math.max(1, Math.min(cores - 1, Math.floor(threadPoolSize / 2)));
  const curveRunning = Math.max(1, Math.min(Math.floor(threadPoolSize / 2), threadPoolSize - rsaRunning - 1));
  return {
    rsa: { maxRunning: rsaRunning, maxWaiting: RSA_WAITING_PER_RUNNING * rsaRunning },
    curve: { maxRunning: curveRunning, maxWaiting: CURVE_WAITING_PER_RUNNING * curveRunning },
  };
}

/** The defaults with `settings` applied over them. */
export function keyPairLimits(settings: KeyPairLimitSettings = {}, defaults = defaultKeyPairLimits()): KeyPairLimits {
  const lane = (set: Partial<ConcurrencyLimits> | undefined, fallback: ConcurrencyLimits, waitingPerRunning: number) => {
    const maxRunning = set?.maxRunning ?? fallback.maxRunning;
    const maxWaiting = set?.maxWaiting ?? (set?.maxRunning === undefined ? fallback.maxWaiting : waitingPerRunning * maxRunning);
    return { maxRunning, maxWaiting };
  };
  return {
    rsa: lane(settings.rsa, defaults.rsa, RSA_WAITING_PER_RUNNING),
    curve: lane(settings.curve, defaults.curve, CURVE_WAITING_PER_RUNNING),
  };
}

export class KeyPairGenerator {
  readonly #rsa: ConcurrencyLimit;
  readonly #curve: ConcurrencyLimit;

  constructor(settings: KeyPairLimitSettings = {}) {
    const limits = keyPairLimits(settings);
    this.#rsa = new ConcurrencyLimit(limits.rsa, 'RSA key-pair generations');
    this.#curve = new ConcurrencyLimit(limits.curve, 'ECC, Ed25519 and SM2 key-pair generations');
  }

  /**
   * A new key pair, generated on libuv's thread pool once its lane admits it.
   * @throws CapacityExceededError when the lane's running and waiting slots are all taken (nothing was generated).
   */
  generate(keySpec: KeyPairSpec): Promise<DerKeyPair> {
    const lane = isRsaKeySpec(keySpec) ? this.#rsa : this.#curve;
    return lane.run(() => generateNodeKeyPair(keySpec));
  }

  /**
   * New key material for `keySpec` as generateKeyMaterial makes it; key-pair specs go through their lane, the others
   * (random bytes, an ML-DSA seed) cost microseconds and are made at once.
   * @throws CapacityExceededError as `generate` does.
   */
  async keyMaterial(keySpec: KeySpec): Promise<Buffer> {
    if (!isKeyPairSpec(keySpec)) return generateKeyMaterial(keySpec);
    const pair = await this.generate(keySpec);
    return pair.privateKeyPkcs8Der;
  }
}
