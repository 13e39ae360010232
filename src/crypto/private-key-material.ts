// Parses RSA, ECC and Ed25519 key material (PKCS#8) into a node KeyObject and checks it meets
// the key spec's requirements (docs/kms-behaviour.md 4.4); the same check serves generated material.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { DerError, readChildren, readTlv, TAG_INTEGER, TAG_OID, TAG_SEQUENCE, valueOf } from './der.js';
import { IncorrectKeyMaterialError } from './errors.js';
import { CURVES, isEccKeySpec, isRsaKeySpec, RSA_MODULUS_BITS, type NodeAsymmetricKeySpec } from './key-spec-parameters.js';

/** Returns the private key in `material`, or throws IncorrectKeyMaterialError. */
export function parsePrivateKeyMaterial(keySpec: NodeAsymmetricKeySpec, material: Uint8Array): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: asBuffer(material), format: 'der', type: 'pkcs8' });
  } catch {
    throw new IncorrectKeyMaterialError(keySpec, 'not a PKCS#8 PrivateKeyInfo');
  }
  if (isRsaKeySpec(keySpec)) checkRsa(keySpec, privateKey);
  else if (isEccKeySpec(keySpec)) checkEcc(keySpec, privateKey, material);
  else if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new IncorrectKeyMaterialError(keySpec, 'not an Ed25519 private key');
  }
  return privateKey;
}

// RSA: an rsaEncryption key (not RSASSA-PSS-restricted), modulus exactly the spec's size, two primes only.
function checkRsa(keySpec: NodeAsymmetricKeySpec & keyof typeof RSA_MODULUS_BITS, privateKey: KeyObject): void {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new IncorrectKeyMaterialError(keySpec, 'not an RSA private key');
  const bits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (bits !== RSA_MODULUS_BITS[keySpec]) {
    throw new IncorrectKeyMaterialError(keySpec, `modulus is ${bits} bits, expected ${RSA_MODULUS_BITS[keySpec]}`);
  }
  // RSAPrivateKey (RFC 8017 A.1.2): version 0 is two-prime, version 1 is multi-prime.
  const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'der' });
  const sequence = readTlv(pkcs1);
  const version = readChildren(pkcs1, sequence)[0];
  if (!version || version.tag !== TAG_INTEGER || valueOf(pkcs1, version).some((byte) => byte !== 0)) {
    throw new IncorrectKeyMaterialError(keySpec, 'multi-prime RSA keys are not supported');
  }
}

// ECC: a key on the spec's curve, named by OID in the PKCS#8 algorithm parameters (explicit
// curve parameters are rejected even when they describe the right curve).
function checkEcc(keySpec: keyof typeof CURVES, privateKey: KeyObject, material: Uint8Array): void {
  if (privateKey.asymmetricKeyType !== 'ec') throw new IncorrectKeyMaterialError(keySpec, 'not an EC private key');
  if (!hasNamedCurveParameters(material)) {
    throw new IncorrectKeyMaterialError(keySpec, 'the curve must be given as a named curve');
  }
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (curve !== CURVES[keySpec].nodeCurve) {
    throw new IncorrectKeyMaterialError(keySpec, `the key is on curve ${curve}, expected ${CURVES[keySpec].nodeCurve}`);
  }
}

// PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm, parameters }, privateKey, ... }
function hasNamedCurveParameters(material: Uint8Array): boolean {
  try {
    const outer = readTlv(material);
    const algorithm = readChildren(material, outer)[1];
    if (outer.tag !== TAG_SEQUENCE || algorithm?.tag !== TAG_SEQUENCE) return false;
    return readChildren(material, algorithm)[1]?.tag === TAG_OID;
  } catch (error) {
    if (error instanceof DerError) return false;
    throw error;
  }
}

/** A Buffer view of the same bytes (node's key APIs type their input as Buffer). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
