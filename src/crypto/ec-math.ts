// Curve constants and BigInt helpers shared by ECDSA signing and verification over a digest,
// where node:crypto has no API and OpenSSL does the point multiplications through node's ECDH.
import { createECDH, type ECDH, type KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { CURVES, type EccKeySpec } from './key-spec-parameters.js';

export const NOBLE_CURVES = {
  ECC_NIST_P256: p256,
  ECC_NIST_P384: p384,
  ECC_NIST_P521: p521,
  ECC_SECG_P256K1: secp256k1,
} as const;

export interface CurveMath {
  /** Field prime p and group order n (cofactor 1 on all four curves). */
  readonly p: bigint;
  readonly n: bigint;
  readonly nBits: number;
  readonly nBytes: number;
  readonly fieldBytes: number;
  /**
   * OpenSSL scalar multiplication: setPrivateKey(k) then getPublicKey() is k·G, computeSecret(P)
   * is x(k·P). Reused: JavaScript runs each sign or verify to completion before the next.
   */
  readonly multiplier: ECDH;
}

const curveMath = new Map<EccKeySpec, CurveMath>();

export function mathFor(keySpec: EccKeySpec): CurveMath {
  let math = curveMath.get(keySpec);
  if (!math) {
    const { p, n } = NOBLE_CURVES[keySpec].Point.CURVE();
    const nBits = n.toString(2).length;
    const { fieldBytes, nodeCurve } = CURVES[keySpec];
    math = { p, n, nBits, nBytes: Math.ceil(nBits / 8), fieldBytes, multiplier: createECDH(nodeCurve) };
    curveMath.set(keySpec, math);
  }
  return math;
}

export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`);
}

export function toBytes(value: bigint, length: number): Buffer {
  return Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex');
}

/** a mod m in [0, m). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** a⁻¹ mod m by the extended Euclidean algorithm (m prime, a not a multiple of m). Not constant-time. */
export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/** The leftmost nBits bits of the digest as an integer (SEC 1 §4.1.3 step 5, FIPS 186-5 §6.4.1). */
export function digestToInteger(digest: Uint8Array, nBits: number): bigint {
  const e = toBigInt(digest);
  const excessBits = digest.length * 8 - nBits;
  return excessBits > 0 ? e >> BigInt(excessBits) : e;
}

/** An affine point with its uncompressed encoding 04 ‖ x ‖ y. */
export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
  readonly encoded: Uint8Array;
}

export function decodePoint(encoded: Uint8Array, fieldBytes: number): AffinePoint {
  return {
    x: toBigInt(encoded.subarray(1, 1 + fieldBytes)),
    y: toBigInt(encoded.subarray(1 + fieldBytes, 1 + 2 * fieldBytes)),
    encoded,
  };
}

export function encodePoint(x: bigint, y: bigint, fieldBytes: number): AffinePoint {
  return { x, y, encoded: Buffer.concat([Buffer.of(4), toBytes(x, fieldBytes), toBytes(y, fieldBytes)]) };
}

const publicPoints = new WeakMap<KeyObject, AffinePoint>();

/** The public point of an EC KeyObject, read once per key. */
export function publicPointOf(publicKey: KeyObject, fieldBytes: number): AffinePoint {
  let point = publicPoints.get(publicKey);
  if (!point) {
    const { x, y } = publicKey.export({ format: 'jwk' });
    const coordinate = (value: string | undefined): bigint => toBigInt(Buffer.from(value as string, 'base64url'));
    point = encodePoint(coordinate(x), coordinate(y), fieldBytes);
    publicPoints.set(publicKey, point);
  }
  return point;
}
