// Overwrites plaintext key material and data with zeros once the code that owns the buffer is
// done with it, so it does not linger on the heap (docs/layout.md, "Errors").

/**
 * Fills every given buffer with zeros. Only pass buffers you own: a Buffer that is a view of a
 * shared pool or of someone else's data is zeroed too. `undefined` entries are skipped so
 * callers can zeroize optional values in one call.
 */
export function zeroize(...buffers: ReadonlyArray<Uint8Array | undefined>): void {
  for (const buffer of buffers) buffer?.fill(0);
}
