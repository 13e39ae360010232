// Decodes a raw query string into the name → value(s) map that SigV4 canonicalization takes:
// decoded names and values, repeated names kept as arrays (the signer sorts and re-encodes them).

/** Decoded query parameters; a name that appears more than once maps to all its values, in order. */
export type QueryParams = Record<string, string | string[]>;

/** Shared by every request without a query string, so the common KMS case allocates nothing. */
export const NO_QUERY_PARAMS: QueryParams = Object.freeze(Object.create(null) as QueryParams);

/**
 * `raw` is the query without the leading `?`. A parameter without `=` has the empty value (AWS
 * canonicalizes it as `name=`). `+` stays a plus sign: SigV4 clients percent-encode spaces as `%20`.
 */
export function parseQueryParams(raw: string): QueryParams {
  if (raw === '') return NO_QUERY_PARAMS;
  // A null prototype so that names such as `__proto__` or `constructor` are plain entries.
  const params = Object.create(null) as QueryParams;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const existing = params[name];
    if (existing === undefined) params[name] = value;
    else if (typeof existing === 'string') params[name] = [existing, value];
    else existing.push(value);
  }
  return params;
}

/** The first value of `name`, or undefined. */
export function firstParam(params: QueryParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** A malformed escape (`%zz`) is kept as sent: the client signed those same characters. */
function decode(text: string): string {
  if (text.indexOf('%') === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
