// Every cryptographic operation through the real AWS SDK, for every key spec and algorithm, with AWS's errors.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, createPublicKey, diffieHellman, generateKeyPairSync, publicEncrypt, constants, verify as nodeVerify } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetPublicKeyCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type KeyUsageType,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { encodeCiphertextBlob } from '../../src/crypto/ciphertext-blob.js';
import { awsError, serveForSuite, TEST_ACCOUNT, TEST_REGION, type TestServer } from '../support/test-server.js';

let t: TestServer;
serveForSuite({}, (server) => (t = server));

async function newKey(KeySpec: KeySpec = 'SYMMETRIC_DEFAULT', KeyUsage?: KeyUsageType) {
  return (await t.kms.send(new CreateKeyCommand({ KeySpec, ...(KeyUsage ? { KeyUsage } : {}) }))).KeyMetadata!;
}
const text = (s: string) => new TextEncoder().encode(s);

describe('symmetric encryption', () => {
  test('Encrypt then Decrypt with and without KeyId, context order-insensitive', async () => {
    const key = await newKey();
    const enc = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('secret'), EncryptionContext: { a: '1', b: '2' } }));
    assert.equal(enc.KeyId, key.Arn);
    assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    const dec = await t.kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { b: '2', a: '1' } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'secret');
    assert.equal(dec.KeyId, key.Arn);
    assert.equal(dec.KeyMaterialId, key.CurrentKeyMaterialId);
    const withId = await t.kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '1', b: '2' } }));
    assert.equal(Buffer.from(withId.Plaintext!).toString(), 'secret');
  });

  test('wrong context, tampering and garbage → InvalidCiphertextException with no message', async () => {
    const key = await newKey();
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { a: '1' } }));
    const blob = Buffer.from(CiphertextBlob!);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1]! ^= 1;
    for (const [CiphertextBlob, EncryptionContext] of [
      [blob, { a: '2' }],
      [blob, undefined],
      [tampered, { a: '1' }],
      [Buffer.from('garbage garbage garbage'), undefined],
    ] as const) {
      const error = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })));
      assert.equal(error.name, 'InvalidCiphertextException');
    }
  });

  test('a KeyId that is not the blob key → IncorrectKeyException', async () => {
    const a = await newKey();
    const b = await newKey();
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: text('x') }));
    const error = await awsError(t.kms.send(new DecryptCommand({ KeyId: b.KeyId, CiphertextBlob })));
    assert.equal(error.name, 'IncorrectKeyException');
    assert.equal(error.message, 'The key ID in the request does not identify a CMK that can perform this operation.');
  });

  test('a forged blob: material its key does not have → InvalidCiphertextException; an RSA key with its own material → InvalidKeyUsageException', async () => {
    const forge = (keyId: string, keyMaterialId: string) =>
      encodeCiphertextBlob(
        { keyId, accountId: TEST_ACCOUNT, keyMaterialId },
        { salt: randomBytes(16), iv: randomBytes(12), ciphertext: randomBytes(8), tag: randomBytes(16) },
      );
    const symmetric = await newKey();
    const rsa = await newKey('RSA_2048', 'ENCRYPT_DECRYPT');
    // Only symmetric keys show their material id; the store knows the RSA key's.
    const rsaMaterialId = (await t.server.store.getKey({ accountId: TEST_ACCOUNT, region: TEST_REGION }, rsa.KeyId!))!.currentKeyMaterialId!;
    for (const CiphertextBlob of [forge(symmetric.KeyId!, 'e'.repeat(64)), forge(rsa.KeyId!, 'e'.repeat(64))]) {
      const error = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob })));
      assert.deepEqual([error.name, error.message, error.status], ['InvalidCiphertextException', 'UnknownError', 400]);
    }
    const wrongKind = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob: forge(rsa.KeyId!, rsaMaterialId) })));
    assert.deepEqual(
      [wrongKind.name, wrongKind.message, wrongKind.status],
      ['InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.', 400],
    );
    // Nothing changed: both keys still encrypt and decrypt as before.
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: text('still') }));
    assert.equal(Buffer.from((await t.kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString(), 'still');
    const rsaBlob = await t.kms.send(new EncryptCommand({ KeyId: rsa.KeyId, Plaintext: text('still'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    const rsaBack = await t.kms.send(new DecryptCommand({ KeyId: rsa.KeyId, CiphertextBlob: rsaBlob.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    assert.equal(Buffer.from(rsaBack.Plaintext!).toString(), 'still');
  });

  test('disabled, pending deletion, wrong usage, oversize plaintext, DryRun', async () => {
    const key = await newKey();
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') }));
    await t.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    let error = await awsError(t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })));
    assert.equal(error.name, 'DisabledException');
    assert.equal(error.message, `${key.Arn} is disabled.`);
    error = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob })));
    assert.equal(error.name, 'DisabledException');
    await t.kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    error = await awsError(t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(4097) })));
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.message, "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    error = await awsError(t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), DryRun: true })));
    assert.equal(error.name, 'DryRunOperationException');
    assert.equal(error.message, 'The request would have succeeded, but the DryRun option is set.');
    const hmac = await newKey('HMAC_256', 'GENERATE_VERIFY_MAC');
    error = await awsError(t.kms.send(new EncryptCommand({ KeyId: hmac.KeyId, Plaintext: text('x') })));
    assert.equal(error.name, 'InvalidKeyUsageException');
    assert.equal(error.message, `${hmac.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`);
    await t.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    error = await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob })));
    assert.equal(error.name, 'KMSInvalidStateException');
    assert.equal(error.message, `${key.Arn} is pending deletion.`);
  });

  test('GenerateDataKey: AES_256, AES_128, NumberOfBytes; exactly one of them', async () => {
    const key = await newKey();
    const a = await t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { p: 'q' } }));
    assert.equal(a.Plaintext?.length, 32);
    assert.equal(a.KeyMaterialId, key.CurrentKeyMaterialId);
    const back = await t.kms.send(new DecryptCommand({ CiphertextBlob: a.CiphertextBlob, EncryptionContext: { p: 'q' } }));
    assert.deepEqual(Buffer.from(back.Plaintext!), Buffer.from(a.Plaintext!));
    assert.equal((await t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }))).Plaintext?.length, 16);
    assert.equal((await t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 1024 }))).Plaintext?.length, 1024);
    const without = await t.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, NumberOfBytes: 7 }));
    assert.equal((without as { Plaintext?: unknown }).Plaintext, undefined);
    assert.equal((await t.kms.send(new DecryptCommand({ CiphertextBlob: without.CiphertextBlob }))).Plaintext?.length, 7);
    for (const input of [{}, { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }]) {
      const error = await awsError(t.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, ...input })));
      assert.equal(error.name, 'ValidationException');
    }
  });

  test('ReEncrypt moves a ciphertext to another key and context', async () => {
    const a = await newKey();
    const b = await newKey();
    const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: text('move me'), EncryptionContext: { from: 'a' } }));
    const re = await t.kms.send(
      new ReEncryptCommand({ CiphertextBlob, SourceEncryptionContext: { from: 'a' }, DestinationKeyId: b.KeyId, DestinationEncryptionContext: { to: 'b' } }),
    );
    assert.equal(re.SourceKeyId, a.Arn);
    assert.equal(re.KeyId, b.Arn);
    assert.equal(re.SourceKeyMaterialId, a.CurrentKeyMaterialId);
    assert.equal(re.DestinationKeyMaterialId, b.CurrentKeyMaterialId);
    const dec = await t.kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { to: 'b' } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'move me');
    assert.equal(dec.KeyId, b.Arn);
  });

  test('GenerateRandom returns the bytes asked for; NumberOfBytes is required', async () => {
    assert.equal((await t.kms.send(new GenerateRandomCommand({ NumberOfBytes: 1024 }))).Plaintext?.length, 1024);
    const error = await awsError(t.kms.send(new GenerateRandomCommand({})));
    assert.equal(error.message, 'NumberOfBytes is required.');
  });
});

