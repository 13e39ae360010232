// Just enough ASN.1 DER to build and inspect the few structures node:crypto cannot:
// ML-DSA and SM2 SubjectPublicKeyInfo, ECDSA and SM2 signatures, SM2 ciphertexts, and PKCS#8 / PKCS#1 fields checked
// on import.

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;

/** One tag-length-value found by readTlv: the value is bytes [valueStart, end). */
export interface Tlv {
  readonly tag: number;
  readonly valueStart: number;
  readonly end: number;
}

/** Thrown on malformed DER; callers turn it into their own typed error. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV whose value is the concatenation of `parts`. */
export function encodeTlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const value = Buffer.concat(parts);
  return Buffer.concat([Buffer.of(tag), encodeLength(value.length), value]);
}

/** Encodes a dotted object identifier such as 2.16.840.1.101.3.4.3.17. */
export function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new DerError(`bad OID ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [];
    let n = arc;
    do {
      chunk.unshift(Number(n & 0x7fn) | (chunk.length ? 0x80 : 0));
      n >>= 7n;
    } while (n > 0n);
    bytes.push(...chunk);
  }
  return encodeTlv(TAG_OID, Buffer.from(bytes));
}

/** Encodes a non-negative big-endian integer as a minimal DER INTEGER. */
export function encodeUnsignedInteger(value: Uint8Array): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const trimmed = value.subarray(start);
  const needsPad = trimmed.length === 0 || (trimmed[0] as number) >= 0x80;
  return encodeTlv(TAG_INTEGER, needsPad ? Buffer.concat([Buffer.of(0), trimmed]) : trimmed);
}

/** Reads the TLV starting at `offset`, which must end at or before `limit`. */
export function readTlv(der: Uint8Array, offset = 0, limit = der.length): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = der[offset] as number;
  const lengthByte = der[offset + 1] as number;
  let cursor = offset + 2;
  let length = lengthByte;
  if (lengthByte >= 0x80) {
    const count = lengthByte & 0x7f;
    // Indefinite lengths (0x80) and lengths beyond 4 bytes never occur in our structures.
    if (count === 0 || count > 4 || cursor + count > limit) throw new DerError('bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[cursor + i] as number);
    cursor += count;
  }
  if (cursor + length > limit) throw new DerError('truncated');
  return { tag, valueStart: cursor, end: cursor + length };
}

/** Reads the TLVs directly inside a constructed value (e.g. a SEQUENCE's members). */
export function readChildren(der: Uint8Array, parent: Tlv): Tlv[] {
  const children: Tlv[] = [];
  for (let offset = parent.valueStart; offset < parent.end; ) {
    const child = readTlv(der, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** The value bytes of a TLV. */
export function valueOf(der: Uint8Array, tlv: Tlv): Uint8Array {
  return der.subarray(tlv.valueStart, tlv.end);
}
