// NIST SP 800-108 key derivation in counter mode with HMAC-SHA256, the KDF AWS KMS uses to derive
// a fresh AES-GCM key per encryption (docs/kms-behaviour.md 3.2). One block: 256 bits of output.
import { createHmac, type KeyObject } from 'node:crypto';

const COUNTER_ONE = Buffer.of(0, 0, 0, 1);

/**
 * K(1) = HMAC-SHA256(keyDerivationKey, [1]₃₂ ‖ fixedInput), with the counter as a 32-bit
 * big-endian prefix (CTRLOCATION=BEFORE_FIXED, RLEN=32). `fixedInput` is passed in parts so
 * callers avoid concatenating; SP 800-108 shapes it as Label ‖ 0x00 ‖ Context ‖ [L]₃₂.
 * Returns 32 bytes; an output length L below 256 bits is the leading L/8 bytes.
 */
export function counterModeKdf(keyDerivationKey: KeyObject | Uint8Array, ...fixedInput: Uint8Array[]): Buffer {
  const hmac = createHmac('sha256', keyDerivationKey).update(COUNTER_ONE);
  for (const part of fixedInput) hmac.update(part);
  return hmac.digest();
}