describe('RSA encryption', () => {
  for (const [KeySpec, limits] of [['RSA_2048', [214, 190]], ['RSA_3072', [342, 318]], ['RSA_4096', [470, 446]]] as const) {
    test(`${KeySpec}: OAEP SHA-1 and SHA-256 up to AWS's limits; offline encryption decrypts`, async () => {
      const key = await newKey(KeySpec, 'ENCRYPT_DECRYPT');
      const pub = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(pub.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
      for (const [EncryptionAlgorithm, max, hash] of [['RSAES_OAEP_SHA_1', limits[0], 'sha1'], ['RSAES_OAEP_SHA_256', limits[1], 'sha256']] as const) {
        const plaintext = new Uint8Array(max).fill(7);
        const enc = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionAlgorithm }));
        const dec = await t.kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm }));
        assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(plaintext));
        const error = await awsError(t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(max + 1), EncryptionAlgorithm })));
        assert.equal(error.name, 'ValidationException');
        assert.equal(error.message, `Algorithm ${EncryptionAlgorithm} and key spec ${KeySpec} cannot encrypt data larger than ${max} bytes.`);
        const offline = publicEncrypt(
          { key: createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
          Buffer.from('offline'),
        );
        const fromOffline = await t.kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: offline, EncryptionAlgorithm }));
        assert.equal(Buffer.from(fromOffline.Plaintext!).toString(), 'offline');
      }
      const noAlgorithm = await awsError(t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })));
      assert.equal(noAlgorithm.name, 'ValidationException');
    });
  }
});

