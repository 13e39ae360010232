import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { encodeOid, encodeTlv, TAG_BIT_STRING, TAG_OCTET_STRING, TAG_SEQUENCE } from './der.js';
import { IncompatiblePublicKeyError, IncorrectKeyMaterialError, InvalidPublicKeyError } from './errors.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { opensslOk, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { loadSm2KeyMaterial, parseSm2PublicKeySpki, SM2_ORDER, sm2PublicKeySpki } from './sm2-key.js';

const SM2_ALGORITHM = encodeTlv(TAG_SEQUENCE, encodeOid('1.2.840.10045.2.1'), encodeOid('1.2.156.10197.1.301'));

/** PKCS#8 { version 0, id-ecPublicKey/SM2, ECPrivateKey { 1, d, [1] point? } } built by hand. */
function pkcs8(scalar: Buffer, publicPoint?: Uint8Array): Buffer {
  const fields = [Buffer.from('020101', 'hex'), encodeTlv(TAG_OCTET_STRING, scalar)];
  if (publicPoint) fields.push(encodeTlv(0xa1, encodeTlv(TAG_BIT_STRING, Buffer.of(0), publicPoint)));
  return encodeTlv(TAG_SEQUENCE, Buffer.from('020100', 'hex'), SM2_ALGORITHM, encodeTlv(TAG_OCTET_STRING, encodeTlv(TAG_SEQUENCE, ...fields)));
}

const scalar = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

/** An SM2 private key made by openssl, as PKCS#8 DER. */
function opensslSm2Pkcs8(...transform: string[][]): Buffer {
  let key = opensslOk(['genpkey', '-algorithm', 'SM2']);
  for (const args of transform) key = opensslOk(args, key);
  return opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], key);
}

describe('loadSm2KeyMaterial', () => {
  const files = new TempFiles();
  after(() => files.dispose());

  test('an openssl SM2 key loads, and its SubjectPublicKeyInfo is the one openssl derives', () => {
    const material = opensslSm2Pkcs8();
    const handle = loadSm2KeyMaterial(material);
    assert.equal(handle.privateKey.length, 32);
    assert.equal(handle.publicKey.length, 65);
    const expected = opensslOk(['pkey', '-inform', 'DER', '-in', files.write('openssl.der', material), '-pubout', '-outform', 'DER']);
    assert.deepEqual(sm2PublicKeySpki(handle.publicKey), expected);
  });

  test('GetPublicKey SPKI: id-ecPublicKey with namedCurve SM2 and an uncompressed point, 91 bytes', async () => {
    const handle = loadKeyMaterial('SM2', await generateKeyMaterial('SM2'));
    const spki = publicKeySpki(handle as Parameters<typeof publicKeySpki>[0]);
    assert.equal(spki.length, 91);
    assert.deepEqual(spki.subarray(2, 2 + SM2_ALGORITHM.length), SM2_ALGORITHM);
    assert.equal(spki[spki.length - 65], 0x04);
    const text = opensslOk(['pkey', '-pubin', '-inform', 'DER', '-in', files.write('generated.spki', spki), '-noout', '-text']);
    assert.match(text.toString(), /ASN1 OID: SM2/);
  });

  test('material without an embedded public key gets d·G, the same point openssl computes', () => {
    const material = pkcs8(scalar(0x1234567890abcdefn));
    const handle = loadSm2KeyMaterial(material);
    const expected = opensslOk(['pkey', '-inform', 'DER', '-in', files.write('bare.der', material), '-pubout', '-outform', 'DER']);
    assert.deepEqual(sm2PublicKeySpki(handle.publicKey), expected);
  });

  test('an embedded compressed public point is accepted; the public key is still uncompressed', () => {
    const key = opensslOk(['genpkey', '-algorithm', 'SM2']);
    const compressed = opensslOk(['ec', '-conv_form', 'compressed'], key);
    const material = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], compressed);
    assert.ok(material.length < opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], key).length);
    const handle = loadSm2KeyMaterial(material);
    assert.equal(handle.publicKey[0], 0x04);
    assert.deepEqual(sm2PublicKeySpki(handle.publicKey), opensslOk(['ec', '-pubout', '-outform', 'DER'], key));
  });

  test('the scalar must lie in [1, n−2]', () => {
    assert.throws(() => loadSm2KeyMaterial(pkcs8(scalar(0n))), /out of range/);
    assert.throws(() => loadSm2KeyMaterial(pkcs8(scalar(SM2_ORDER - 1n))), /out of range/);
    assert.throws(() => loadSm2KeyMaterial(pkcs8(scalar(SM2_ORDER))), /out of range/);
    assert.equal(loadSm2KeyMaterial(pkcs8(scalar(SM2_ORDER - 2n))).kind, 'sm2');
    assert.equal(loadSm2KeyMaterial(pkcs8(scalar(1n))).kind, 'sm2');
  });

  test('an embedded public key that is not d·G is IncorrectKeyMaterialError', () => {
    const other = loadSm2KeyMaterial(pkcs8(scalar(2n))).publicKey;
    assert.throws(() => loadSm2KeyMaterial(pkcs8(scalar(3n), other)), /does not belong to the private key/);
  });

  test('keys on other curves, explicit curve parameters and other key types are IncorrectKeyMaterialError', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.throws(() => loadSm2KeyMaterial(p256), /not on the SM2 curve/);
    assert.throws(() => loadSm2KeyMaterial(opensslSm2Pkcs8(['ec', '-param_enc', 'explicit'])), /named curve/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'der' });
    assert.throws(() => loadSm2KeyMaterial(rsa), /not an EC key/);
  });

  test('garbage, truncation and trailing bytes are IncorrectKeyMaterialError', () => {
    const material = opensslSm2Pkcs8();
    for (const bad of [Buffer.from('not a key'), material.subarray(0, material.length - 1), Buffer.concat([material, Buffer.of(0)])]) {
      assert.throws(() => loadSm2KeyMaterial(bad), IncorrectKeyMaterialError);
    }
  });
});

