// SM2 keys through the real AWS SDK in the China Regions (cn-north-1, cn-northwest-1), and their refusal elsewhere:
// CreateKey, GetPublicKey, SM2DSA, SM2PKE, ECDH, SM2 data key pairs and imports with RSA and SM2 wrapping keys.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ListKeysCommand,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
  type KMSClient,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { sm2 } from 'sm-crypto-v2';
import { parseSeed } from '../../src/provision/seed-keys.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, awsError, serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';
import { externalKey, importMaterial } from './import-support.js';

let t: TestServer;
let cn: KMSClient;
serveForSuite(
  {},
  (server) => {
    t = server;
    cn?.destroy();
    cn = server.clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, 'cn-north-1');
  },
  () => cn?.destroy(),
);

/** The DER header of an SM2 SubjectPublicKeyInfo: id-ecPublicKey, namedCurve 1.2.156.10197.1.301, BIT STRING. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const text = (s: string) => new TextEncoder().encode(s);

async function sm2Key(KeyUsage: KeyUsageType, client = cn) {
  return (await client.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage }))).KeyMetadata!;
}

/** The uncompressed point 04‖x‖y of an SM2 SPKI, as hex (the form sm-crypto-v2 takes). */
function pointHex(spki: Uint8Array): string {
  const der = Buffer.from(spki);
  assert.deepEqual(der.subarray(0, SM2_SPKI_PREFIX.length), SM2_SPKI_PREFIX);
  return der.subarray(SM2_SPKI_PREFIX.length).toString('hex');
}

/** e = SM3(Z_A ‖ M) with the default distinguishing ID, as a caller of MessageType DIGEST computes it (GB/T 32918.2). */
function sm2Digest(spki: Uint8Array, message: Uint8Array): Buffer {
  const za = createHash('sm3')
    .update(Buffer.from('0080', 'hex'))
    .update('1234567812345678')
    .update(
      Buffer.from(
        'FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93' +
          '32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0',
        'hex',
      ),
    )
    .update(Buffer.from(pointHex(spki), 'hex').subarray(1))
    .digest();
  return createHash('sm3').update(za).update(message).digest();
}

/** An SM2 PKCS#8 private key made by node:crypto (OpenSSL), and its SPKI. */
function sm2KeyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return { pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }), spki: publicKey.export({ type: 'spki', format: 'der' }) };
}

describe('outside the China Regions', () => {
  test('CreateKey SM2 in us-east-1: UnsupportedOperationException "KeySpec SM2 is not supported in this Region"; no key made', async () => {
    const before = (await t.kms.send(new ListKeysCommand({}))).Keys?.length ?? 0;
    for (const KeyUsage of ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'KEY_AGREEMENT'] as const) {
      const error = await awsError(t.kms.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage })));
      assert.deepEqual(error, { name: 'UnsupportedOperationException', message: 'KeySpec SM2 is not supported in this Region', status: 400 });
    }
    const deprecated = await awsError(t.kms.send(new CreateKeyCommand({ CustomerMasterKeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })));
    assert.equal(deprecated.message, 'KeySpec SM2 is not supported in this Region');
    assert.equal((await t.kms.send(new ListKeysCommand({}))).Keys?.length ?? 0, before);
  });

  test('GenerateDataKeyPair(WithoutPlaintext) SM2 in us-east-1: "KeyPairSpec SM2 is not supported in this Region"', async () => {
    const { KeyMetadata: key } = await t.kms.send(new CreateKeyCommand({}));
    for (const command of [
      new GenerateDataKeyPairCommand({ KeyId: key!.KeyId, KeyPairSpec: 'SM2' }),
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key!.KeyId, KeyPairSpec: 'SM2' }),
    ]) {
      const error = await awsError(t.kms.send(command as GenerateDataKeyPairCommand));
      assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', 'KeyPairSpec SM2 is not supported in this Region']);
    }
  });

  test('GetParametersForImport with WrappingKeySpec SM2 or WrappingAlgorithm SM2PKE in us-east-1: UnsupportedOperationException', async () => {
    const key = await externalKey(t.kms);
    const spec = await awsError(
      t.kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' })),
    );
    assert.deepEqual([spec.name, spec.message], ['UnsupportedOperationException', 'WrappingKeySpec SM2 is not supported in this Region']);
    const algorithm = await awsError(
      t.kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'RSA_2048' })),
    );
    assert.deepEqual([algorithm.name, algorithm.message], ['UnsupportedOperationException', 'WrappingAlgorithm SM2PKE is not supported in this Region']);
  });

  test('a seed file may declare SM2 keys in a China Region only', () => {
    const seed = (region: string) => `region: ${region}\nkeys:\n  - keyId: 0b6e5c1a-3f2d-4c8e-9a7b-1d2e3f4a5b6c\n    keySpec: SM2\n    keyUsage: SIGN_VERIFY\n`;
    assert.throws(() => parseSeed(seed('us-east-1'), TEST_ACCOUNT), /KeySpec SM2 is not supported in this Region/);
    assert.equal(parseSeed(seed('cn-northwest-1'), TEST_ACCOUNT)[0]?.keySpec, 'SM2');
  });
});

