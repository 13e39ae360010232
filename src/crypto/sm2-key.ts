// SM2 key formats (curve OID 1.2.156.10197.1.301): PKCS#8 private keys checked as imported SM2 material must be
// (docs/kms-behaviour.md 4.4) and parsed into an Sm2KeyPairHandle, and the SubjectPublicKeyInfo of GetPublicKey (3.10).
import { ECDH } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import {
  DerError,
  encodeOid,
  encodeTlv,
  readChildren,
  readTlv,
  TAG_BIT_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_OID,
  TAG_SEQUENCE,
  valueOf,
  type Tlv,
} from './der.js';
import { IncompatiblePublicKeyError, IncorrectKeyMaterialError, InvalidPublicKeyError } from './errors.js';
import type { Sm2KeyPairHandle } from './key-handle.js';
import { zeroize } from './zeroize.js';

/** The SM2 named curve (GM/T 0006), as AWS puts it in the id-ecPublicKey parameters. */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';
const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';

/** Length of d, x, y and the ECDH shared secret on the 256-bit SM2 curve. */
export const SM2_FIELD_BYTES = 32;

/** Order n of the SM2 base point (GB/T 32918.5). */
export const SM2_ORDER = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

/** AlgorithmIdentifier { id-ecPublicKey, namedCurve SM2 } of SM2 PKCS#8 and SPKI structures. */
const SM2_ALGORITHM = encodeTlv(TAG_SEQUENCE, encodeOid(EC_PUBLIC_KEY_OID), encodeOid(SM2_CURVE_OID));

const TAG_EC_PARAMETERS = 0xa0;
const TAG_EC_PUBLIC_KEY = 0xa1;

const incorrect = (reason: string): IncorrectKeyMaterialError => new IncorrectKeyMaterialError('SM2', reason);

/**
 * Parses SM2 material: a PKCS#8 PrivateKeyInfo whose algorithm is id-ecPublicKey with the SM2 *named* curve,
 * wrapping an RFC 5915 ECPrivateKey. The scalar must lie in [1, n−2] (GB/T 32918.1 §6.1, so that 1 + d is
 * invertible) and an embedded public key, when present, must be d·G. The handle holds its own copies.
 * @throws IncorrectKeyMaterialError naming what is wrong (never the material).
 */
export function loadSm2KeyMaterial(material: Uint8Array): Sm2KeyPairHandle {
  let parsed: { scalar: Uint8Array; embeddedPoint: Uint8Array | undefined };
  try {
    parsed = readPrivateKeyInfo(material);
  } catch (error) {
    if (error instanceof DerError) throw incorrect('not a PKCS#8 PrivateKeyInfo');
    throw error;
  }
  const privateKey = new Uint8Array(SM2_FIELD_BYTES);
  privateKey.set(parsed.scalar, SM2_FIELD_BYTES - parsed.scalar.length);
  const privateKeyHex = sm2PrivateKeyHex(privateKey);
  const d = BigInt(`0x${privateKeyHex}`);
  if (d < 1n || d > SM2_ORDER - 2n) {
    zeroize(privateKey);
    throw incorrect('the private key is out of range');
  }
  const publicKey = Buffer.from(sm2.getPublicKeyFromPrivateKey(privateKeyHex), 'hex');
  if (parsed.embeddedPoint && !samePoint(parsed.embeddedPoint, publicKey)) {
    zeroize(privateKey);
    throw incorrect('the embedded public key does not belong to the private key');
  }
  return { kind: 'sm2', keySpec: 'SM2', privateKey, publicKey: Uint8Array.from(publicKey) };
}

// PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, privateKey OCTET STRING, [0] attributes, [1] publicKey }
// ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey BIT STRING }
function readPrivateKeyInfo(material: Uint8Array): { scalar: Uint8Array; embeddedPoint: Uint8Array | undefined } {
  const outer = readTlv(material);
  if (outer.tag !== TAG_SEQUENCE || outer.end !== material.length) throw new DerError('not a SEQUENCE');
  const [version, algorithm, privateKey] = readChildren(material, outer);
  if (version?.tag !== TAG_INTEGER || algorithm?.tag !== TAG_SEQUENCE || privateKey?.tag !== TAG_OCTET_STRING) {
    throw new DerError('not a PrivateKeyInfo');
  }
  checkAlgorithm(material, algorithm, incorrect);

  const inner = valueOf(material, privateKey);
  const ecPrivateKey = readTlv(inner);
  if (ecPrivateKey.tag !== TAG_SEQUENCE || ecPrivateKey.end !== inner.length) throw new DerError('not an ECPrivateKey');
  const [ecVersion, scalar, ...optional] = readChildren(inner, ecPrivateKey);
  if (ecVersion?.tag !== TAG_INTEGER || !bytesEqual(valueOf(inner, ecVersion), [1]) || scalar?.tag !== TAG_OCTET_STRING) {
    throw incorrect('not an RFC 5915 ECPrivateKey');
  }
  const scalarBytes = valueOf(inner, scalar);
  if (scalarBytes.length === 0 || scalarBytes.length > SM2_FIELD_BYTES) throw incorrect('the private key is not a 256-bit scalar');
  let embeddedPoint: Uint8Array | undefined;
  for (const field of optional) {
    const [content] = readChildren(inner, field);
    if (field.tag === TAG_EC_PARAMETERS) {
      if (content?.tag !== TAG_OID || !bytesEqual(valueOf(inner, content), oidValue(SM2_CURVE_OID))) {
        throw incorrect('the ECPrivateKey parameters do not name the SM2 curve');
      }
    } else if (field.tag === TAG_EC_PUBLIC_KEY) {
      if (content?.tag !== TAG_BIT_STRING) throw incorrect('the embedded public key is not a BIT STRING');
      embeddedPoint = bitStringContent(inner, content);
    }
  }
  return { scalar: scalarBytes, embeddedPoint };
}