describe('signing', () => {
  const cases: [KeySpec, SigningAlgorithmSpec[]][] = [
    ['RSA_2048', ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512']],
    ['ECC_NIST_P256', ['ECDSA_SHA_256']],
    ['ECC_NIST_P384', ['ECDSA_SHA_384']],
    ['ECC_NIST_P521', ['ECDSA_SHA_512']],
    ['ECC_SECG_P256K1', ['ECDSA_SHA_256']],
    ['ECC_NIST_EDWARDS25519', ['ED25519_SHA_512']],
    ['ML_DSA_44', ['ML_DSA_SHAKE_256']],
    ['ML_DSA_65', ['ML_DSA_SHAKE_256']],
    ['ML_DSA_87', ['ML_DSA_SHAKE_256']],
  ];
  for (const [KeySpec, algorithms] of cases) {
    test(`${KeySpec}: Sign and Verify with ${algorithms.join(', ')}; a bad signature → KMSInvalidSignatureException`, async () => {
      const key = await newKey(KeySpec, 'SIGN_VERIFY');
      const Message = text(`message for ${KeySpec}`);
      for (const SigningAlgorithm of algorithms) {
        const signed = await t.kms.send(new SignCommand({ KeyId: key.KeyId, Message, SigningAlgorithm }));
        assert.equal(signed.KeyId, key.Arn);
        assert.equal(signed.SigningAlgorithm, SigningAlgorithm);
        const ok = await t.kms.send(new VerifyCommand({ KeyId: key.KeyId, Message, Signature: signed.Signature, SigningAlgorithm }));
        assert.equal(ok.SignatureValid, true);
        const error = await awsError(t.kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: text('other'), Signature: signed.Signature, SigningAlgorithm })));
        assert.equal(error.name, 'KMSInvalidSignatureException');
      }
    });
  }

  test('DIGEST messages: a digest signed by KMS verifies offline over the message; a wrong length is refused', async () => {
    const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY');
    const message = text('digest me');
    const digest = createHash('sha256').update(message).digest();
    const signed = await t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
    const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.ok(nodeVerify('sha256', message, createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }), signed.Signature!));
    const error = await awsError(t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest.subarray(1), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })));
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.message, 'Digest is invalid length for algorithm ECDSA_SHA_256.');
  });

  test('Ed25519ph signs a SHA-512 digest (DIGEST only)', async () => {
    const key = await newKey('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY');
    const digest = createHash('sha512').update('m').digest();
    const signed = await t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    assert.equal(signed.Signature?.length, 64);
    const ok = await t.kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: signed.Signature, SigningAlgorithm: 'ED25519_PH_SHA_512' }));
    assert.equal(ok.SignatureValid, true);
    const raw = await awsError(t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, SigningAlgorithm: 'ED25519_PH_SHA_512' })));
    assert.equal(raw.name, 'ValidationException');
  });

  test('an algorithm of another key spec → InvalidKeyUsageException', async () => {
    const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY');
    const error = await awsError(t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: text('m'), SigningAlgorithm: 'ECDSA_SHA_384' })));
    assert.equal(error.name, 'InvalidKeyUsageException');
    assert.equal(error.message, 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
  });
});

