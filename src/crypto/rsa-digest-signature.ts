// RSA signatures over a pre-computed digest (MessageType DIGEST, docs/kms-behaviour.md 3.4):
// node:crypto only signs whole messages, so the RFC 8017 encodings are built here and the raw
// RSA operation is left to OpenSSL (privateEncrypt / publicDecrypt, blinded and constant-time).
import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { HASH_LENGTH } from './key-spec-parameters.js';

export type RsaSignatureHash = 'sha256' | 'sha384' | 'sha512';

// DER of DigestInfo ::= SEQUENCE { AlgorithmIdentifier { hashOid, NULL }, OCTET STRING digest }
// up to the digest itself (RFC 8017 9.2, note 1).
const DIGEST_INFO_PREFIX: Readonly<Record<RsaSignatureHash, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/** RSASSA-PKCS1-v1_5 signature over `digest` (EMSA-PKCS1-v1_5 type 1 padding done by OpenSSL). */
export function signPkcs1Digest(privateKey: KeyObject, hash: RsaSignatureHash, digest: Uint8Array): Buffer {
  const digestInfo = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
}

/** Verifies an RSASSA-PKCS1-v1_5 signature over `digest`; any malformation is `false`. */
export function verifyPkcs1Digest(
  publicKey: KeyObject,
  hash: RsaSignatureHash,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== modulusBytes(publicKey)) return false;
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  const expected = Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

/** RSASSA-PSS signature over `digest`: MGF1 with the same hash, salt length = hash length. */
export function signPssDigest(privateKey: KeyObject, hash: RsaSignatureHash, digest: Uint8Array): Buffer {
  const k = modulusBytes(privateKey);
  const encoded = Buffer.alloc(k); // EM, left-padded with zeros to k bytes
  const em = emsaPssEncode(hash, digest, modulusBits(privateKey) - 1);
  em.copy(encoded, k - em.length);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encoded);
}

/** Verifies an RSASSA-PSS signature (salt length = hash length) over `digest`. */
export function verifyPssDigest(
  publicKey: KeyObject,
  hash: RsaSignatureHash,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  const k = modulusBytes(publicKey);
  if (signature.length !== k) return false;
  let m: Buffer;
  try {
    m = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = modulusBits(publicKey) - 1;
  const emLength = Math.ceil(emBits / 8);
  // When emLen < k the leading byte of the decrypted block must be zero (RFC 8017 8.1.2 step 2c).
  if (m.length !== k || m.subarray(0, k - emLength).some((byte) => byte !== 0)) return false;
  return emsaPssVerify(hash, digest, m.subarray(k - emLength), emBits);
}

// EMSA-PSS-ENCODE (RFC 8017 9.1.1) with sLen = hLen.
function emsaPssEncode(hash: RsaSignatureHash, mHash: Uint8Array, emBits: number): Buffer {
  const hLen = HASH_LENGTH[hash];
  const emLength = Math.ceil(emBits / 8);
  if (emLength < 2 * hLen + 2) throw new RangeError('RSA modulus too small for PSS with this hash.');
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.alloc(emLength - hLen - 1); // PS (zeros) ‖ 0x01 ‖ salt
  db[db.length - hLen - 1] = 0x01;
  salt.copy(db, db.length - hLen);
  xorInPlace(db, mgf1(hash, h, db.length));
  db[0] = (db[0] as number) & (0xff >> (8 * emLength - emBits));
  return Buffer.concat([db, h, Buffer.of(0xbc)]);
}

// EMSA-PSS-VERIFY (RFC 8017 9.1.2) with sLen = hLen.
function emsaPssVerify(hash: RsaSignatureHash, mHash: Uint8Array, em: Buffer, emBits: number): boolean {
  const hLen = HASH_LENGTH[hash];
  const emLength = em.length;
  if (emLength < 2 * hLen + 2 || em[emLength - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLength - hLen - 1));
  const h = em.subarray(emLength - hLen - 1, emLength - 1);
  const topBitsMask = (0xff << (8 - (8 * emLength - emBits))) & 0xff;
  if (((db[0] as number) & topBitsMask) !== 0) return false;
  xorInPlace(db, mgf1(hash, h, db.length));
  db[0] = (db[0] as number) & (0xff >> (8 * emLength - emBits));
  const separator = db.length - hLen - 1;
  for (let i = 0; i < separator; i++) if (db[i] !== 0) return false;
  if (db[separator] !== 0x01) return false;
  const salt = db.subarray(db.length - hLen);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(expected, h);
}

// MGF1 (RFC 8017 B.2.1).
function mgf1(hash: RsaSignatureHash, seed: Uint8Array, length: number): Buffer {
  const hLen = HASH_LENGTH[hash];
  const out = Buffer.alloc(Math.ceil(length / hLen) * hLen);
  const counter = Buffer.alloc(4);
  for (let i = 0; i * hLen < length; i++) {
    counter.writeUInt32BE(i);
    createHash(hash).update(seed).update(counter).digest().copy(out, i * hLen);
  }
  return out.subarray(0, length);
}

function xorInPlace(target: Buffer, mask: Buffer): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] as number) ^ (mask[i] as number);
}

function modulusBits(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new TypeError('Not an RSA key.');
  return bits;
}

function modulusBytes(key: KeyObject): number {
  return Math.ceil(modulusBits(key) / 8);
}
