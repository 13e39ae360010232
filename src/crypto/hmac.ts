// GenerateMac / VerifyMac for HMAC_224/256/384/512 keys: plain RFC 2104 HMAC over the message
// (docs/kms-behaviour.md 3.5), verified in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MacAlgorithmSpec } from '../api/model.generated.js';
import { IncompatibleAlgorithmError } from './errors.js';
import type { SecretKeyHandle } from './key-handle.js';
import { HMAC_SPECS, isHmacKeySpec } from './key-spec-parameters.js';

// Each HMAC key spec takes exactly its own algorithm (HMAC_256 ↔ HMAC_SHA_256, 3.5).
function hashFor(key: SecretKeyHandle, algorithm: MacAlgorithmSpec): string {
  const spec = isHmacKeySpec(key.keySpec) ? HMAC_SPECS[key.keySpec] : undefined;
  if (!spec || spec.macAlgorithm !== algorithm) throw new IncompatibleAlgorithmError(algorithm, key.keySpec);
  return spec.hash;
}

/** The MAC of `message`: 28, 32, 48 or 64 bytes. */
export function generateMac(key: SecretKeyHandle, algorithm: MacAlgorithmSpec, message: Uint8Array): Buffer {
  return createHmac(hashFor(key, algorithm), key.secretKey).update(message).digest();
}

/** Whether `mac` is the MAC of `message`, compared in constant time; a wrong length is `false`. */
export function verifyMac(key: SecretKeyHandle, algorithm: MacAlgorithmSpec, message: Uint8Array, mac: Uint8Array): boolean {
  const expected = generateMac(key, algorithm, message);
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}
