// Listings come in pages: a backend reads one row more than the limit after the marker's position, and the marker of
// the next page names the last row returned (records.ts encodes it). Shared by every backend so markers mean the same.

import { encodeMarker } from './records.js';

export interface Page<T> {
  items: T[];
  /** The marker of the next page, when there is one. */
  nextMarker?: string;
}

/** `rows` are up to `limit + 1` rows in listing order after the marker; `position` is each row's sequence number. */
export function pageOf<R, T>(rows: readonly R[], limit: number, position: (row: R) => number, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit).map(map);
  if (rows.length <= limit) return { items };
  return { items, nextMarker: encodeMarker(position(rows[limit - 1]!)) };
}
