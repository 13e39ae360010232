// openssl checks openkms's SM2 keys in cn-north-1: it verifies SM2DSA signatures with the GetPublicKey key and the
// default distinguishing ID, encrypts with the SM2 public key for openkms to decrypt, loads SM2 data key pairs, and
// wraps SM2 material for import with `pkeyutl -encrypt` under an SM2 wrapping key, as AWS's guide does with RSA keys.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyPairCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  SignCommand,
  VerifyCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { openssl, opensslOk, TempFiles } from '../../src/crypto/openssl.test-helper.js';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite } from '../support/test-server.js';
import { externalKey } from '../integration/import-support.js';

let cn: KMSClient;
const files = new TempFiles();
serveForSuite(
  {},
  (server) => {
    cn?.destroy();
    cn = server.clientFor({ accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY }, 'cn-north-1');
  },
  () => {
    cn?.destroy();
    files.dispose();
  },
);

/** openssl's SM2DSA options: SM3 and the distinguishing ID KMS always uses (docs/kms-behaviour.md 3.4). */
const SM2DSA = ['-sm3', '-sigopt', 'distid:1234567812345678'];

async function sm2Key(KeyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT') {
  const { KeyMetadata } = await cn.send(new CreateKeyCommand({ KeySpec: 'SM2', KeyUsage }));
  const keyId = KeyMetadata!.KeyId!;
  const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: keyId }));
  return { keyId, publicKeyPath: files.write(`${keyId}.spki.der`, PublicKey!) };
}

describe('openssl and SM2DSA', () => {
  test('openssl dgst verifies a KMS signature with the GetPublicKey key, and refuses it for another message', async () => {
    const { keyId, publicKeyPath } = await sm2Key('SIGN_VERIFY');
    const message = Buffer.from('signed by openkms with SM2DSA');
    const { Signature } = await cn.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'SM2DSA' }));
    const args = ['dgst', ...SM2DSA, '-keyform', 'DER', '-verify', publicKeyPath, '-signature', files.write(`${keyId}.sig`, Signature!)];
    assert.match(opensslOk([...args, files.write(`${keyId}.msg`, message)]).toString(), /Verified OK/);
    assert.notEqual(openssl([...args, files.write(`${keyId}.other`, Buffer.from('another message'))]).status, 0);
  });

  test('a signature openssl makes with an imported SM2 key verifies in KMS', async () => {
    const key = await externalKey(cn, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    const privatePem = files.write(`${key.KeyId}.pem`, opensslOk(['genpkey', '-algorithm', 'SM2']));
    const material = opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', privatePem]);
    const parameters = await cn.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'SM2' }));
    const wrappingKeyPath = files.write(`${key.KeyId}.wrapping.der`, parameters.PublicKey!);
    // Step 3 of AWS's guide with the SM2 wrapping key: SM2 encryption of the PKCS#8 DER file.
    const wrapped = opensslOk(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', wrappingKeyPath, '-in', files.write(`${key.KeyId}.p8`, material)]);
    await cn.send(
      new ImportKeyMaterialCommand({
        KeyId: key.KeyId,
        ImportToken: parameters.ImportToken,
        EncryptedKeyMaterial: wrapped,
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }),
    );
    const { PublicKey } = await cn.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(Buffer.from(PublicKey!), opensslOk(['pkey', '-in', privatePem, '-pubout', '-outform', 'DER']));
    const message = Buffer.from('signed by openssl');
    const signature = opensslOk(['dgst', ...SM2DSA, '-sign', privatePem, files.write(`${key.KeyId}.msg`, message)]);
    const verified = await cn.send(new VerifyCommand({ KeyId: key.KeyId, Message: message, Signature: signature, SigningAlgorithm: 'SM2DSA' }));
    assert.equal(verified.SignatureValid, true);
  });
});

describe('openssl and SM2PKE', () => {
  test('openssl pkeyutl encrypts with the SM2 public key; openkms decrypts', async () => {
    const { keyId, publicKeyPath } = await sm2Key('ENCRYPT_DECRYPT');
    const ciphertext = opensslOk(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicKeyPath], Buffer.from('encrypted by openssl'));
    const { Plaintext } = await cn.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: 'SM2PKE' }));
    assert.equal(Buffer.from(Plaintext!).toString(), 'encrypted by openssl');
  });
});

describe('openssl loads SM2 data key pairs', () => {
  test('the PKCS#8 private key and SPKI public key load as SM2 keys and match', async () => {
    const { KeyMetadata } = await cn.send(new CreateKeyCommand({}));
    const pair = await cn.send(new GenerateDataKeyPairCommand({ KeyId: KeyMetadata!.KeyId, KeyPairSpec: 'SM2' }));
    const privatePath = files.write(`SM2-${KeyMetadata!.KeyId}.p8.der`, pair.PrivateKeyPlaintext!);
    const publicPath = files.write(`SM2-${KeyMetadata!.KeyId}.spki.der`, pair.PublicKey!);
    const derivedPublic = opensslOk(['pkey', '-inform', 'DER', '-in', privatePath, '-pubout', '-outform', 'DER']);
    assert.deepEqual(derivedPublic, opensslOk(['pkey', '-pubin', '-inform', 'DER', '-in', publicPath, '-outform', 'DER']));
    assert.match(opensslOk(['pkey', '-inform', 'DER', '-in', privatePath, '-noout', '-text']).toString(), /ASN1 OID: SM2/);
    // The pair works: openssl signs with the private key and verifies with the public key.
    const messagePath = files.write(`SM2-${KeyMetadata!.KeyId}.msg`, Buffer.from('data key pair'));
    const privatePem = files.write(`SM2-${KeyMetadata!.KeyId}.pem`, opensslOk(['pkey', '-inform', 'DER', '-in', privatePath]));
    const signature = opensslOk(['dgst', ...SM2DSA, '-sign', privatePem, messagePath]);
    const verify = ['dgst', ...SM2DSA, '-keyform', 'DER', '-verify', publicPath, '-signature', files.write(`SM2-${KeyMetadata!.KeyId}.sig`, signature), messagePath];
    assert.match(opensslOk(verify).toString(), /Verified OK/);
  });
});
