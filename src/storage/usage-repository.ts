// The key-usage role of the store: the last successful cryptographic use of each key (GetKeyLastUsage), kept apart from
// the key itself so that recording it never touches the key or the caches keyed on the keys' change counter.

import type { Scope } from '../domain/identifiers.js';
import type { KeyLastUsage } from '../domain/key-usage.js';

export interface KeyUsageReader {
  getKeyLastUsage(scope: Scope, keyId: string): Promise<KeyLastUsage | undefined>;
}

export interface KeyUsageWriter {
  /** Stores the key's last usage, replacing what was stored (the caller keeps the later one). */
  putKeyLastUsage(scope: Scope, keyId: string, usage: KeyLastUsage): Promise<void>;
  /** Forgets it, when the key is deleted for good (a key made again with the same id starts afresh). */
  deleteKeyLastUsage(scope: Scope, keyId: string): Promise<void>;
}
