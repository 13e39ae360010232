// openkms's symmetric ciphertext blob, version 1: encode and parse. The blob names the KMS key,
// its account and the key material, so Decrypt needs no KeyId (docs/kms-behaviour.md 3.2).
// Byte layout and rationale: docs/ciphertext-blob.md.
import { InvalidCiphertextError } from './errors.js';

/** What the blob says about the key that made it. */
export interface CiphertextBlobHeader {
  /** Key ID: a lowercase UUID, or `mrk-` + 32 lowercase hex digits (docs/kms-behaviour.md 0). */
  readonly keyId: string;
  /** The 12-digit AWS account ID of the key's ARN. */
  readonly accountId: string;
  /** Key material ID: 64 lowercase hex digits (docs/kms-behaviour.md 0). */
  readonly keyMaterialId: string;
}

/** A parsed blob: its header plus views into the blob for the cryptographic fields. */
export interface ParsedCiphertextBlob extends CiphertextBlobHeader {
  readonly version: 1;
  /** Bytes [0, 85): authenticated as AAD together with the encryption context. */
  readonly header: Buffer;
  readonly salt: Buffer;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

const MAGIC_0 = 0x4f; // 'O'
const MAGIC_1 = 0x4b; // 'K'
const VERSION_1 = 0x01;
const KEY_ID_UUID = 0x01;
const KEY_ID_MULTI_REGION = 0x02;

export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const SALT_OFFSET = 57;
const IV_OFFSET = SALT_OFFSET + SALT_BYTES;
/** Length of the header, which is everything before the ciphertext. */
export const HEADER_BYTES = IV_OFFSET + IV_BYTES;
/** Blob length = plaintext length + OVERHEAD_BYTES (4096-byte plaintext → 4197 ≤ 6144). */
export const OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/;
const ACCOUNT_ID = /^[0-9]{12}$/;
const KEY_MATERIAL_ID = /^[0-9a-f]{64}$/;

/**
 * The 85 header bytes for a new blob. Throws TypeError on malformed identifiers: the domain
 * always passes canonical ones, so anything else is a bug, not a client error.
 */
export function encodeCiphertextBlobHeader(header: CiphertextBlobHeader, salt: Uint8Array, iv: Uint8Array): Buffer {
  const { keyId, accountId, keyMaterialId } = header;
  const out = Buffer.allocUnsafe(HEADER_BYTES);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = VERSION_1;
  if (UUID.test(keyId)) {
    out[3] = KEY_ID_UUID;
    out.write(keyId.replaceAll('-', ''), 4, 16, 'hex');
  } else if (MULTI_REGION_KEY_ID.test(keyId)) {
    out[3] = KEY_ID_MULTI_REGION;
    out.write(keyId.slice(4), 4, 16, 'hex');
  } else {
    throw new TypeError('The key ID is neither a UUID nor a multi-Region key ID.');
  }
  if (!ACCOUNT_ID.test(accountId)) throw new TypeError('The account ID must be 12 digits.');
  out.writeUIntBE(Number(accountId), 20, 5);
  if (!KEY_MATERIAL_ID.test(keyMaterialId)) throw new TypeError('The key material ID must be 64 lowercase hex digits.');
  out.write(keyMaterialId, 25, 32, 'hex');
  if (salt.length !== SALT_BYTES || iv.length !== IV_BYTES) throw new TypeError('Bad salt or IV length.');
  out.set(salt, SALT_OFFSET);
  out.set(iv, IV_OFFSET);
  return out;
}

/** The whole blob: header ‖ ciphertext ‖ tag. */
export function encodeCiphertextBlob(
  header: CiphertextBlobHeader,
  fields: { salt: Uint8Array; iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array },
): Buffer {
  if (fields.tag.length !== TAG_BYTES) throw new TypeError('The tag must be 16 bytes.');
  return Buffer.concat([encodeCiphertextBlobHeader(header, fields.salt, fields.iv), fields.ciphertext, fields.tag]);
}

/**
 * Reads a blob without copying its cryptographic fields.
 * @throws InvalidCiphertextError on anything that is not a complete version 1 blob.
 */
export function parseCiphertextBlob(blob: Uint8Array): ParsedCiphertextBlob {
  const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes.length < OVERHEAD_BYTES || bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) {
    throw new InvalidCiphertextError('Not an openkms ciphertext blob.');
  }
  if (bytes[2] !== VERSION_1) throw new InvalidCiphertextError('Unknown ciphertext blob version.');
  const keyIdHex = bytes.toString('hex', 4, 20);
  let keyId: string;
  if (bytes[3] === KEY_ID_UUID) {
    keyId = `${keyIdHex.slice(0, 8)}-${keyIdHex.slice(8, 12)}-${keyIdHex.slice(12, 16)}-${keyIdHex.slice(16, 20)}-${keyIdHex.slice(20)}`;
  } else if (bytes[3] === KEY_ID_MULTI_REGION) {
    keyId = `mrk-${keyIdHex}`;
  } else {
    throw new InvalidCiphertextError('Unknown key ID type in ciphertext blob.');
  }
  const account = bytes.readUIntBE(20, 5);
  if (account > 999_999_999_999) throw new InvalidCiphertextError('Bad account ID in ciphertext blob.');
  const tagOffset = bytes.length - TAG_BYTES;
  return {
    version: 1,
    keyId,
    accountId: String(account).padStart(12, '0'),
    keyMaterialId: bytes.toString('hex', 25, 57),
    header: bytes.subarray(0, HEADER_BYTES),
    salt: bytes.subarray(SALT_OFFSET, IV_OFFSET),
    iv: bytes.subarray(IV_OFFSET, HEADER_BYTES),
    ciphertext: bytes.subarray(HEADER_BYTES, tagOffset),
    tag: bytes.subarray(tagOffset),
  };
}
