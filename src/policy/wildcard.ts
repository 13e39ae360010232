// IAM wildcard matching: `*` is any run of characters, `?` exactly one, everything else literal.
// Compiled patterns are cached because the same policy strings are matched on every request.

const MAX_CACHED = 4096;
const cache = new Map<string, RegExp>();

/** Escapes a literal for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The regular-expression source of a wildcard pattern (no anchors). */
export function wildcardSource(pattern: string, star = '.*', question = '.'): string {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += star;
    else if (ch === '?') source += question;
    else source += escapeRegExp(ch);
  }
  return source;
}

/** An anchored regular expression for a wildcard pattern; `s` flag so `*` also spans newlines. */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
  const cacheKey = (ignoreCase ? 'i:' : 's:') + pattern;
  let re = cache.get(cacheKey);
  if (re === undefined) {
    re = new RegExp(`^${wildcardSource(pattern)}$`, ignoreCase ? 'is' : 's');
    // A bounded cache: a long-running server sees a bounded set of policies, but never trust that.
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(cacheKey, re);
  }
  return re;
}

/** True when `value` matches the wildcard `pattern`. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return wildcardRegExp(pattern, ignoreCase).test(value);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
