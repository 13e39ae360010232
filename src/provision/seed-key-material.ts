// Known key material as a seed file gives it — hex, base64, or PEM (PKCS#8, PKCS#1, SEC1) — turned into the form
// openkms stores for the key spec, and checked against the spec's requirements (docs/kms-behaviour.md 4.4).

import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../api/model.generated.js';
import { IncorrectKeyMaterialError } from '../crypto/errors.js';
import { loadKeyMaterial } from '../crypto/key-material.js';
import { CURVES, isEccKeySpec, isRsaKeySpec } from '../crypto/key-spec-parameters.js';

/** JWK curve names of node:crypto for the ECC key specs. */
const JWK_CURVES: Readonly<Record<keyof typeof CURVES, string>> = {
  ECC_NIST_P256: 'P-256',
  ECC_NIST_P384: 'P-384',
  ECC_NIST_P521: 'P-521',
  ECC_SECG_P256K1: 'secp256k1',
};

/**
 * The material for `keySpec` from its text in a seed file:
 * - `-----BEGIN ...` PEM (RSA and ECC private keys in any of node's private key formats) → PKCS#8 DER;
 * - `hex:` / `base64:` prefixed, otherwise only hex digits (an optional `0x`) → hex, anything else → base64;
 * - for ECC specs, bytes exactly the curve's field length are the private scalar (e.g. a 32-byte secp256k1 key);
 *   other bytes are a DER private key (PKCS#8, or SEC1/PKCS#1), stored as PKCS#8 DER.
 * @throws Error saying what is wrong (never the material itself).
 */
export function seedKeyMaterial(keySpec: KeySpec, text: string): Buffer {
  const trimmed = text.trim();
  const asymmetric = isRsaKeySpec(keySpec) || isEccKeySpec(keySpec) || keySpec === 'ECC_NIST_EDWARDS25519';
  let material: Buffer;
  if (trimmed.startsWith('-----BEGIN')) {
    if (!asymmetric) throw new Error(`PEM key material is for RSA and ECC keys, not ${keySpec}`);
    material = pkcs8Of(parsePrivateKey(() => createPrivateKey({ key: trimmed, format: 'pem' })));
  } else {
    const bytes = decodeBytes(trimmed);
    if (isEccKeySpec(keySpec) && bytes.length === CURVES[keySpec].fieldBytes) material = pkcs8OfScalar(keySpec, bytes);
    else if (asymmetric) material = pkcs8OfDer(bytes);
    else material = bytes;
  }
  try {
    loadKeyMaterial(keySpec, material);
  } catch (error) {
    if (error instanceof IncorrectKeyMaterialError) throw new Error(error.message);
    throw error;
  }
  return material;
}

function decodeBytes(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.startsWith('hex:')) return decodeHex(compact.slice(4));
  if (compact.startsWith('base64:')) return decodeBase64(compact.slice(7));
  const hex = compact.startsWith('0x') ? compact.slice(2) : compact;
  return /^[0-9a-fA-F]+$/.test(hex) ? decodeHex(hex) : decodeBase64(compact);
}

function decodeHex(hex: string): Buffer {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new Error('hex key material must be an even number of hex digits');
  }
  return Buffer.from(hex, 'hex');
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new Error('key material must be hex, base64 or PEM');
  const bytes = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (bytes.length === 0) throw new Error('key material is empty');
  return bytes;
}

/** A raw private scalar on the spec's curve, completed with its public point and wrapped as PKCS#8. */
function pkcs8OfScalar(keySpec: keyof typeof CURVES, scalar: Buffer): Buffer {
  const point = parsePrivateKey(() => {
    const ecdh = createECDH(CURVES[keySpec].nodeCurve);
    ecdh.setPrivateKey(scalar);
    return ecdh.getPublicKey();
  });
  const half = (point.length - 1) / 2;
  const jwk = {
    kty: 'EC',
    crv: JWK_CURVES[keySpec],
    d: scalar.toString('base64url'),
    x: point.subarray(1, 1 + half).toString('base64url'),
    y: point.subarray(1 + half).toString('base64url'),
  };
  return pkcs8Of(parsePrivateKey(() => createPrivateKey({ key: jwk, format: 'jwk' })));
}

/** PKCS#8 DER as given, or SEC1 / PKCS#1 DER turned into PKCS#8. */
function pkcs8OfDer(der: Buffer): Buffer {
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      const key = createPrivateKey({ key: der, format: 'der', type });
      return type === 'pkcs8' ? der : pkcs8Of(key);
    } catch {
      // try the next format
    }
  }
  throw new Error('key material is not a DER private key (PKCS#8, SEC1 or PKCS#1)');
}

function pkcs8Of(key: KeyObject): Buffer {
  return key.export({ type: 'pkcs8', format: 'der' });
}

function parsePrivateKey<T>(parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new Error('key material is not a valid private key');
  }
}