describe('SM2 keys in cn-north-1', () => {
  const usages = [
    ['SIGN_VERIFY', { SigningAlgorithms: ['SM2DSA'] }],
    ['ENCRYPT_DECRYPT', { EncryptionAlgorithms: ['SM2PKE'] }],
    ['KEY_AGREEMENT', { KeyAgreementAlgorithms: ['ECDH'] }],
  ] as const;
  for (const [KeyUsage, algorithms] of usages) {
    test(`CreateKey SM2 ${KeyUsage}: DescribeKey and GetPublicKey show the aws-cn ARN, SM2 and ${Object.values(algorithms)[0]}`, async () => {
      const created = await sm2Key(KeyUsage);
      assert.match(created.Arn!, new RegExp(`^arn:aws-cn:kms:cn-north-1:${TEST_ACCOUNT}:key/${created.KeyId}$`));
      const { KeyMetadata: described } = await cn.send(new DescribeKeyCommand({ KeyId: created.KeyId }));
      assert.equal(described?.KeySpec, 'SM2');
      assert.equal(described?.CustomerMasterKeySpec, 'SM2');
      assert.equal(described?.KeyUsage, KeyUsage);
      assert.equal(described?.Origin, 'AWS_KMS');
      assert.equal(described?.KeyState, 'Enabled');
      assert.equal(described?.CurrentKeyMaterialId, undefined);
      for (const list of ['SigningAlgorithms', 'EncryptionAlgorithms', 'KeyAgreementAlgorithms', 'MacAlgorithms'] as const) {
        assert.deepEqual(described?.[list], (algorithms as Record<string, unknown>)[list], list);
      }
      const publicKey = await cn.send(new GetPublicKeyCommand({ KeyId: created.KeyId }));
      assert.equal(publicKey.KeyId, created.Arn);
      assert.equal(publicKey.KeySpec, 'SM2');
      assert.equal(publicKey.KeyUsage, KeyUsage);
      assert.equal(publicKey.PublicKey?.length, 91);
      assert.equal(pointHex(publicKey.PublicKey!).length, 130);
      for (const list of ['SigningAlgorithms', 'EncryptionAlgorithms', 'KeyAgreementAlgorithms'] as const) {
        assert.deepEqual(publicKey[list], (algorithms as Record<string, unknown>)[list], list);
      }
    });
  }

  test('cn-northwest-1 is a China Region too', async () => {
    const client = t.clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, 'cn-northwest-1');
    try {
      const key = await sm2Key('SIGN_VERIFY', client);
      assert.match(key.Arn!, /^arn:aws-cn:kms:cn-northwest-1:/);
    } finally {
      client.destroy();
    }
  });

  test('KeyUsage is required and GENERATE_VERIFY_MAC does not fit SM2 (ValidationException)', async () => {
    const missing = await awsError(cn.send(new CreateKeyCommand({ KeySpec: 'SM2' })));
    assert.deepEqual([missing.name, missing.message], ['ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.']);
    const mac = await awsError(cn.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage: 'GENERATE_VERIFY_MAC' })));
    assert.deepEqual([mac.name, mac.message], ['ValidationException', 'KeyUsage GENERATE_VERIFY_MAC is not compatible with KeySpec SM2']);
  });
});