/** id-ecPublicKey with the SM2 named curve; anything else fails through `fail`. */
function checkAlgorithm(der: Uint8Array, algorithm: Tlv, fail: (reason: string) => Error): void {
  const [oid, parameters] = readChildren(der, algorithm);
  if (oid?.tag !== TAG_OID || !bytesEqual(valueOf(der, oid), oidValue(EC_PUBLIC_KEY_OID))) throw fail('not an EC key');
  if (parameters?.tag !== TAG_OID) throw fail('the curve must be given as a named curve');
  if (!bytesEqual(valueOf(der, parameters), oidValue(SM2_CURVE_OID))) throw fail('the key is not on the SM2 curve');
}

/**
 * The scalar as the hex string sm-crypto-v2 takes. Read through a view, so no extra copy of the bytes is made; the
 * string itself cannot be zeroed (nor can the library's BigInts), which is why callers keep one per handle.
 */
export function sm2PrivateKeyHex(privateKey: Uint8Array): string {
  return Buffer.from(privateKey.buffer, privateKey.byteOffset, privateKey.byteLength).toString('hex');
}

/** The DER SubjectPublicKeyInfo of an SM2 public point: id-ecPublicKey, namedCurve SM2, uncompressed point. */
export function sm2PublicKeySpki(publicPoint: Uint8Array): Buffer {
  // The leading 0x00 is the BIT STRING's count of unused bits.
  return encodeTlv(TAG_SEQUENCE, SM2_ALGORITHM, encodeTlv(TAG_BIT_STRING, Buffer.of(0), publicPoint));
}

/**
 * The uncompressed point of a peer's SM2 SubjectPublicKeyInfo (compressed points are accepted, as for the NIST curves).
 * @throws InvalidPublicKeyError when it is not DER SPKI or its point is not on the curve.
 * @throws IncompatiblePublicKeyError when it is another key type or another curve.
 */
export function parseSm2PublicKeySpki(spki: Uint8Array): Buffer {
  let encodedPoint: Uint8Array;
  try {
    const outer = readTlv(spki);
    if (outer.tag !== TAG_SEQUENCE || outer.end !== spki.length) throw new DerError('not a SEQUENCE');
    const [algorithm, key, extra] = readChildren(spki, outer);
    if (algorithm?.tag !== TAG_SEQUENCE || key?.tag !== TAG_BIT_STRING || extra) throw new DerError('not an SPKI');
    checkAlgorithm(spki, algorithm, () => new IncompatiblePublicKeyError('SM2'));
    encodedPoint = bitStringContent(spki, key);
  } catch (error) {
    if (error instanceof DerError) throw new InvalidPublicKeyError();
    throw error;
  }
  return decodeSm2Point(encodedPoint);
}

/**
 * An SM2 point in X9.62 form (04‖x‖y or 02/03‖x) as 04‖x‖y; OpenSSL checks that it lies on the curve, which on SM2
 * (cofactor 1) also puts it in the prime-order group.
 * @throws InvalidPublicKeyError otherwise.
 */
export function decodeSm2Point(encoded: Uint8Array): Buffer {
  try {
    return ECDH.convertKey(encoded, 'SM2', undefined, undefined, 'uncompressed') as Buffer;
  } catch {
    throw new InvalidPublicKeyError('The public key is not a point on the SM2 curve.');
  }
}

function samePoint(encoded: Uint8Array, uncompressed: Uint8Array): boolean {
  try {
    return decodeSm2Point(encoded).equals(uncompressed);
  } catch {
    return false;
  }
}

/** A BIT STRING's bits when it has no unused bits (points are whole bytes). */
function bitStringContent(der: Uint8Array, bitString: Tlv): Uint8Array {
  const value = valueOf(der, bitString);
  if (value.length < 2 || value[0] !== 0) throw new DerError('bad BIT STRING');
  return value.subarray(1);
}

function oidValue(dotted: string): Uint8Array {
  const encoded = encodeOid(dotted);
  return valueOf(encoded, readTlv(encoded));
}

function bytesEqual(a: Uint8Array, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
