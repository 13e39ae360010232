// Builds the SigV4 canonical request directly from the parsed request, in one pass per part: the
// same rules as AWS's signer (@smithy/signature-v4, kept as the reference in the tests), without its
// per-request HttpRequest objects, async hashing and regex chains. AWS's rules:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import type { QueryParams } from './query-params.js';

/** What the client signed, reassembled from the request and its parsed signature. */
export interface CanonicalParts {
  method: string;
  /** The raw request path; it is normalized and URI-encoded a second time, as AWS does for non-S3 services. */
  path: string;
  query: QueryParams;
  /** Only the signed headers, by lower-case name. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalParts): string {
  const names = Object.keys(parts.headers).sort();
  let headerLines = '';
  for (const name of names) headerLines += `${name}:${canonicalHeaderValue(parts.headers[name] as string)}\n`;
  return `${parts.method}\n${canonicalPath(parts.path)}\n${canonicalQuery(parts.query)}\n${headerLines}\n${names.join(';')}\n${parts.payloadHash}`;
}

/** RFC 3986 unreserved characters stay; everything else is %XX (encodeURIComponent leaves !'()* too). */
function escapeUri(text: string): string {
  const encoded = encodeURIComponent(text);
  return /[!'()*]/.test(encoded) ? encoded.replace(/[!'()*]/g, hexEncode) : encoded;
}

function hexEncode(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
}

/** `.`, `..` and empty segments removed, then every segment encoded again (the path arrives encoded once). */
function canonicalPath(path: string): string {
  if (path === '/') return '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + segments.map(escapeUri).join('/') + trail;
}

/** Sorted by encoded name, then by encoded `name=value`; X-Amz-Signature (any case) is left out. */
function canonicalQuery(query: QueryParams): string {
  const entries: [string, string][] = [];
  for (const name in query) {
    if (name.toLowerCase() === 'x-amz-signature') continue;
    const value = query[name] as string | string[];
    const encodedName = escapeUri(name);
    const serialized =
      typeof value === 'string'
        ? `${encodedName}=${escapeUri(value)}`
        : value.map((v) => `${encodedName}=${escapeUri(v)}`).sort().join('&');
    if (serialized !== '') entries.push([encodedName, serialized]);
  }
  if (entries.length === 0) return '';
  if (entries.length === 1) return (entries[0] as [string, string])[1];
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.map((entry) => entry[1]).join('&');
}

/** Line breaks become spaces, runs of spaces and tabs one space, and one leading and trailing space go. */
function canonicalHeaderValue(value: string): string {
  if (!/[\r\n\t]| {2}|^ | $/.test(value)) return value;
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}
