// PostgreSQL's text refuses U+0000, which SQLite (and JSON text, and the API) accept. Every string openkms stores goes
// through `toPgText` and comes back through `fromPgText`: a string without NUL that does not start with the marker is
// stored as it is (the common case: documents stay readable); any other gets the marker and an escape of backslashes
// and NULs. The mapping is one-to-one, so equality, uniqueness and lookups by value keep their meaning.

const MARKER = '\u0001';

export function toPgText(value: string): string {
  if (!value.includes('\u0000') && !value.startsWith(MARKER)) return value;
  return MARKER + value.replace(/\\/g, '\\\\').replace(/\u0000/g, '\\0');
}

export function fromPgText(stored: string): string {
  if (!stored.startsWith(MARKER)) return stored;
  return stored.slice(MARKER.length).replace(/\\(\\|0)/g, (_, escaped: string) => (escaped === '0' ? '\u0000' : '\\'));
}
