// Whether a root key is the one a database is sealed under. The database keeps a check value sealed under its root key
// (written when it is created); a database from before the check value is judged by its own sealed secrets instead.

import { SealError, type Sealer } from '../crypto/sealer.js';

/** The setting holding the check value (base64 of a sealed constant). */
export const ROOT_KEY_CHECK_SETTING = 'rootKey.check';

const CHECK_AAD = 'openkms:root-key-check';
const CHECK_PLAINTEXT = 'openkms root key check v1';

/** A secret as stored: sealed, with the AAD it was sealed with. */
export interface SealedValue {
  sealed: Buffer;
  aad: string;
}

/**
 * - `verified`: the check value opens under this key.
 * - `adopt`: no check value yet, and nothing contradicts the key (one of the sealed secrets opens, or there are none):
 *   the caller may write the check value now.
 */
export type RootKeyVerdict = 'verified' | 'adopt';

export class RootKeyMismatchError extends Error {
  override readonly name = 'RootKeyMismatchError';
}

export function newCheckValue(sealer: Sealer): string {
  return sealer.seal(Buffer.from(CHECK_PLAINTEXT, 'utf8'), CHECK_AAD).toString('base64');
}

/**
 * Judges the key by the check value when there is one. Without it (a data directory made by an earlier version), the
 * key is right if any of the sampled secrets opens: AES-GCM opens nothing under another key. A database with no secret
 * yet has nothing sealed under any key, so any key may become its key.
 */
export function judgeRootKey(sealer: Sealer, checkValue: string | undefined, sealedValues: () => readonly SealedValue[]): RootKeyVerdict {
  if (checkValue !== undefined) {
    if (opens(sealer, { sealed: Buffer.from(checkValue, 'base64'), aad: CHECK_AAD }, CHECK_PLAINTEXT)) return 'verified';
    throw new RootKeyMismatchError('its check value does not open');
  }
  const samples = sealedValues();
  if (samples.length === 0 || samples.some((value) => opens(sealer, value))) return 'adopt';
  throw new RootKeyMismatchError(`none of the ${samples.length} sealed secrets examined opens`);
}

function opens(sealer: Sealer, value: SealedValue, expected?: string): boolean {
  try {
    const plaintext = sealer.unseal(value.sealed, value.aad);
    const matches = expected === undefined || plaintext.toString('utf8') === expected;
    plaintext.fill(0);
    return matches;
  } catch (error) {
    if (error instanceof SealError) return false;
    throw error;
  }
}
