// Which API a request path names: `<prefix>/kms/xks/v1/health` or `<prefix>/kms/xks/v1/keys/<id>/<verb>`, and under
// which URI prefix. A path that names no API, or an API under a prefix this proxy does not serve, is
// InvalidUriPathException (404), answered before the signature is looked at: credentials belong to a prefix.

import { EXTERNAL_KEY_ID_PATTERN, KEY_API_VERBS, XKS_API_PATH, type XksApi } from '../wire.js';
import { XksProxyError } from './proxy-error.js';

export interface Route {
  api: XksApi;
  /** The part before `/kms/xks/v1`; '' for a proxy served at `/kms/xks/v1` itself. */
  prefix: string;
  /** For the three key APIs. */
  externalKeyId?: string;
}

/** What may precede `/kms/xks/v1`: `/`-separated segments of `a–z A–Z 0–9 _ -` (the KMS model's XksProxyUriPath). */
const PREFIX_PATTERN = /^(?:\/[A-Za-z0-9_-]+)*$/;
/** XksProxyUriPath is at most 128 characters, `/kms/xks/v1` included. */
const MAX_URI_PATH = 128;

/** A configured prefix: '' or `/seg[/seg...]`, short enough that `<prefix>/kms/xks/v1` is a valid XksProxyUriPath. */
export function checkUriPrefix(prefix: string): string | undefined {
  if (!PREFIX_PATTERN.test(prefix)) return 'a URI prefix is empty or /-separated segments of A-Z a-z 0-9 _ - (no trailing /)';
  if (prefix.length + XKS_API_PATH.length > MAX_URI_PATH) return `a URI prefix is at most ${MAX_URI_PATH - XKS_API_PATH.length} characters`;
  if (prefix.endsWith(XKS_API_PATH)) return `the URI prefix is the part before ${XKS_API_PATH}`;
  return undefined;
}

/** `servedPrefixes` are the configured prefixes; the path is the raw request path without its query. */
export function routeOf(path: string, servedPrefixes: ReadonlySet<string>): Route {
  const marker = path.lastIndexOf(`${XKS_API_PATH}/`);
  if (marker === -1) throw invalidPath(path);
  const prefix = path.slice(0, marker);
  const rest = path.slice(marker + XKS_API_PATH.length + 1).split('/');
  let route: Route | undefined;
  if (rest.length === 1 && rest[0] === 'health') route = { api: 'GetHealthStatus', prefix };
  else if (rest.length === 3 && rest[0] === 'keys' && Object.hasOwn(KEY_API_VERBS, rest[2]!) && EXTERNAL_KEY_ID_PATTERN.test(rest[1]!)) {
    route = { api: KEY_API_VERBS[rest[2]!]!, prefix, externalKeyId: rest[1]! };
  }
  if (route === undefined || !servedPrefixes.has(prefix)) throw invalidPath(path);
  return route;
}

function invalidPath(path: string): XksProxyError {
  return new XksProxyError('InvalidUriPathException', `no XKS API at ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`);
}
