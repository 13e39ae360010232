// The ciphertext blob of a key in an external key store (docs/ciphertext-blob.md, "External key stores"): the first
// 57 bytes of the version 1 header (magic, version, key id, account, key material id), then what the proxy returned
// for the inner ciphertext. The inner ciphertext is an ordinary local blob under the key's own material; the proxy
// encrypted it under the external key with `outerAad` as its additional authenticated data.

import { createHash } from 'node:crypto';
import { encodeCiphertextBlobHeader, IV_BYTES, SALT_BYTES, type ParsedCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import { canonicalEncryptionContext, type EncryptionContext } from '../../crypto/encryption-context.js';
import { InvalidCiphertextError } from '../../crypto/errors.js';
import type { XksEncryptResult } from '../../xks/client/xks-messages.js';

/** Header bytes kept: everything of the local header before its salt. */
const PREFIX_BYTES = 57;
const BODY_FORMAT_1 = 0x01;
const TAG_BYTES = 16;

/**
 * What the proxy authenticates besides the inner ciphertext: a format label, the KMS key's ARN, the material id and
 * the SHA-256 of the canonical encryption context. A blob moved to another key, or decrypted with another encryption
 * context, fails at the proxy, as AWS's do.
 */
export function outerAad(keyArn: string, keyMaterialId: string, encryptionContext: EncryptionContext | undefined): Buffer {
  const contextHash = createHash('sha256').update(canonicalEncryptionContext(encryptionContext)).digest();
  return Buffer.concat([Buffer.from(`openkms-xks-v1\0${keyArn}\0${keyMaterialId}\0`, 'utf8'), contextHash]);
}

export function encodeXksCiphertext(header: { keyId: string; accountId: string; keyMaterialId: string }, result: XksEncryptResult): Buffer {
  const prefix = encodeCiphertextBlobHeader(header, Buffer.alloc(SALT_BYTES), Buffer.alloc(IV_BYTES)).subarray(0, PREFIX_BYTES);
  const metadata = result.ciphertextMetadata ?? Buffer.alloc(0);
  return Buffer.concat([
    prefix,
    Buffer.from([BODY_FORMAT_1, result.initializationVector.length]),
    result.initializationVector,
    Buffer.from([metadata.length]),
    metadata,
    result.authenticationTag,
    result.ciphertext,
  ]);
}

/**
 * The proxy's fields of a parsed blob (parseCiphertextBlob split the bytes after the prefix as a local blob's).
 * @throws InvalidCiphertextError when they do not have this layout.
 */
export function decodeXksCiphertext(blob: ParsedCiphertextBlob): XksEncryptResult {
  const body = Buffer.concat([blob.salt, blob.iv, blob.ciphertext, blob.tag]);
  let offset = 0;
  const take = (length: number): Buffer => {
    if (offset + length > body.length) throw new InvalidCiphertextError('Truncated external key store ciphertext.');
    const part = body.subarray(offset, offset + length);
    offset += length;
    return part;
  };
  if (take(1)[0] !== BODY_FORMAT_1) throw new InvalidCiphertextError('Unknown external key store ciphertext format.');
  const ivLength = take(1)[0]!;
  if (ivLength !== 12 && ivLength !== 16) throw new InvalidCiphertextError('Bad IV length.');
  const initializationVector = take(ivLength);
  const metadataLength = take(1)[0]!;
  if (metadataLength > 20) throw new InvalidCiphertextError('Bad ciphertext metadata length.');
  const ciphertextMetadata = take(metadataLength);
  const authenticationTag = take(TAG_BYTES);
  const ciphertext = body.subarray(offset);
  if (ciphertext.length === 0) throw new InvalidCiphertextError('No ciphertext.');
  return { ciphertext, initializationVector, authenticationTag, ...(metadataLength > 0 ? { ciphertextMetadata } : {}) };
}
