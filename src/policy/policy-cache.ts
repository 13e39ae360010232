// Parsed stored policies, kept by their text so the hot path parses a key policy once, not per request.
// Stored policies were validated when written, so principals are not looked up again here.

import { parsePolicyDocument } from './parse-policy.js';
import type { PolicyDocument, PolicyKind } from './policy-types.js';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, PolicyDocument>();

/** The parsed form of a stored key or identity policy; throws like parsePolicyDocument for a bad text. */
export function cachedPolicy(text: string, kind: PolicyKind): PolicyDocument {
  const cacheKey = kind === 'key' ? `k${text}` : `i${text}`;
  let policy = cache.get(cacheKey);
  if (policy === undefined) {
    policy = parsePolicyDocument(text, { kind });
    // Bounded: drop the oldest entry (Map keeps insertion order) rather than grow without limit.
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, policy);
  }
  return policy;
}