describe('SM2DSA', () => {
  test('Sign RAW and Verify; a wrong message → KMSInvalidSignatureException; offline verification with the default ID', async () => {
    const key = await sm2Key('SIGN_VERIFY');
    const Message = text('message signed with SM2DSA');
    const signed = await cn.send(new SignCommand({ KeyId: key.KeyId, Message, SigningAlgorithm: 'SM2DSA' }));
    assert.equal(signed.KeyId, key.Arn);
    assert.equal(signed.SigningAlgorithm, 'SM2DSA');
    const ok = await cn.send(new VerifyCommand({ KeyId: key.KeyId, Message, Signature: signed.Signature, SigningAlgorithm: 'SM2DSA' }));
    assert.equal(ok.SignatureValid, true);
    const bad = await awsError(cn.send(new VerifyCommand({ KeyId: key.KeyId, Message: text('other'), Signature: signed.Signature, SigningAlgorithm: 'SM2DSA' })));
    assert.deepEqual([bad.name, bad.message], ['KMSInvalidSignatureException', 'UnknownError']);
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    // A third-party SM2 library with its default user ID 1234567812345678 verifies the DER signature.
    const signatureHex = Buffer.from(signed.Signature!).toString('hex');
    assert.equal(sm2.doVerifySignature(Message, signatureHex, pointHex(PublicKey!), { der: true, hash: true }), true);
  });

  test('DIGEST: e = SM3(Z_A ‖ M) signs and verifies interchangeably with RAW; a wrong length → ValidationException', async () => {
    const key = await sm2Key('SIGN_VERIFY');
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const message = text('digest me');
    const e = sm2Digest(PublicKey!, message);
    const signed = await cn.send(new SignCommand({ KeyId: key.KeyId, Message: e, MessageType: 'DIGEST', SigningAlgorithm: 'SM2DSA' }));
    const asRaw = await cn.send(new VerifyCommand({ KeyId: key.KeyId, Message: message, Signature: signed.Signature, SigningAlgorithm: 'SM2DSA' }));
    assert.equal(asRaw.SignatureValid, true);
    const rawSigned = await cn.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm: 'SM2DSA' }));
    const asDigest = await cn.send(
      new VerifyCommand({ KeyId: key.KeyId, Message: e, MessageType: 'DIGEST', Signature: rawSigned.Signature, SigningAlgorithm: 'SM2DSA' }),
    );
    assert.equal(asDigest.SignatureValid, true);
    const error = await awsError(cn.send(new SignCommand({ KeyId: key.KeyId, Message: e.subarray(1), MessageType: 'DIGEST', SigningAlgorithm: 'SM2DSA' })));
    assert.deepEqual([error.name, error.message], ['ValidationException', 'Digest is invalid length for algorithm SM2DSA.']);
  });

  test('another algorithm on an SM2 key, or SM2DSA on another key → InvalidKeyUsageException', async () => {
    const key = await sm2Key('SIGN_VERIFY');
    const ecdsa = await awsError(cn.send(new SignCommand({ KeyId: key.KeyId, Message: text('m'), SigningAlgorithm: 'ECDSA_SHA_256' })));
    assert.deepEqual([ecdsa.name, ecdsa.message], ['InvalidKeyUsageException', 'Algorithm ECDSA_SHA_256 is incompatible with key spec SM2.']);
    const p256 = (await cn.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    const sm2dsa = await awsError(cn.send(new SignCommand({ KeyId: p256.KeyId, Message: text('m'), SigningAlgorithm: 'SM2DSA' })));
    assert.deepEqual([sm2dsa.name, sm2dsa.message], ['InvalidKeyUsageException', 'Algorithm SM2DSA is incompatible with key spec ECC_NIST_P256.']);
  });
});

