import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sm2 as nobleSm2 } from 'sm-crypto-v2';
import { decryptAsymmetric, encryptAsymmetric } from './asymmetric-encryption.js';
import { assertStrictDerSignature } from './der-signature.test-helper.js';
import { encodeTlv, encodeUnsignedInteger, readChildren, readTlv, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE, valueOf } from './der.js';
import {
  DigestLengthError,
  IncompatibleAlgorithmError,
  IncompatiblePublicKeyError,
  InvalidCiphertextError,
  InvalidPublicKeyError,
  PlaintextTooLargeError,
  UnsupportedMessageTypeError,
} from './errors.js';
import { deriveSharedSecret } from './key-agreement.js';
import type { AsymmetricKeyHandle, Sm2KeyPairHandle } from './key-handle.js';
import { generateKeyMaterial, loadKeyMaterial } from './key-material.js';
import { openssl, opensslOk, pem, TempFiles } from './openssl.test-helper.js';
import { publicKeySpki } from './public-key-spki.js';
import { SM2_ORDER } from './sm2-key.js';
import { sign, verify } from './signing.js';

/** A key made by openssl, loaded into openkms from its PKCS#8 DER, with both PEM files for openssl. */
interface Sm2TestKey {
  handle: Sm2KeyPairHandle;
  privatePem: string;
  publicPem: string;
}

function opensslKey(files: TempFiles, name: string): Sm2TestKey {
  const privatePem = files.write(`${name}.pem`, opensslOk(['genpkey', '-algorithm', 'SM2']));
  const der = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', privatePem]);
  const handle = loadKeyMaterial('SM2', der) as Sm2KeyPairHandle;
  return { handle, privatePem, publicPem: files.write(`${name}.pub.pem`, pem('PUBLIC KEY', publicKeySpki(handle))) };
}

/**
 * e = SM3(Z_A ‖ M) written out from GB/T 32918.2 §5.5 and §6.1 here, apart from the code under test: ENTL is the ID's
 * length in bits (16 bytes → 0x0080), then the ID, the curve's a, b, xG, yG, and the public key's x, y.
 */
function independentDigest(publicPoint: Uint8Array, message: Uint8Array): Buffer {
  const za = createHash('sm3')
    .update(Buffer.from('0080', 'hex'))
    .update('1234567812345678')
    .update(Buffer.from('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC', 'hex'))
    .update(Buffer.from('28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93', 'hex'))
    .update(Buffer.from('32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7', 'hex'))
    .update(Buffer.from('BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0', 'hex'))
    .update(publicPoint.subarray(1))
    .digest();
  return createHash('sm3').update(za).update(message).digest();
}

const flip = (bytes: Uint8Array, index: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] as number) ^ 1;
  return copy;
};

