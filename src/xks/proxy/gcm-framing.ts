// What the proxy binds into AES-GCM and what it hands back beside the ciphertext. The GCM AAD is the spec's
// length-framed pair `u16be(len AAD) ‖ AAD ‖ u8(len metadata) ‖ metadata`, so that bytes moved between the caller's
// AAD and the ciphertext metadata never decrypt; the metadata is one byte naming that framing, so it can change later
// without stranding old ciphertexts. The CDIV is SHA-256 over AAD ‖ metadata ‖ IV ‖ ciphertext ‖ tag (no lengths).

import { createHash } from 'node:crypto';

/** `ciphertextMetadata` of everything this proxy encrypts: framing version 1. */
export const CIPHERTEXT_METADATA_V1 = Buffer.from([0x01]);

export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export function gcmAad(aad: Buffer, metadata: Buffer): Buffer {
  const framed = Buffer.alloc(2 + aad.length + 1 + metadata.length);
  framed.writeUInt16BE(aad.length, 0);
  aad.copy(framed, 2);
  framed.writeUInt8(metadata.length, 2 + aad.length);
  metadata.copy(framed, 3 + aad.length);
  return framed;
}

export function ciphertextDataIntegrityValue(aad: Buffer, metadata: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
  return createHash('sha256').update(aad).update(metadata).update(iv).update(ciphertext).update(tag).digest();
}
