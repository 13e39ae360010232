import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeySpec } from '../api/model.generated.js';
import { encodeOid, readChildren, readTlv, TAG_BIT_STRING, TAG_SEQUENCE, valueOf } from './der.js';
import type { AsymmetricKeyHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { opensslOk, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';

describe('publicKeySpki', () => {
  const files = new TempFiles();
  after(() => files.dispose());

  const load = async (keySpec: KeySpec): Promise<AsymmetricKeyHandle> =>
    loadKeyMaterial(keySpec, await generateKeyMaterial(keySpec)) as AsymmetricKeyHandle;

  test('RSA, ECC and Ed25519 public keys are SPKI that openssl reads, with the expected algorithm', async () => {
    const expected: Array<[KeySpec, RegExp]> = [
      ['RSA_2048', /rsaEncryption/],
      ['ECC_NIST_P256', /prime256v1/],
      ['ECC_NIST_P384', /secp384r1/],
      ['ECC_NIST_P521', /secp521r1/],
      ['ECC_SECG_P256K1', /secp256k1/],
      ['ECC_NIST_EDWARDS25519', /ED25519/],
    ];
    for (const [keySpec, algorithm] of expected) {
      const spki = publicKeySpki(await load(keySpec));
      const dump = opensslOk(['asn1parse', '-inform', 'DER', '-in', files.write(`${keySpec}.der`, spki)]).toString();
      assert.match(dump, algorithm, keySpec);
    }
  });

  test('ECC public keys carry the uncompressed point (04 ‖ x ‖ y)', async () => {
    for (const [keySpec, fieldBytes, spkiBytes] of [
      ['ECC_NIST_P256', 32, 91],
      ['ECC_NIST_P384', 48, 120],
      ['ECC_NIST_P521', 66, 158],
      ['ECC_SECG_P256K1', 32, 88],
    ] as const) {
      const spki = publicKeySpki(await load(keySpec));
      assert.equal(spki.length, spkiBytes, keySpec);
      assert.equal(spki[spki.length - 2 * fieldBytes - 1], 0x04, keySpec);
    }
  });

  test('Ed25519 public keys are the 44-byte RFC 8410 SPKI', async () => {
    const spki = publicKeySpki(await load('ECC_NIST_EDWARDS25519'));
    assert.equal(spki.length, 44);
    assert.equal(spki.toString('hex', 0, 12), '302a300506032b6570032100');
  });

  for (const [keySpec, oid, publicKeyBytes] of [
    ['ML_DSA_44', '2.16.840.1.101.3.4.3.17', 1312],
    ['ML_DSA_65', '2.16.840.1.101.3.4.3.18', 1952],
    ['ML_DSA_87', '2.16.840.1.101.3.4.3.19', 2592],
  ] as const) {
    test(`${keySpec} public keys are SPKI with ${oid}, no parameters, and the raw ${publicKeyBytes}-byte key`, async () => {
      const handle = await load(keySpec);
      assert.equal(handle.kind, 'ml-dsa');
      const spki = publicKeySpki(handle);
      const outer = readTlv(spki);
      assert.equal(outer.tag, TAG_SEQUENCE);
      assert.equal(outer.end, spki.length);
      const [algorithm, bitString] = readChildren(spki, outer);
      assert.equal(algorithm?.tag, TAG_SEQUENCE);
      assert.deepEqual(Buffer.from(valueOf(spki, algorithm!)), encodeOid(oid));
      assert.equal(bitString?.tag, TAG_BIT_STRING);
      const bits = valueOf(spki, bitString!);
      assert.equal(bits[0], 0);
      assert.deepEqual(Buffer.from(bits.subarray(1)), Buffer.from(handle.publicKey as Uint8Array));
      assert.equal(bits.length - 1, publicKeyBytes);
      // openssl 3.0 does not know ML-DSA, but must accept the DER structure.
      const dump = opensslOk(['asn1parse', '-inform', 'DER', '-in', files.write(`${keySpec}.der`, spki)]).toString();
      assert.match(dump, /OBJECT +:2\.16\.840\.1\.101\.3\.4\.3\.1[789]/);
    });
  }
});
