// Grant tokens: opaque, non-secret strings CreateGrant returns. Only their SHA-256 is stored, which is enough to tell
// a token openkms issued from one it never did (InvalidGrantTokenException, docs/kms-behaviour.md 6.3).

import { createHash, randomBytes } from 'node:crypto';
import { InvalidGrantTokenException } from '../api/errors.js';
import type { StoreReader } from '../storage/repository.js';

/** [?] No AWS text is known (docs/kms-behaviour.md A.3). */
export const INVALID_GRANT_TOKEN = 'The grant token is not valid.';

/** A fresh token: every CreateGrant call returns a new one, even for the same grant (6.3). */
export function newGrantToken(): string {
  return randomBytes(96).toString('base64');
}

export function grantTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Every token must be one CreateGrant issued (its grant may be retired since: then it allows nothing). */
export async function assertGrantTokensIssued(store: StoreReader, tokens: readonly string[] | undefined): Promise<void> {
  if (!tokens) return;
  for (const token of tokens) {
    if (!(await store.grantOfToken(grantTokenHash(token)))) throw new InvalidGrantTokenException(INVALID_GRANT_TOKEN);
  }
}
