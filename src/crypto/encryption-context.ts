// The canonical byte form of an encryption context, used as AES-GCM additional authenticated
// data: pair order does not matter, and {} is the same as no context (docs/kms-behaviour.md 3.2).

/** AWS's EncryptionContext: a map of strings to strings. */
export type EncryptionContext = Readonly<Record<string, string>>;

const EMPTY = Buffer.alloc(0);

/**
 * Encodes the pairs sorted by the UTF-8 bytes of their keys (a total order that does not
 * depend on JavaScript's UTF-16 string comparison):
 *   count (uint16 BE) ‖ for each pair: keyLength (uint32 BE) ‖ key ‖ valueLength (uint32 BE) ‖ value
 * with UTF-8 keys and values compared and stored exactly (case-sensitive). An absent or empty
 * context encodes as zero bytes. See docs/ciphertext-blob.md.
 */
export function canonicalEncryptionContext(encryptionContext: EncryptionContext | undefined): Buffer {
  if (!encryptionContext) return EMPTY;
  const pairs = Object.entries(encryptionContext).map(
    ([key, value]): [Buffer, Buffer] => [Buffer.from(key, 'utf8'), Buffer.from(value, 'utf8')],
  );
  if (pairs.length === 0) return EMPTY;
  if (pairs.length > 0xffff) throw new RangeError('An encryption context has at most 65535 pairs.');
  pairs.sort(([a], [b]) => Buffer.compare(a, b));
  let size = 2;
  for (const [key, value] of pairs) size += 8 + key.length + value.length;
  const out = Buffer.allocUnsafe(size);
  let offset = out.writeUInt16BE(pairs.length, 0);
  for (const [key, value] of pairs) {
    offset = out.writeUInt32BE(key.length, offset);
    offset += key.copy(out, offset);
    offset = out.writeUInt32BE(value.length, offset);
    offset += value.copy(out, offset);
  }
  return out;
}
