// Sign and Verify for every AWS signing algorithm and MessageType (docs/kms-behaviour.md 3.4):
// RSA PSS / PKCS#1 v1.5, ECDSA (DER), Ed25519 and Ed25519ph, ML-DSA (hedged, empty context), SM2DSA (DER).
import { constants, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { ed25519ph } from '@noble/curves/ed25519.js';
import type { MessageType, SigningAlgorithmSpec } from '../api/model.generated.js';
import { signEcdsaDigest, verifyEcdsaDigest } from './ecdsa-digest-signature.js';
import {
  DigestLengthError,
  IncompatibleAlgorithmError,
  UnsupportedAlgorithmError,
  UnsupportedMessageTypeError,
} from './errors.js';
import type { AsymmetricKeyHandle, MlDsaKeyPairHandle, NodeKeyPairHandle, Sm2KeyPairHandle } from './key-handle.js';
import { CURVES, HASH_LENGTH, isEccKeySpec, isRsaKeySpec, ML_DSA_SPECS, type EccKeySpec } from './key-spec-parameters.js';
import { signPkcs1Digest, signPssDigest, verifyPkcs1Digest, verifyPssDigest } from './rsa-digest-signature.js';
import { signSm2Digest, SM3_DIGEST_BYTES, sm2MessageDigest, verifySm2Digest } from './sm2.js';
import { zeroize } from './zeroize.js';

type Family = 'rsa-pss' | 'rsa-pkcs1' | 'ecdsa' | 'ed25519' | 'ed25519ph' | 'ml-dsa' | 'sm2dsa';
type SignatureHash = 'sha256' | 'sha384' | 'sha512';

const ALGORITHMS: Partial<Record<SigningAlgorithmSpec, { family: Family; hash?: SignatureHash }>> = {
  RSASSA_PSS_SHA_256: { family: 'rsa-pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { family: 'rsa-pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { family: 'rsa-pss', hash: 'sha512' },
  RSASSA_PKCS1_V1_5_SHA_256: { family: 'rsa-pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { family: 'rsa-pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { family: 'rsa-pkcs1', hash: 'sha512' },
  ECDSA_SHA_256: { family: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { family: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { family: 'ecdsa', hash: 'sha512' },
  ED25519_SHA_512: { family: 'ed25519' },
  ED25519_PH_SHA_512: { family: 'ed25519ph', hash: 'sha512' },
  ML_DSA_SHAKE_256: { family: 'ml-dsa' },
  SM2DSA: { family: 'sm2dsa' },
};

/** Length of an ML-DSA external μ (FIPS 204 §6.2; docs/kms-behaviour.md 3.4). */
const EXTERNAL_MU_BYTES = 64;

type Plan =
  | { family: 'rsa-pss' | 'rsa-pkcs1'; hash: SignatureHash; key: NodeKeyPairHandle; digest: boolean }
  | { family: 'ecdsa'; hash: SignatureHash; key: NodeKeyPairHandle; curve: EccKeySpec; digest: boolean }
  | { family: 'ed25519' | 'ed25519ph'; key: NodeKeyPairHandle }
  | { family: 'ml-dsa'; key: MlDsaKeyPairHandle; externalMu: boolean }
  | { family: 'sm2dsa'; key: Sm2KeyPairHandle; digest: boolean };

// The checks Sign and Verify share: the algorithm fits the key, the MessageType fits the
// algorithm, and a DIGEST / EXTERNAL_MU message has exactly the expected length.
function plan(key: AsymmetricKeyHandle, algorithm: SigningAlgorithmSpec, message: Uint8Array, messageType: MessageType): Plan {
  const entry = ALGORITHMS[algorithm];
  if (!entry) throw new UnsupportedAlgorithmError(algorithm);
  const { family, hash } = entry;
  const incompatible = (): IncompatibleAlgorithmError => new IncompatibleAlgorithmError(algorithm, key.keySpec);
  const expectLength = (length: number): void => {
    if (message.length !== length) throw new DigestLengthError(algorithm);
  };
  if (family === 'ml-dsa') {
    if (key.kind !== 'ml-dsa') throw incompatible();
    if (messageType === 'DIGEST') throw new UnsupportedMessageTypeError(algorithm, messageType);
    if (messageType === 'EXTERNAL_MU') expectLength(EXTERNAL_MU_BYTES);
    return { family, key, externalMu: messageType === 'EXTERNAL_MU' };
  }
  if (family === 'sm2dsa') {
    if (key.kind !== 'sm2') throw incompatible();
    if (messageType === 'EXTERNAL_MU') throw new UnsupportedMessageTypeError(algorithm, messageType);
    // DIGEST: the message is e = SM3(Z_A ‖ M), computed by the caller with the default distinguishing ID (3.4).
    if (messageType === 'DIGEST') expectLength(SM3_DIGEST_BYTES);
    return { family, key, digest: messageType === 'DIGEST' };
  }
  if (key.kind !== 'node') throw incompatible();
  if (messageType === 'EXTERNAL_MU') throw new UnsupportedMessageTypeError(algorithm, messageType);
  if (family === 'ed25519' || family === 'ed25519ph') {
    if (key.keySpec !== 'ECC_NIST_EDWARDS25519') throw incompatible();
    // ED25519_SHA_512 takes RAW only and ED25519_PH_SHA_512 DIGEST only; they do not mix (3.4).
    if ((family === 'ed25519') !== (messageType === 'RAW')) throw new UnsupportedMessageTypeError(algorithm, messageType);
    if (family === 'ed25519ph') expectLength(HASH_LENGTH.sha512);
    return { family, key };
  }
  const curve = key.keySpec;
  const fits = family === 'ecdsa' ? isEccKeySpec(curve) && CURVES[curve].ecdsaHash === hash : isRsaKeySpec(curve);
  if (!fits || !hash) throw incompatible();
  const digest = messageType === 'DIGEST';
  if (digest) expectLength(HASH_LENGTH[hash]);
  if (family === 'ecdsa' && isEccKeySpec(curve)) return { family, hash, key, curve, digest };
  return { family: family as 'rsa-pss' | 'rsa-pkcs1', hash, key, digest };
}

function rsaOptions(key: KeyObject, family: 'rsa-pss' | 'rsa-pkcs1', hash: SignatureHash) {
  return family === 'rsa-pss'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[hash] }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

/**
 * Signs `message` (RAW: the message; DIGEST: its digest; EXTERNAL_MU: ML-DSA's μ).
 * RSA signatures are modulus-length, ECDSA DER, Ed25519 64 bytes, ML-DSA raw FIPS 204.
 * @throws IncompatibleAlgorithmError, UnsupportedMessageTypeError, DigestLengthError.
 */
export function sign(
  key: AsymmetricKeyHandle,
  algorithm: SigningAlgorithmSpec,
  message: Uint8Array,
  messageType: MessageType = 'RAW',
): Buffer {
  const p = plan(key, algorithm, message, messageType);
  switch (p.family) {
    case 'rsa-pss':
    case 'rsa-pkcs1': {
      const privateKey = p.key.privateKey;
      if (!p.digest) return nodeSign(p.hash, message, rsaOptions(privateKey, p.family, p.hash));
      return p.family === 'rsa-pss' ? signPssDigest(privateKey, p.hash, message) : signPkcs1Digest(privateKey, p.hash, message);
    }
    case 'ecdsa':
      if (!p.digest) return nodeSign(p.hash, message, p.key.privateKey);
      return signEcdsaDigest(p.curve, p.key.privateKey, message);
    case 'ed25519':
      return nodeSign(null, message, p.key.privateKey);
    case 'ed25519ph':
      // KMS applies Ed25519ph's own SHA-512 pre-hash to the 64-byte digest it is given (3.4).
      return Buffer.from(ed25519ph.sign(message, ed25519Seed(p.key.privateKey)));
    case 'ml-dsa': {
      const { scheme } = ML_DSA_SPECS[p.key.keySpec];
      // Hedged: noble draws 32 fresh random bytes per signature when extraEntropy is not given.
      const signature = p.externalMu
        ? scheme.internal.sign(message, p.key.secretKey, { externalMu: true })
        : scheme.sign(message, p.key.secretKey);
      return Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
    }
    case 'sm2dsa':
      return signSm2Digest(p.key, p.digest ? message : sm2MessageDigest(p.key, message));
  }
}

/**
 * Like `sign`, but an RSA signature of a RAW message is computed on libuv's thread pool: at ~300 µs (RSA-2048) it would
 * otherwise hold the event loop, and the server's other requests can proceed meanwhile on the other core. Every other
 * case costs less than a thread hop and is signed in place.
 */
export function signAsync(
  key: AsymmetricKeyHandle,
  algorithm: SigningAlgorithmSpec,
  message: Uint8Array,
  messageType: MessageType = 'RAW',
): Promise<Buffer> {
  const p = plan(key, algorithm, message, messageType);
  if ((p.family === 'rsa-pss' || p.family === 'rsa-pkcs1') && !p.digest) {
    const options = rsaOptions(p.key.privateKey, p.family, p.hash);
    return new Promise((resolve, reject) => {
      nodeSign(p.hash, message, options, (error, signature) => (error ? reject(error) : resolve(signature)));
    });
  }
  return Promise.resolve(sign(key, algorithm, message, messageType));
}

/**
 * Verifies `signature` over `message`. A wrong signature is `false`, never an exception; the
 * MessageType need not be the one used to sign, as long as the digest is the same (3.4).
 * @throws IncompatibleAlgorithmError, UnsupportedMessageTypeError, DigestLengthError.
 */
export function verify(
  key: AsymmetricKeyHandle,
  algorithm: SigningAlgorithmSpec,
  message: Uint8Array,
  signature: Uint8Array,
  messageType: MessageType = 'RAW',
): boolean {
  const p = plan(key, algorithm, message, messageType);
  try {
    switch (p.family) {
      case 'rsa-pss':
      case 'rsa-pkcs1': {
        const publicKey = p.key.publicKey;
        if (!p.digest) return nodeVerify(p.hash, message, rsaOptions(publicKey, p.family, p.hash), signature);
        return p.family === 'rsa-pss'
          ? verifyPssDigest(publicKey, p.hash, message, signature)
          : verifyPkcs1Digest(publicKey, p.hash, message, signature);
      }
      case 'ecdsa':
        if (!p.digest) return nodeVerify(p.hash, message, p.key.publicKey, signature);
        return verifyEcdsaDigest(p.curve, p.key.publicKey, message, signature);
      case 'ed25519':
        return nodeVerify(null, message, p.key.publicKey, signature);
      case 'ed25519ph':
        return ed25519ph.verify(signature, message, ed25519PublicKey(p.key.publicKey));
      case 'ml-dsa': {
        const { scheme } = ML_DSA_SPECS[p.key.keySpec];
        return p.externalMu
          ? scheme.internal.verify(signature, message, p.key.publicKey, { externalMu: true })
          : scheme.verify(signature, message, p.key.publicKey);
      }
      case 'sm2dsa':
        return verifySm2Digest(p.key, p.digest ? message : sm2MessageDigest(p.key, message), signature);
    }
  } catch {
    // Malformed signatures (bad DER, wrong length) make OpenSSL and noble throw: that is "invalid".
    return false;
  }
}

const ed25519Seeds = new WeakMap<KeyObject, Uint8Array>();
const ed25519PublicKeys = new WeakMap<KeyObject, Uint8Array>();

/**
 * The 32-byte RFC 8032 private key, which noble needs for Ed25519ph. Read once per KeyObject and
 * kept as long as the handle lives, in its own allocation (not Buffer's shared pool).
 */
function ed25519Seed(privateKey: KeyObject): Uint8Array {
  let seed = ed25519Seeds.get(privateKey);
  if (!seed) {
    const decoded = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
    seed = Uint8Array.from(decoded);
    zeroize(decoded);
    ed25519Seeds.set(privateKey, seed);
  }
  return seed;
}

function ed25519PublicKey(publicKey: KeyObject): Uint8Array {
  let raw = ed25519PublicKeys.get(publicKey);
  if (!raw) {
    raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    ed25519PublicKeys.set(publicKey, raw);
  }
  return raw;
}
