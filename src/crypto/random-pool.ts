// Random bytes for salts and IVs, cut from a pool the CSPRNG fills 4 KiB at a time: one OpenSSL call serves ~140
// encryptions (node's randomUUID pools the same way). Each slice is handed out once; a used-up pool is never refilled.

import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

/** `length` fresh random bytes (a view of the pool, never handed out again). */
export function pooledRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(length));
  if (offset + length > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + length);
  offset += length;
  return bytes;
}