describe('SM2DSA', () => {
  const files = new TempFiles();
  const message = Buffer.from('SM2DSA message for openkms');
  const messagePath = files.write('message', message);
  let key: Sm2TestKey;
  before(() => {
    key = opensslKey(files, 'signer');
  });
  after(() => files.dispose());

  const opensslVerify = (signature: Uint8Array, distinguishingId = '1234567812345678') =>
    openssl([
      'dgst', '-sm3', '-sigopt', `distid:${distinguishingId}`, '-verify', key.publicPem,
      '-signature', files.write('verify.sig', signature), messagePath,
    ]);

  test('RAW: a signature verifies, and fails for another message or a changed signature', () => {
    const signature = sign(key.handle, 'SM2DSA', message, 'RAW');
    assert.equal(verify(key.handle, 'SM2DSA', message, signature, 'RAW'), true);
    assert.equal(verify(key.handle, 'SM2DSA', Buffer.from('another message'), signature, 'RAW'), false);
    assert.equal(verify(key.handle, 'SM2DSA', message, flip(signature, signature.length - 3), 'RAW'), false);
    assert.equal(verify(key.handle, 'SM2DSA', message, Buffer.from('not DER'), 'RAW'), false);
  });

  test('RAW: openssl dgst -sm3 with distid 1234567812345678 verifies our signature, and no other ID does', () => {
    for (let i = 0; i < 4; i++) {
      const signature = sign(key.handle, 'SM2DSA', message);
      const result = opensslVerify(signature);
      assert.equal(result.status, 0, result.stderr);
    }
    assert.notEqual(opensslVerify(sign(key.handle, 'SM2DSA', message), '8765432187654321').status, 0);
  });

  test('RAW: a signature openssl makes with distid 1234567812345678 verifies in openkms', () => {
    for (let i = 0; i < 4; i++) {
      const sigPath = files.path(`openssl-${i}.sig`);
      opensslOk(['dgst', '-sm3', '-sigopt', 'distid:1234567812345678', '-sign', key.privatePem, '-out', sigPath, messagePath]);
      assert.equal(verify(key.handle, 'SM2DSA', message, files.read(`openssl-${i}.sig`), 'RAW'), true);
    }
  });

  test('DIGEST: with e = SM3(Z_A ‖ M) it is interchangeable with RAW, and openssl agrees', () => {
    const e = independentDigest(key.handle.publicKey, message);
    const digestSignature = sign(key.handle, 'SM2DSA', e, 'DIGEST');
    assert.equal(verify(key.handle, 'SM2DSA', message, digestSignature, 'RAW'), true);
    assert.equal(opensslVerify(digestSignature).status, 0);
    assert.equal(verify(key.handle, 'SM2DSA', e, sign(key.handle, 'SM2DSA', message, 'RAW'), 'DIGEST'), true);
    // The digest is signed as given: SM3(M) alone is not what RAW signs.
    const plainSm3 = createHash('sm3').update(message).digest();
    assert.equal(verify(key.handle, 'SM2DSA', message, sign(key.handle, 'SM2DSA', plainSm3, 'DIGEST'), 'RAW'), false);
  });

  test('DIGEST of another length than 32 bytes: DigestLengthError with AWS\'s text; EXTERNAL_MU is refused', () => {
    assert.throws(
      () => sign(key.handle, 'SM2DSA', Buffer.alloc(31), 'DIGEST'),
      (error: unknown) => error instanceof DigestLengthError && error.message === 'Digest is invalid length for algorithm SM2DSA.',
    );
    assert.throws(() => verify(key.handle, 'SM2DSA', Buffer.alloc(33), Buffer.alloc(8), 'DIGEST'), DigestLengthError);
    assert.throws(() => sign(key.handle, 'SM2DSA', Buffer.alloc(64), 'EXTERNAL_MU'), UnsupportedMessageTypeError);
  });

  test('signatures are strict DER SEQUENCEs of two minimal positive INTEGERs', () => {
    for (let i = 0; i < 16; i++) {
      assertStrictDerSignature(sign(key.handle, 'SM2DSA', message));
    }
  });

  test('(r, s + n), r = 0 and non-minimal integers do not verify', () => {
    const signature = sign(key.handle, 'SM2DSA', message);
    const [r, s] = readChildren(signature, readTlv(signature)).map((tlv) => Buffer.from(valueOf(signature, tlv)));
    const toBig = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex')}`);
    const encode = (value: bigint): Buffer => encodeUnsignedInteger(Buffer.from(value.toString(16).padStart(66, '0'), 'hex'));
    const malleated = encodeTlv(TAG_SEQUENCE, encode(toBig(r!)), encode(toBig(s!) + SM2_ORDER));
    assert.equal(verify(key.handle, 'SM2DSA', message, malleated), false);
    assert.equal(verify(key.handle, 'SM2DSA', message, encodeTlv(TAG_SEQUENCE, encode(0n), encode(toBig(s!)))), false);
    const padded = encodeTlv(TAG_SEQUENCE, encodeTlv(TAG_INTEGER, Buffer.of(0, 0), r!), encode(toBig(s!)));
    assert.equal(verify(key.handle, 'SM2DSA', message, padded), false);
    assert.equal(verify(key.handle, 'SM2DSA', message, encodeTlv(TAG_SEQUENCE, encode(toBig(r!)), encode(toBig(s!)))), true);
  });

  test('SM2DSA is for SM2 keys, and SM2 keys take no other signing algorithm', async () => {
    const ecKey = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => sign(ecKey, 'SM2DSA', message), IncompatibleAlgorithmError);
    assert.throws(() => sign(key.handle, 'ECDSA_SHA_256', message), IncompatibleAlgorithmError);
    assert.throws(() => verify(key.handle, 'RSASSA_PSS_SHA_256', message, Buffer.alloc(8)), IncompatibleAlgorithmError);
  });
});

