import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { NOBLE_CURVES, mod, modInverse, toBigInt, toBytes } from './ec-math.js';
import { signEcdsaDigest, verifyEcdsaDigest } from './ecdsa-digest-signature.js';
import { generateKeyMaterial } from './key-material.js';
import type { EccKeySpec } from './key-spec-parameters.js';

const SPECS: Array<[EccKeySpec, number]> = [
  ['ECC_NIST_P256', 32],
  ['ECC_NIST_P384', 48],
  ['ECC_NIST_P521', 64],
  ['ECC_SECG_P256K1', 32],
];

interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  d: bigint;
  dBytes: Uint8Array;
  publicPoint: Uint8Array;
}

async function testKey(keySpec: EccKeySpec): Promise<TestKey> {
  const privateKey = createPrivateKey({ key: await generateKeyMaterial(keySpec), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const dBytes = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  const publicPoint = NOBLE_CURVES[keySpec].getPublicKey(dBytes, false);
  return { privateKey, publicKey, d: toBigInt(dBytes), dBytes, publicPoint };
}

const derOf = (keySpec: EccKeySpec, r: bigint, s: bigint): Uint8Array =>
  new NOBLE_CURVES[keySpec].Signature(r, s).toBytes('der');

describe('ECDSA over a digest (OpenSSL point multiplication + BigInt)', () => {
  for (const [keySpec, digestBytes] of SPECS) {
    const noble = NOBLE_CURVES[keySpec];
    const n = noble.Point.CURVE().n;

    test(`${keySpec}: agrees with @noble/curves on valid, high-S, tampered and wrong-key signatures`, async () => {
      const key = await testKey(keySpec);
      const negated = toBytes(n - key.d, Math.ceil(n.toString(2).length / 8));
      for (let i = 0; i < 24; i++) {
        const digest = randomBytes(digestBytes);
        const signature = noble.sign(digest, key.dBytes, { prehash: false, format: 'der', lowS: false });
        assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, signature), true);
        const { r, s } = noble.Signature.fromBytes(signature, 'der');
        assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, derOf(keySpec, r, n - s)), true, 'high/low S twin');
        const otherDigest = Buffer.from(digest);
        otherDigest[0] = (otherDigest[0] as number) ^ 0x80;
        assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, otherDigest, signature), false);
        assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, derOf(keySpec, s, r)), false, 'swapped r and s');
        // A signature by −d is valid for −Q, never for Q.
        const byNegatedKey = noble.sign(digest, negated, { prehash: false, format: 'der', lowS: false });
        assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, byNegatedKey), false, 'negated key');
        // And our own signatures verify under noble.
        const ours = signEcdsaDigest(keySpec, key.privateKey, digest);
        assert.equal(noble.verify(ours, digest, key.publicPoint, { prehash: false, format: 'der', lowS: false }), true);
      }
    });

    test(`${keySpec}: an all-zero digest (t = 0, R = u₂·Q) signs and verifies`, async () => {
      const key = await testKey(keySpec);
      const zero = Buffer.alloc(digestBytes);
      const signature = signEcdsaDigest(keySpec, key.privateKey, zero);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, zero, signature), true);
      assert.equal(noble.verify(signature, zero, key.publicPoint, { prehash: false, format: 'der', lowS: false }), true);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, Buffer.alloc(digestBytes, 1), signature), false);
    });

    test(`${keySpec}: out-of-range and non-canonical signatures are invalid`, async () => {
      const key = await testKey(keySpec);
      const digest = randomBytes(digestBytes);
      const signature = noble.sign(digest, key.dBytes, { prehash: false, format: 'der', lowS: false });
      const { r, s } = noble.Signature.fromBytes(signature, 'der');
      const raw = (rr: bigint, ss: bigint): Buffer => {
        const integer = (v: bigint): Buffer => {
          let hex = v.toString(16);
          if (hex.length % 2) hex = `0${hex}`;
          if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
          const body = Buffer.from(hex, 'hex');
          return Buffer.concat([Buffer.of(0x02, body.length), body]);
        };
        const content = Buffer.concat([integer(rr), integer(ss)]);
        return Buffer.concat([content.length < 128 ? Buffer.of(0x30, content.length) : Buffer.of(0x30, 0x81, content.length), content]);
      };
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, raw(r, s)), true, 'control');
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, raw(0n, s)), false);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, raw(r, 0n)), false);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, raw(r + n, s)), false);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, raw(r, s + n)), false);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, Buffer.concat([signature, Buffer.of(0)])), false);
      const padded = Buffer.from(raw(r, s));
      const nonMinimal = Buffer.concat([Buffer.of(0x30, padded.length - 1), Buffer.of(0x02, padded[3]! + 1, 0x00), padded.subarray(4)]);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, nonMinimal), false);
      assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, Buffer.alloc(0)), false);
    });
  }

  test('the degenerate case t·G = ±Q falls back to noble and still decides correctly', async () => {
    const keySpec: EccKeySpec = 'ECC_NIST_P256';
    const noble = NOBLE_CURVES[keySpec];
    const n = noble.Point.CURVE().n;
    const key = await testKey(keySpec);
    // Choose k, then the digest e = d·r so that t = e·r⁻¹ = d, i.e. T = Q; s = k⁻¹(e + r·d).
    const k = toBigInt(randomBytes(32)) % (n - 1n) + 1n;
    const r = mod(noble.Point.BASE.multiply(k).toAffine().x, n);
    const e = mod(key.d * r, n);
    const s = mod(modInverse(k, n) * (e + r * key.d), n);
    const digest = toBytes(e, 32);
    assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, derOf(keySpec, r, s)), true);
    assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, digest, derOf(keySpec, r, mod(s + 1n, n))), false);
    // e = −d·r makes T = −Q, so R = u₂·(Q + T) is the point at infinity: never valid.
    const negatedDigest = toBytes(mod(-key.d * r, n), 32);
    assert.equal(verifyEcdsaDigest(keySpec, key.publicKey, negatedDigest, derOf(keySpec, r, s)), false);
  });
});