describe('SM2PKE', () => {
  test('Encrypt and Decrypt up to 1024 bytes; 1025 → ValidationException with AWS\'s pattern', async () => {
    const key = await sm2Key('ENCRYPT_DECRYPT');
    const Plaintext = Buffer.alloc(1024, 0x42);
    const enc = await cn.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext, EncryptionAlgorithm: 'SM2PKE' }));
    assert.equal(enc.KeyId, key.Arn);
    assert.equal(enc.EncryptionAlgorithm, 'SM2PKE');
    const dec = await cn.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: 'SM2PKE' }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), Plaintext);
    assert.equal(dec.EncryptionAlgorithm, 'SM2PKE');
    const tooLong = await awsError(cn.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(1025), EncryptionAlgorithm: 'SM2PKE' })));
    assert.deepEqual([tooLong.name, tooLong.message], ['ValidationException', 'Algorithm SM2PKE and key spec SM2 cannot encrypt data larger than 1024 bytes.']);
  });

  test('a ciphertext made offline with the public key decrypts; a tampered one → InvalidCiphertextException', async () => {
    const key = await sm2Key('ENCRYPT_DECRYPT');
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const offline = Buffer.from(sm2.doEncrypt(text('made offline'), pointHex(PublicKey!), 1, { asn1: true }), 'hex');
    const dec = await cn.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: offline, EncryptionAlgorithm: 'SM2PKE' }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'made offline');
    const tampered = Buffer.from(offline);
    tampered[tampered.length - 1]! ^= 1;
    const error = await awsError(cn.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: tampered, EncryptionAlgorithm: 'SM2PKE' })));
    assert.deepEqual([error.name, error.message], ['InvalidCiphertextException', 'UnknownError']);
  });

  test('an EncryptionAlgorithm is required, and RSAES_OAEP_SHA_256 does not fit SM2', async () => {
    const key = await sm2Key('ENCRYPT_DECRYPT');
    const missing = await awsError(cn.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })));
    assert.equal(missing.name, 'ValidationException');
    const rsa = await awsError(cn.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })));
    assert.deepEqual([rsa.name, rsa.message], ['InvalidKeyUsageException', 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SM2.']);
  });

  test('ReEncrypt from an SM2 key to a symmetric key, and back', async () => {
    const source = await sm2Key('ENCRYPT_DECRYPT');
    const { KeyMetadata: symmetric } = await cn.send(new CreateKeyCommand({}));
    const enc = await cn.send(new EncryptCommand({ KeyId: source.KeyId, Plaintext: text('moving'), EncryptionAlgorithm: 'SM2PKE' }));
    const moved = await cn.send(
      new ReEncryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        SourceKeyId: source.KeyId,
        SourceEncryptionAlgorithm: 'SM2PKE',
        DestinationKeyId: symmetric!.KeyId,
      }),
    );
    assert.equal(moved.SourceKeyId, source.Arn);
    assert.equal(moved.KeyId, symmetric!.Arn);
    assert.equal(moved.SourceEncryptionAlgorithm, 'SM2PKE');
    assert.equal(moved.DestinationEncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const dec = await cn.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'moving');
    const back = await cn.send(
      new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob, DestinationKeyId: source.KeyId, DestinationEncryptionAlgorithm: 'SM2PKE' }),
    );
    const again = await cn.send(new DecryptCommand({ KeyId: source.KeyId, CiphertextBlob: back.CiphertextBlob, EncryptionAlgorithm: 'SM2PKE' }));
    assert.equal(Buffer.from(again.Plaintext!).toString(), 'moving');
  });
});

describe('ECDH and data key pairs', () => {
  test('DeriveSharedSecret equals the peer\'s own ECDH; a P-256 peer key → ValidationException without a message', async () => {
    const key = await sm2Key('KEY_AGREEMENT');
    const peer = sm2.generateKeyPairHex();
    const peerSpki = Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(peer.publicKey, 'hex')]);
    const result = await cn.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peerSpki }));
    assert.equal(result.KeyId, key.Arn);
    assert.equal(result.KeyAgreementAlgorithm, 'ECDH');
    assert.equal(result.KeyOrigin, 'AWS_KMS');
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(Buffer.from(peer.privateKey, 'hex'));
    const expected = ecdh.computeSecret(Buffer.from(pointHex(PublicKey!), 'hex'));
    assert.equal(result.SharedSecret?.length, 32);
    assert.deepEqual(Buffer.from(result.SharedSecret!), expected);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'der' });
    const error = await awsError(cn.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: p256 })));
    assert.deepEqual([error.name, error.message], ['ValidationException', 'UnknownError']);
  });

  test('GenerateDataKeyPair SM2: PKCS#8 and SPKI on the SM2 curve that belong together; the encrypted copy decrypts', async () => {
    const { KeyMetadata: key } = await cn.send(new CreateKeyCommand({}));
    const pair = await cn.send(new GenerateDataKeyPairCommand({ KeyId: key!.KeyId, KeyPairSpec: 'SM2' }));
    assert.equal(pair.KeyPairSpec, 'SM2');
    assert.equal(pair.KeyId, key!.Arn);
    pointHex(pair.PublicKey!);
    const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
    assert.deepEqual(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), Buffer.from(pair.PublicKey!));
    const dec = await cn.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }));
    assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(pair.PrivateKeyPlaintext!));
    const without = await cn.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key!.KeyId, KeyPairSpec: 'SM2' }));
    assert.equal((without as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined);
    pointHex(without.PublicKey!);
  });
});