describe('SM2PKE', () => {
  const files = new TempFiles();
  let key: Sm2TestKey;
  before(() => {
    key = opensslKey(files, 'recipient');
  });
  after(() => files.dispose());

  const opensslDecrypt = (ciphertext: Uint8Array): Buffer =>
    opensslOk(['pkeyutl', '-decrypt', '-inkey', key.privatePem, '-in', files.write('ours.bin', ciphertext)]);

  test('what openssl pkeyutl -encrypt makes with the public key decrypts in openkms', () => {
    for (const length of [1, 32, 1024]) {
      const plaintext = Buffer.alloc(length, length % 251);
      const ciphertext = opensslOk(['pkeyutl', '-encrypt', '-pubin', '-inkey', key.publicPem, '-in', files.write('plain.bin', plaintext)]);
      assert.deepEqual(decryptAsymmetric(key.handle, 'SM2PKE', ciphertext), plaintext);
    }
  });

  test('what openkms encrypts decrypts with openssl pkeyutl -decrypt', () => {
    for (const length of [1, 100, 1024]) {
      const plaintext = Buffer.alloc(length, 0x5a);
      assert.deepEqual(opensslDecrypt(encryptAsymmetric(key.handle, 'SM2PKE', plaintext)), plaintext);
    }
  });

  test('the ciphertext is SEQUENCE { x, y, C3 (32 bytes), C2 (plaintext length) }', () => {
    const ciphertext = encryptAsymmetric(key.handle, 'SM2PKE', Buffer.from('seventeen bytes!!'));
    const sequence = readTlv(ciphertext);
    assert.equal(sequence.end, ciphertext.length);
    const fields = readChildren(ciphertext, sequence);
    assert.deepEqual(fields.map((field) => field.tag), [TAG_INTEGER, TAG_INTEGER, TAG_OCTET_STRING, TAG_OCTET_STRING]);
    assert.equal(valueOf(ciphertext, fields[2]!).length, 32);
    assert.equal(valueOf(ciphertext, fields[3]!).length, 17);
  });

  test('tampered, truncated or extended ciphertexts are InvalidCiphertextError', () => {
    const ciphertext = encryptAsymmetric(key.handle, 'SM2PKE', Buffer.from('attack at dawn'));
    const c1x = readChildren(ciphertext, readTlv(ciphertext))[0]!.end - 1;
    for (const bad of [
      flip(ciphertext, ciphertext.length - 1), // C2
      flip(ciphertext, ciphertext.length - 20), // C3
      flip(ciphertext, c1x), // x: the point leaves the curve
      ciphertext.subarray(0, ciphertext.length - 1),
      Buffer.concat([ciphertext, Buffer.of(0)]),
      Buffer.from('not DER'),
    ]) {
      assert.throws(() => decryptAsymmetric(key.handle, 'SM2PKE', bad), InvalidCiphertextError);
    }
  });

  test('another SM2 key cannot decrypt', async () => {
    const ciphertext = encryptAsymmetric(key.handle, 'SM2PKE', Buffer.from('for the recipient only'));
    const other = loadKeyMaterial('SM2', await generateKeyMaterial('SM2')) as AsymmetricKeyHandle;
    assert.throws(() => decryptAsymmetric(other, 'SM2PKE', ciphertext), InvalidCiphertextError);
  });

  test('up to 1024 bytes; more is PlaintextTooLargeError with AWS\'s text', () => {
    assert.equal(decryptAsymmetric(key.handle, 'SM2PKE', encryptAsymmetric(key.handle, 'SM2PKE', Buffer.alloc(1024, 1))).length, 1024);
    assert.throws(
      () => encryptAsymmetric(key.handle, 'SM2PKE', Buffer.alloc(1025)),
      (error: unknown) =>
        error instanceof PlaintextTooLargeError &&
        error.message === 'Algorithm SM2PKE and key spec SM2 cannot encrypt data larger than 1024 bytes.',
    );
  });

  test('SM2 keys take only SM2PKE', () => {
    assert.throws(() => encryptAsymmetric(key.handle, 'RSAES_OAEP_SHA_256', Buffer.from('x')), IncompatibleAlgorithmError);
    assert.throws(() => decryptAsymmetric(key.handle, 'SYMMETRIC_DEFAULT', Buffer.from('x')), IncompatibleAlgorithmError);
  });
});

