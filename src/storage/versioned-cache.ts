// A read cache that is valid for one value of a change counter: when the counter moves (any process committed a change
// of that kind), everything cached is dropped. Cached values are frozen so no caller can alter what others will read.

export type ChangeCounter = 'keys' | 'iam' | 'custom-key-stores';

const MAX_ENTRIES = 10_000;

export class VersionedCache<T> {
  #version = -1;
  readonly #entries = new Map<string, T>();

  get(version: number, key: string): T | undefined {
    if (version !== this.#version) {
      this.#entries.clear();
      this.#version = version;
      return undefined;
    }
    return this.#entries.get(key);
  }

  set(version: number, key: string, value: T): T {
    if (version !== this.#version) return value;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(key, deepFreeze(value));
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
