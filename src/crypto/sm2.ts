// The SM2 algorithms of key spec SM2 (China Regions): SM2DSA signatures (GB/T 32918.2 with SM3 and the fixed
// distinguishing ID 1234567812345678), SM2PKE encryption (GB/T 32918.4, ASN.1 ciphertext) and raw ECDH
// (docs/kms-behaviour.md 3.3, 3.4, 3.8). node:crypto cannot sign with an SM2 ID, encrypt or derive with a loaded SM2
// key, so the curve arithmetic comes from sm-crypto-v2 (on @noble/curves); hashing, DER, ranges and point checks are ours.
// Several algorithms share one file because they share the per-handle state (scalar, public point, Z, ECDH object).
import { createECDH, createHash, type ECDH } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { encodeTlv, encodeUnsignedInteger, readChildren, readTlv, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, valueOf, type Tlv } from './der.js';
import { InvalidCiphertextError, InvalidPublicKeyError } from './errors.js';
import type { Sm2KeyPairHandle } from './key-handle.js';
import { decodeSm2Point, parseSm2PublicKeySpki, SM2_FIELD_BYTES, SM2_ORDER, sm2PrivateKeyHex } from './sm2-key.js';
import { zeroize } from './zeroize.js';

/** KMS signs with the default distinguishing ID and does not let callers change it (docs/kms-behaviour.md 3.4). */
export const SM2_DISTINGUISHING_ID = '1234567812345678';

/** SM3 digests, and so SM2DSA DIGEST messages, are 32 bytes (3.4). */
export const SM3_DIGEST_BYTES = 32;

/** Largest SM2PKE plaintext KMS encrypts (3.3). */
export const SM2PKE_MAX_PLAINTEXT_BYTES = 1024;

/** sm-crypto-v2's cipherMode for the GB/T 32918.4-2016 order C1‖C3‖C2. */
const C1C3C2 = 1;

/** Curve parameters a, b, xG, yG that enter Z_A (GB/T 32918.5). */
const CURVE_PARAMETERS = Buffer.from(
  'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC' +
    '28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' +
    '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7' +
    'BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
  'hex',
);

/** Window of noble's precomputed multiples of a public point: ~10 ms once per key, then ~5× faster Verify and Encrypt. */
const PRECOMPUTE_WINDOW = 6;

type PublicPoint = ReturnType<typeof sm2.precomputePublicKey>;

/** What a handle's operations derive from it once and keep as long as the handle lives. */
interface Sm2State {
  privateKeyHex?: string;
  publicPoint?: PublicPoint;
  za?: Buffer;
  ecdh?: ECDH;
}

const states = new WeakMap<Sm2KeyPairHandle, Sm2State>();

function stateOf(key: Sm2KeyPairHandle): Sm2State {
  let state = states.get(key);
  if (!state) {
    state = {};
    states.set(key, state);
  }
  return state;
}

function privateKeyHexOf(key: Sm2KeyPairHandle): string {
  const state = stateOf(key);
  state.privateKeyHex ??= sm2PrivateKeyHex(key.privateKey);
  return state.privateKeyHex;
}

