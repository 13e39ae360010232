// The DER X.509 SubjectPublicKeyInfo of an asymmetric key, as GetPublicKey returns it
// (docs/kms-behaviour.md 3.10); node:crypto cannot encode ML-DSA keys, so those are built here (SM2 in sm2-key.ts).
import { encodeOid, encodeTlv, TAG_BIT_STRING, TAG_SEQUENCE } from './der.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { ML_DSA_SPECS } from './key-spec-parameters.js';
import { sm2PublicKeySpki } from './sm2-key.js';

/**
 * RSA → rsaEncryption; ECC → id-ecPublicKey with the named curve and an uncompressed point;
 * Ed25519 → id-Ed25519 (1.3.101.112, RFC 8410); ML-DSA → id-ml-dsa-44/65/87 with the raw
 * FIPS 204 public key as the BIT STRING and absent parameters (RFC 9881); SM2 → id-ecPublicKey with namedCurve SM2
 * (1.2.156.10197.1.301) and an uncompressed point.
 */
export function publicKeySpki(handle: AsymmetricKeyHandle): Buffer {
  if (handle.kind === 'node') return handle.publicKey.export({ type: 'spki', format: 'der' });
  if (handle.kind === 'sm2') return sm2PublicKeySpki(handle.publicKey);
  const algorithm = encodeTlv(TAG_SEQUENCE, encodeOid(ML_DSA_SPECS[handle.keySpec].oid));
  // The leading 0x00 is the BIT STRING's count of unused bits.
  return encodeTlv(TAG_SEQUENCE, algorithm, encodeTlv(TAG_BIT_STRING, Buffer.of(0), handle.publicKey));
}