describe('ECDH on SM2', () => {
  const files = new TempFiles();
  after(() => files.dispose());

  // OpenSSL 3.0's `pkeyutl -derive` refuses SM2 keys, so the check is against @noble/curves (through sm-crypto-v2):
  // arithmetic entirely apart from the OpenSSL ECDH that openkms uses.
  test('Z is the 32-byte x-coordinate of d·Q, the same from both sides and in an independent implementation', async () => {
    const ours = loadKeyMaterial('SM2', await generateKeyMaterial('SM2')) as Sm2KeyPairHandle;
    const peer = opensslKey(files, 'peer').handle;
    const z = deriveSharedSecret(ours, publicKeySpki(peer));
    assert.equal(z.length, 32);
    assert.deepEqual(deriveSharedSecret(peer, publicKeySpki(ours)), z);
    const noble = nobleSm2.ecdh(Buffer.from(ours.privateKey).toString('hex'), Buffer.from(peer.publicKey).toString('hex'), false);
    assert.deepEqual(Buffer.from(noble).subarray(1, 33), z);
  });

  test('a peer key with a compressed point gives the same Z', () => {
    const ours = opensslKey(files, 'ours').handle;
    const peerPem = opensslOk(['genpkey', '-algorithm', 'SM2']);
    const uncompressed = opensslOk(['ec', '-pubout', '-outform', 'DER'], peerPem);
    const compressed = opensslOk(['ec', '-pubout', '-outform', 'DER', '-conv_form', 'compressed'], peerPem);
    assert.deepEqual(deriveSharedSecret(ours, compressed), deriveSharedSecret(ours, uncompressed));
  });

  test('other curves are IncompatiblePublicKeyError; garbage and off-curve points InvalidPublicKeyError', async () => {
    const ours = loadKeyMaterial('SM2', await generateKeyMaterial('SM2')) as AsymmetricKeyHandle;
    const p256 = loadKeyMaterial('ECC_NIST_P256', await generateKeyMaterial('ECC_NIST_P256')) as AsymmetricKeyHandle;
    assert.throws(() => deriveSharedSecret(ours, publicKeySpki(p256)), IncompatiblePublicKeyError);
    assert.throws(() => deriveSharedSecret(p256, publicKeySpki(ours)), IncompatiblePublicKeyError);
    assert.throws(() => deriveSharedSecret(ours, Buffer.from('not a key')), InvalidPublicKeyError);
    const spki = publicKeySpki(ours);
    assert.throws(() => deriveSharedSecret(ours, flip(spki, spki.length - 1)), InvalidPublicKeyError);
  });
});