function publicPointOf(key: Sm2KeyPairHandle): PublicPoint {
  const state = stateOf(key);
  state.publicPoint ??= sm2.precomputePublicKey(Buffer.from(key.publicKey).toString('hex'), PRECOMPUTE_WINDOW);
  return state.publicPoint;
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for an uncompressed public point 04‖xA‖yA (GB/T 32918.2 §5.5). */
export function sm2DistinguishingIdDigest(publicPoint: Uint8Array, id = SM2_DISTINGUISHING_ID): Buffer {
  const idBytes = Buffer.from(id, 'utf8');
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(idBytes.length * 8);
  return createHash('sm3').update(entl).update(idBytes).update(CURVE_PARAMETERS).update(publicPoint.subarray(1)).digest();
}

/** e = SM3(Z_A ‖ M): what KMS signs for MessageType RAW, and what a DIGEST message must be (3.4). */
export function sm2MessageDigest(key: Sm2KeyPairHandle, message: Uint8Array): Buffer {
  const state = stateOf(key);
  state.za ??= sm2DistinguishingIdDigest(key.publicKey);
  return createHash('sm3').update(state.za).update(message).digest();
}

/** SM2DSA over e (32 bytes), DER SEQUENCE { r INTEGER, s INTEGER } with minimal integers. */
export function signSm2Digest(key: Sm2KeyPairHandle, e: Uint8Array): Buffer {
  // Without `der`, the library returns r ‖ s as 64 hex digits each; a fresh k is drawn per signature.
  const rs = sm2.doSignature(e, privateKeyHexOf(key), { hash: false, der: false });
  const value = Buffer.from(rs, 'hex');
  return encodeTlv(TAG_SEQUENCE, encodeUnsignedInteger(value.subarray(0, 32)), encodeUnsignedInteger(value.subarray(32)));
}

/** Verifies a DER SM2DSA signature over e; malformed, non-canonical or out-of-range (r, s) is simply invalid. */
export function verifySm2Digest(key: Sm2KeyPairHandle, e: Uint8Array, signature: Uint8Array): boolean {
  const rs = parseSignature(signature);
  if (!rs) return false;
  try {
    return sm2.doVerifySignature(e, rs, publicPointOf(key), { hash: false, der: false });
  } catch {
    return false;
  }
}

// r, s ∈ [1, n−1] (GB/T 32918.2 §7.1 B1, B2), which the library does not check: without it (r, s + n) would also verify.
function parseSignature(signature: Uint8Array): string | undefined {
  try {
    const sequence = readTlv(signature);
    if (sequence.tag !== TAG_SEQUENCE || sequence.end !== signature.length) return undefined;
    const integers = readChildren(signature, sequence);
    if (integers.length !== 2) return undefined;
    const [r, s] = integers.map((tlv) => unsignedInteger(signature, tlv)) as [Buffer | undefined, Buffer | undefined];
    if (!r || !s || !inScalarRange(r) || !inScalarRange(s)) return undefined;
    return r.toString('hex') + s.toString('hex');
  } catch {
    return undefined;
  }
}

function inScalarRange(value: Buffer): boolean {
  const n = BigInt(`0x${value.toString('hex')}`);
  return n >= 1n && n < SM2_ORDER;
}

/**
 * A minimal, non-negative DER INTEGER of at most 32 bytes, left-padded to 32; anything else is undefined.
 * Canonical encodings only, as OpenSSL accepts for signatures and ciphertexts.
 */
function unsignedInteger(der: Uint8Array, tlv: Tlv | undefined): Buffer | undefined {
  if (tlv?.tag !== TAG_INTEGER) return undefined;
  let value = valueOf(der, tlv);
  if (value.length === 0 || (value[0] as number) >= 0x80) return undefined;
  if (value[0] === 0 && value.length > 1) {
    if ((value[1] as number) < 0x80) return undefined;
    value = value.subarray(1);
  }
  if (value.length > SM2_FIELD_BYTES) return undefined;
  const padded = Buffer.alloc(SM2_FIELD_BYTES);
  padded.set(value, SM2_FIELD_BYTES - value.length);
  return padded;
}

/**
 * SM2PKE: SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING (C3), ciphertext OCTET STRING (C2) }, the form
 * `openssl pkeyutl -encrypt` writes. The caller checks the 1024-byte limit.
 */
export function sm2Encrypt(key: Sm2KeyPairHandle, plaintext: Uint8Array): Buffer {
  const point = publicPointOf(key);
  for (;;) {
    // x1 ‖ y1 ‖ C3 ‖ C2 in hex; the library copies the plaintext and masks the copy in place.
    const hex = sm2.doEncrypt(plaintext, point, C1C3C2);
    const c2 = Buffer.from(hex.slice(192), 'hex');
    // An all-zero KDF output t leaves C2 = M: GB/T 32918.4 §6.1 A5 says to draw a new k.
    if (c2.equals(plaintext)) continue;
    const [x, y, c3] = [0, 64, 128].map((start) => Buffer.from(hex.slice(start, start + 64), 'hex')) as [Buffer, Buffer, Buffer];
    return encodeTlv(
      TAG_SEQUENCE,
      encodeUnsignedInteger(x),
      encodeUnsignedInteger(y),
      encodeTlv(TAG_OCTET_STRING, c3),
      encodeTlv(TAG_OCTET_STRING, c2),
    );
  }
}

/**
 * Decrypts an SM2PKE ciphertext, e.g. one made offline with the public key by OpenSSL. The caller owns the result.
 * @throws InvalidCiphertextError on bad DER, a C1 off the curve, a C3 mismatch or an all-zero KDF output.
 */
export function sm2Decrypt(key: Sm2KeyPairHandle, ciphertext: Uint8Array): Buffer {
  const parts = parseCiphertext(ciphertext);
  if (!parts) throw new InvalidCiphertextError();
  const { x, y, c3, c2 } = parts;
  // The library would multiply any (x, y) by d; a point off the curve could leak d to an invalid-curve attack.
  try {
    decodeSm2Point(Buffer.concat([Buffer.of(4), x, y]));
  } catch {
    throw new InvalidCiphertextError();
  }
  const hex = x.toString('hex') + y.toString('hex') + c3.toString('hex') + c2.toString('hex');
  const decrypted = sm2.doDecrypt(hex, privateKeyHexOf(key), C1C3C2, { output: 'array' });
  // A C3 mismatch comes back as an empty plain Array rather than a Uint8Array.
  if (!(decrypted instanceof Uint8Array)) throw new InvalidCiphertextError();
  const plaintext = Buffer.from(decrypted.buffer, decrypted.byteOffset, decrypted.byteLength);
  // GB/T 32918.4 §7.1 B4: an all-zero t (so M = C2) is an error.
  if (plaintext.equals(c2)) {
    zeroize(plaintext);
    throw new InvalidCiphertextError();
  }
  return plaintext;
}

function parseCiphertext(ciphertext: Uint8Array): { x: Buffer; y: Buffer; c3: Buffer; c2: Buffer } | undefined {
  try {
    const sequence = readTlv(ciphertext);
    if (sequence.tag !== TAG_SEQUENCE || sequence.end !== ciphertext.length) return undefined;
    const fields = readChildren(ciphertext, sequence);
    if (fields.length !== 4) return undefined;
    const [xField, yField, c3Field, c2Field] = fields as [Tlv, Tlv, Tlv, Tlv];
    const x = unsignedInteger(ciphertext, xField);
    const y = unsignedInteger(ciphertext, yField);
    if (!x || !y || c3Field.tag !== TAG_OCTET_STRING || c2Field.tag !== TAG_OCTET_STRING) return undefined;
    const c3 = Buffer.from(valueOf(ciphertext, c3Field));
    const c2 = Buffer.from(valueOf(ciphertext, c2Field));
    if (c3.length !== SM3_DIGEST_BYTES || c2.length === 0) return undefined;
    return { x, y, c3, c2 };
  } catch {
    return undefined;
  }
}

/**
 * Raw ECDH on the SM2 curve: Z = x(d·Q), 32 bytes, no KDF (3.8). The peer key is DER SubjectPublicKeyInfo.
 * @throws InvalidPublicKeyError when it is not SPKI DER or its point is not on the curve.
 * @throws IncompatiblePublicKeyError when it is another key type or another curve.
 */
export function sm2SharedSecret(key: Sm2KeyPairHandle, peerPublicKeySpkiDer: Uint8Array): Buffer {
  const peerPoint = parseSm2PublicKeySpki(peerPublicKeySpkiDer);
  const state = stateOf(key);
  if (!state.ecdh) {
    // OpenSSL keeps its own copy of d; node's ECDH does plain EC arithmetic on the named curve.
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(key.privateKey);
    state.ecdh = ecdh;
  }
  try {
    return state.ecdh.computeSecret(peerPoint);
  } catch {
    throw new InvalidPublicKeyError('The public key cannot be used for key agreement.');
  }
}