describe('HMAC', () => {
  for (const [KeySpec, MacAlgorithm, length] of [['HMAC_224', 'HMAC_SHA_224', 28], ['HMAC_256', 'HMAC_SHA_256', 32], ['HMAC_384', 'HMAC_SHA_384', 48], ['HMAC_512', 'HMAC_SHA_512', 64]] as const) {
    test(`${KeySpec}: GenerateMac and VerifyMac`, async () => {
      const key = await newKey(KeySpec, 'GENERATE_VERIFY_MAC');
      const { Mac } = await t.kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: text('m'), MacAlgorithm }));
      assert.equal(Mac?.length, length);
      assert.equal((await t.kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: text('m'), Mac, MacAlgorithm }))).MacValid, true);
      const bad = await awsError(t.kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: text('n'), Mac, MacAlgorithm })));
      assert.equal(bad.name, 'KMSInvalidMacException');
    });
  }
  test('a MAC algorithm of another size → InvalidKeyUsageException with AWS text', async () => {
    const key = await newKey('HMAC_224', 'GENERATE_VERIFY_MAC');
    const error = await awsError(t.kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: text('m'), MacAlgorithm: 'HMAC_SHA_256' })));
    assert.equal(error.name, 'InvalidKeyUsageException');
    assert.equal(error.message, 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.');
  });
});

describe('key agreement and data key pairs', () => {
  for (const [KeySpec, curve] of [['ECC_NIST_P256', 'prime256v1'], ['ECC_NIST_P384', 'secp384r1'], ['ECC_NIST_P521', 'secp521r1']] as const) {
    test(`${KeySpec}: DeriveSharedSecret equals the peer's own ECDH`, async () => {
      const key = await newKey(KeySpec, 'KEY_AGREEMENT');
      const peer = generateKeyPairSync('ec', { namedCurve: curve });
      const result = await t.kms.send(
        new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer.publicKey.export({ format: 'der', type: 'spki' }) }),
      );
      const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' }) });
      assert.deepEqual(Buffer.from(result.SharedSecret!), expected);
      assert.equal(result.KeyOrigin, 'AWS_KMS');
      const wrongCurve = generateKeyPairSync('ec', { namedCurve: curve === 'prime256v1' ? 'secp384r1' : 'prime256v1' });
      const error = await awsError(
        t.kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: wrongCurve.publicKey.export({ format: 'der', type: 'spki' }) })),
      );
      assert.equal(error.name, 'ValidationException');
    });
  }

  for (const KeyPairSpec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
    test(`GenerateDataKeyPair ${KeyPairSpec}: PKCS#8 private key, SPKI public key, encrypted copy decrypts`, async () => {
      const key = await newKey();
      const pair = await t.kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec }));
      const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
      const publicKey = createPublicKey({ key: Buffer.from(pair.PublicKey!), format: 'der', type: 'spki' });
      assert.deepEqual(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }), publicKey.export({ format: 'der', type: 'spki' }));
      const dec = await t.kms.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }));
      assert.deepEqual(Buffer.from(dec.Plaintext!), Buffer.from(pair.PrivateKeyPlaintext!));
      const without = await t.kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec }));
      assert.equal((without as { PrivateKeyPlaintext?: unknown }).PrivateKeyPlaintext, undefined);
      assert.equal(without.KeyPairSpec, KeyPairSpec);
    });
  }

  test('GetPublicKey of a symmetric key → UnsupportedOperationException', async () => {
    const key = await newKey();
    const error = await awsError(t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId })));
    assert.equal(error.name, 'UnsupportedOperationException');
  });
});
