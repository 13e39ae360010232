// The session token of temporary credentials is a bearer secret: openkms stores only its SHA-256, as it does for grant
// tokens, and compares the hash of the token a request presents in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256 of a session token, the form in which it is stored. */
export function sessionTokenHash(sessionToken: string): string {
  return createHash('sha256').update(sessionToken, 'utf8').digest('hex');
}

/** Whether `presented` is the token whose hash is `storedHash`; the comparison takes the same time wherever they differ. */
export function matchesSessionToken(presented: string, storedHash: string): boolean {
  const presentedHash = Buffer.from(sessionTokenHash(presented), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presentedHash.length === stored.length && timingSafeEqual(presentedHash, stored);
}
