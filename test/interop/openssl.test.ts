// openssl, a tool none of us wrote, checks what openkms produces: it verifies Sign outputs with the public key from
// GetPublicKey (RSA PSS and PKCS#1, ECDSA on every curve, Ed25519), encrypts with an RSA public key that openkms then
// decrypts, and loads the data key pairs.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyPairCommand,
  GetPublicKeyCommand,
  SignCommand,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { opensslOk, TempFiles } from '../../src/crypto/openssl.test-helper.js';
import { serveForSuite, type TestServer } from '../support/test-server.js';

let t: TestServer;
const files = new TempFiles();
serveForSuite({}, (server) => (t = server), () => {
  files.dispose();
});

async function signingKey(KeySpec: KeySpec) {
  const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'SIGN_VERIFY' }));
  const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId }));
  const name = `${KeySpec}-${KeyMetadata!.KeyId}`;
  return { keyId: KeyMetadata!.KeyId!, publicKeyPath: files.write(`${name}.spki.der`, PublicKey!) };
}

describe('openssl verifies KMS signatures', () => {
  const digestOf: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
  const cases: [KeySpec, SigningAlgorithmSpec][] = [
    ['RSA_2048', 'RSASSA_PSS_SHA_256'],
    ['RSA_2048', 'RSASSA_PSS_SHA_512'],
    ['RSA_3072', 'RSASSA_PSS_SHA_384'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
    ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_512'],
    ['ECC_NIST_P256', 'ECDSA_SHA_256'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384'],
    ['ECC_NIST_P521', 'ECDSA_SHA_512'],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
  ];
  for (const [KeySpec, SigningAlgorithm] of cases) {
    test(`${KeySpec} ${SigningAlgorithm}`, async () => {
      const { keyId, publicKeyPath } = await signingKey(KeySpec);
      const message = Buffer.from(`signed by openkms with ${SigningAlgorithm}`);
      const { Signature } = await t.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm }));
      const messagePath = files.write(`${keyId}.msg`, message);
      const signaturePath = files.write(`${keyId}.sig`, Signature!);
      const digest = digestOf[SigningAlgorithm.slice(-3)]!;
      const args = ['dgst', `-${digest}`, '-keyform', 'DER', '-verify', publicKeyPath, '-signature', signaturePath];
      if (SigningAlgorithm.startsWith('RSASSA_PSS')) args.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest');
      const out = opensslOk([...args, messagePath]).toString();
      assert.match(out, /Verified OK/);
      // And openssl refuses the same signature over another message.
      const other = files.write(`${keyId}.other`, Buffer.from('another message'));
      assert.throws(() => opensslOk([...args, other]));
    });
  }

  test('ECC_NIST_EDWARDS25519 ED25519_SHA_512', async () => {
    const { keyId, publicKeyPath } = await signingKey('ECC_NIST_EDWARDS25519');
    const message = Buffer.from('pure Ed25519 from openkms');
    const { Signature } = await t.kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ED25519_SHA_512' }));
    const out = opensslOk([
      'pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', publicKeyPath, '-rawin',
      '-in', files.write(`${keyId}.msg`, message), '-sigfile', files.write(`${keyId}.sig`, Signature!),
    ]).toString();
    assert.match(out, /Signature Verified Successfully/);
  });
});

describe('openssl and RSA encryption', () => {
  for (const [hash, EncryptionAlgorithm] of [['sha1', 'RSAES_OAEP_SHA_1'], ['sha256', 'RSAES_OAEP_SHA_256']] as const) {
    test(`openssl encrypts with the public key (OAEP ${hash}); openkms decrypts`, async () => {
      const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' }));
      const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: KeyMetadata!.KeyId }));
      const publicKeyPath = files.write(`${KeyMetadata!.KeyId}.spki.der`, PublicKey!);
      const ciphertext = opensslOk(
        [
          'pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicKeyPath,
          '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
        ],
        Buffer.from('encrypted by openssl'),
      );
      const { Plaintext } = await t.kms.send(new DecryptCommand({ KeyId: KeyMetadata!.KeyId, CiphertextBlob: ciphertext, EncryptionAlgorithm }));
      assert.equal(Buffer.from(Plaintext!).toString(), 'encrypted by openssl');
    });
  }
});

describe('openssl loads data key pairs', () => {
  for (const KeyPairSpec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
    test(`${KeyPairSpec}: the PKCS#8 private key and SPKI public key load and match`, async () => {
      const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({}));
      const pair = await t.kms.send(new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.KeyId, KeyPairSpec }));
      const privatePath = files.write(`${KeyPairSpec}-${KeyMetadata!.KeyId}.p8.der`, pair.PrivateKeyPlaintext!);
      const publicPath = files.write(`${KeyPairSpec}-${KeyMetadata!.KeyId}.spki.der`, pair.PublicKey!);
      const derivedPublic = opensslOk(['pkey', '-inform', 'DER', '-in', privatePath, '-pubout', '-outform', 'DER']);
      const givenPublic = opensslOk(['pkey', '-pubin', '-inform', 'DER', '-in', publicPath, '-outform', 'DER']);
      assert.deepEqual(derivedPublic, givenPublic);
    });
  }
});