describe('parseSm2PublicKeySpki', () => {
  const spkiOf = (pemKey: Buffer, ...extra: string[]): Buffer => opensslOk(['ec', '-pubout', '-outform', 'DER', ...extra], pemKey);

  test('uncompressed and compressed points give the same uncompressed point', () => {
    const key = opensslOk(['genpkey', '-algorithm', 'SM2']);
    const uncompressed = spkiOf(key);
    const compressed = spkiOf(key, '-conv_form', 'compressed');
    assert.ok(compressed.length < uncompressed.length);
    assert.deepEqual(parseSm2PublicKeySpki(compressed), parseSm2PublicKeySpki(uncompressed));
    assert.deepEqual(sm2PublicKeySpki(parseSm2PublicKeySpki(compressed)), uncompressed);
  });

  test('keys of another curve or type are IncompatiblePublicKeyError', () => {
    for (const publicKey of [
      generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey,
      generateKeyPairSync('x25519').publicKey,
    ]) {
      assert.throws(() => parseSm2PublicKeySpki(publicKey.export({ type: 'spki', format: 'der' })), IncompatiblePublicKeyError);
    }
  });

  test('garbage, trailing bytes and points off the curve are InvalidPublicKeyError', () => {
    const spki = spkiOf(opensslOk(['genpkey', '-algorithm', 'SM2']));
    assert.throws(() => parseSm2PublicKeySpki(Buffer.from('not a key')), InvalidPublicKeyError);
    assert.throws(() => parseSm2PublicKeySpki(Buffer.concat([spki, Buffer.of(0)])), InvalidPublicKeyError);
    const offCurve = Buffer.from(spki);
    offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] as number) ^ 1; // y no longer matches x
    assert.throws(() => parseSm2PublicKeySpki(offCurve), InvalidPublicKeyError);
  });
});
