// IAM's Marker/MaxItems paging over a sorted listing: the marker is opaque to clients; here it is the sort key of the
// last item returned, so a page stays right when items before it are added or deleted meanwhile.

import { iamValidationError } from './iam-error.js';

export interface IamPage<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

/** `items` sorted by `keyOf`; returns the page after `marker`. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, maxItems: number, marker?: string): IamPage<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + maxItems);
  const isTruncated = start + maxItems < items.length;
  return { items: slice, isTruncated, ...(isTruncated ? { marker: encodeMarker(keyOf(slice[slice.length - 1]!)) } : {}) };
}

function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (Buffer.from(key, 'utf8').toString('base64url') !== marker) throw iamValidationError('Invalid Marker.');
  return key;
}
