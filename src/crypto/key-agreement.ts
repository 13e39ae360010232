// DeriveSharedSecret: raw ECDH on ECC_NIST_P256/P384/P521 and SM2 with a peer public key given as DER
// SubjectPublicKeyInfo; the result is Z, the shared point's x-coordinate (docs/kms-behaviour.md 3.8).
import { createPublicKey, diffieHellman, type KeyObject } from 'node:crypto';
import { IncompatiblePublicKeyError, InvalidPublicKeyError, UnsupportedKeySpecError } from './errors.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { CURVES } from './key-spec-parameters.js';
import { sm2SharedSecret } from './sm2.js';

type KeyAgreementKeySpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521';

// AWS allows KEY_AGREEMENT on the NIST curves and SM2 (docs/kms-behaviour.md 2.2); SM2 has its own module.
function isKeyAgreementKeySpec(keySpec: string): keySpec is KeyAgreementKeySpec {
  return keySpec === 'ECC_NIST_P256' || keySpec === 'ECC_NIST_P384' || keySpec === 'ECC_NIST_P521';
}

/**
 * Z = x(d·Q), 32 / 48 / 66 bytes (SM2: 32), the same bytes as `openssl pkeyutl -derive`; no KDF applied.
 * @throws InvalidPublicKeyError when the peer key is not SPKI DER or its point is not on the curve.
 * @throws IncompatiblePublicKeyError when it is another key type or another curve.
 */
export function deriveSharedSecret(key: AsymmetricKeyHandle, peerPublicKeySpkiDer: Uint8Array): Buffer {
  if (key.kind === 'sm2') return sm2SharedSecret(key, peerPublicKeySpkiDer);
  const keySpec = key.keySpec;
  if (key.kind !== 'node' || !isKeyAgreementKeySpec(keySpec)) {
    throw new UnsupportedKeySpecError(keySpec, 'cannot be used for key agreement');
  }
  let peer: KeyObject;
  try {
    // OpenSSL checks the point is on the curve while decoding it.
    peer = createPublicKey({ key: Buffer.from(peerPublicKeySpkiDer), format: 'der', type: 'spki' });
  } catch {
    throw new InvalidPublicKeyError();
  }
  if (peer.asymmetricKeyType !== 'ec' || peer.asymmetricKeyDetails?.namedCurve !== CURVES[keySpec].nodeCurve) {
    throw new IncompatiblePublicKeyError(keySpec);
  }
  try {
    return diffieHellman({ privateKey: key.privateKey, publicKey: peer });
  } catch {
    throw new InvalidPublicKeyError('The public key cannot be used for key agreement.');
  }
}