describe('importing into SM2 keys, and SM2 wrapping', () => {
  /** GetParametersForImport with an SM2 wrapping key, SM2PKE-wrap `material`, ImportKeyMaterial. */
  async function importWithSm2(keyId: string, material: Uint8Array) {
    const parameters = await cn.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' }));
    const wrapped = Buffer.from(sm2.doEncrypt(material, pointHex(parameters.PublicKey!), 1, { asn1: true }), 'hex');
    return cn.send(
      new ImportKeyMaterialCommand({
        KeyId: keyId,
        ImportToken: parameters.ImportToken,
        EncryptedKeyMaterial: wrapped,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }),
    );
  }

  async function assertSignsWithPublicKey(keyId: string, spki: Uint8Array) {
    const { KeyMetadata } = await cn.send(new DescribeKeyCommand({ KeyId: keyId }));
    assert.equal(KeyMetadata?.KeyState, 'Enabled');
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: keyId }));
    assert.deepEqual(Buffer.from(PublicKey!), Buffer.from(spki));
    const Message = text('signed with imported material');
    const signed = await cn.send(new SignCommand({ KeyId: keyId, Message, SigningAlgorithm: 'SM2DSA' }));
    assert.equal(sm2.doVerifySignature(Message, Buffer.from(signed.Signature!).toString('hex'), pointHex(spki), { der: true, hash: true }), true);
  }

  test('SM2 material wrapped with RSAES_OAEP_SHA_256 under an RSA wrapping key', async () => {
    const key = await externalKey(cn, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    assert.match(key.Arn!, /^arn:aws-cn:/);
    const { pkcs8, spki } = sm2KeyPair();
    await importMaterial(cn, key.KeyId!, pkcs8, { algorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' });
    await assertSignsWithPublicKey(key.KeyId!, spki);
  });

  test('SM2 material wrapped with SM2PKE under an SM2 wrapping key', async () => {
    const key = await externalKey(cn, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    const parameters = await cn.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' }));
    assert.equal(parameters.PublicKey?.length, 91);
    pointHex(parameters.PublicKey!);
    const { pkcs8, spki } = sm2KeyPair();
    const imported = await importWithSm2(key.KeyId!, pkcs8);
    assert.equal(imported.KeyId, key.Arn);
    await assertSignsWithPublicKey(key.KeyId!, spki);
  });

  test('SM2PKE also wraps symmetric and RSA material (RSA_AES_KEY_WRAP_* are not offered in China Regions)', async () => {
    const symmetric = await externalKey(cn);
    await importWithSm2(symmetric.KeyId!, Buffer.alloc(32, 7));
    const enc = await cn.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: text('imported') }));
    assert.equal(Buffer.from((await cn.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext!).toString(), 'imported');
    const rsaKey = await externalKey(cn, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await importWithSm2(rsaKey.KeyId!, rsa.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: rsaKey.KeyId }));
    assert.deepEqual(Buffer.from(PublicKey!), rsa.publicKey.export({ type: 'spki', format: 'der' }));
  });

  test('in cn-north-1: RSA_AES_KEY_WRAP_* → UnsupportedOperationException; SM2 with RSA algorithms and the reverse → ValidationException', async () => {
    const key = await externalKey(cn, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    const request = (WrappingAlgorithm: 'SM2PKE' | 'RSAES_OAEP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'SM2' | 'RSA_3072') =>
      awsError(cn.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm, WrappingKeySpec })));
    const hybrid = await request('RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072');
    assert.deepEqual([hybrid.name, hybrid.message], ['UnsupportedOperationException', 'WrappingAlgorithm RSA_AES_KEY_WRAP_SHA_256 is not supported in this Region']);
    const oaepWithSm2 = await request('RSAES_OAEP_SHA_1', 'SM2');
    assert.deepEqual([oaepWithSm2.name, oaepWithSm2.message], ['ValidationException', 'WrappingKeySpec SM2 can be used only with WrappingAlgorithm SM2PKE, not RSAES_OAEP_SHA_1.']);
    const sm2WithRsa = await request('SM2PKE', 'RSA_3072');
    assert.deepEqual([sm2WithRsa.name, sm2WithRsa.message], ['ValidationException', 'WrappingAlgorithm SM2PKE requires WrappingKeySpec SM2, not RSA_3072.']);
  });

  test('a corrupted SM2PKE blob → InvalidCiphertextException; P-256 material → IncorrectKeyMaterialException; the key stays PendingImport', async () => {
    const key = await externalKey(cn, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    const parameters = await cn.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' }));
    const wrapped = Buffer.from(sm2.doEncrypt(sm2KeyPair().pkcs8, pointHex(parameters.PublicKey!), 1, { asn1: true }), 'hex');
    wrapped[wrapped.length - 1]! ^= 1;
    const corrupted = await awsError(
      cn.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: parameters.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
    );
    assert.deepEqual([corrupted.name, corrupted.message], ['InvalidCiphertextException', 'UnknownError']);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    const wrongCurve = await awsError(importWithSm2(key.KeyId!, p256));
    assert.equal(wrongCurve.name, 'IncorrectKeyMaterialException');
    assert.match(wrongCurve.message, /SM2 curve/);
    assert.equal((await cn.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState, 'PendingImport');
  });
});
