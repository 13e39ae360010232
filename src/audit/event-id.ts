// eventIDs: fresh UUIDs, time-ordered (version 7: the first 48 bits are the Unix time in milliseconds) so the audit
// table's eventID index grows at its end instead of at random places, which keeps each record's write cheap.

import { randomUUID } from 'node:crypto';

export function newEventId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID is `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`: keep its random bits and RFC 4122 variant after the version.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
