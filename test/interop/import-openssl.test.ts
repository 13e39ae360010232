// Importing key material the way AWS's guide does it, with openssl on one side and @aws-sdk/client-kms on the other:
// openssl makes the material (rand, genpkey → PKCS#8 DER) and wraps it (pkeyutl OAEP; enc -id-aes256-wrap-pad), and
// then openssl proves the key holds exactly that material: same public key, signatures verify, same HMAC (docs 4.3, 4.4).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  SignCommand,
  type KeySpec,
  type MacAlgorithmSpec,
  type SigningAlgorithmSpec,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { opensslOk, TempFiles } from '../../src/crypto/openssl.test-helper.js';
import { awsError, serveForSuite, type TestServer } from '../support/test-server.js';
import { externalKey, type WrappingAlgorithm } from '../integration/import-support.js';

let t: TestServer;
const files = new TempFiles();
let counter = 0;
serveForSuite({}, (server) => (t = server), () => {
  files.dispose();
});

/** A fresh file name in the temporary folder. */
function path(name: string): string {
  return files.path(`${++counter}-${name}`);
}

/** Writes a file named by its full path in the temporary folder; returns the path. */
function write(fullPath: string, data: Uint8Array): string {
  return files.write(fullPath.slice(files.dir.length + 1), data);
}

function read(fullPath: string): Buffer {
  return files.read(fullPath.slice(files.dir.length + 1));
}

/** Step 3 of AWS's guide: encrypt the material file under the downloaded public key with openssl. */
function opensslWrap(materialPath: string, publicKeyPath: string, algorithm: WrappingAlgorithm): Buffer {
  const hash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (inPath: string) =>
    opensslOk([
      'pkeyutl', '-encrypt', '-in', inPath, '-inkey', publicKeyPath, '-keyform', 'DER', '-pubin',
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`,
    ]);
  if (algorithm.startsWith('RSAES_OAEP')) return oaep(materialPath);
  // RSA_AES_KEY_WRAP: an ephemeral AES-256 key wraps the material (RFC 5649), and OAEP wraps the AES key.
  const aesKeyPath = path('aes-key.bin');
  opensslOk(['rand', '-out', aesKeyPath, '32']);
  const aesKeyHex = read(aesKeyPath).toString('hex');
  const wrappedMaterial = opensslOk(['enc', '-id-aes256-wrap-pad', '-K', aesKeyHex, '-iv', 'A65959A6', '-in', materialPath]);
  return Buffer.concat([oaep(aesKeyPath), wrappedMaterial]);
}

/** GetParametersForImport, openssl wrap, ImportKeyMaterial (steps 2-4 of AWS's guide). */
async function opensslImport(keyId: string, materialPath: string, algorithm: WrappingAlgorithm, WrappingKeySpec: WrappingKeySpec = 'RSA_2048') {
  const parameters = await t.kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec }));
  const publicKeyPath = path('wrapping-public-key.der');
  write(publicKeyPath, parameters.PublicKey!);
  return t.kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: parameters.ImportToken,
      EncryptedKeyMaterial: opensslWrap(materialPath, publicKeyPath, algorithm),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }),
  );
}

/** openssl genpkey, exported as PKCS#8 DER (the material) and its SPKI DER public key. */
function opensslKeyPair(genpkeyOptions: string[]): { pkcs8Path: string; publicKeyPath: string } {
  const pemPath = path('private.pem');
  opensslOk(['genpkey', ...genpkeyOptions, '-out', pemPath]);
  const pkcs8Path = path('private.p8.der');
  opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', pemPath, '-out', pkcs8Path]);
  const publicKeyPath = path('public.der');
  opensslOk(['pkey', '-in', pemPath, '-pubout', '-outform', 'DER', '-out', publicKeyPath]);
  return { pkcs8Path, publicKeyPath };
}

describe('symmetric key material from openssl rand', () => {
  for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const) {
    test(`${algorithm}: a ciphertext made before DeleteImportedKeyMaterial decrypts after re-import`, async () => {
      const key = await externalKey(t.kms);
      const materialPath = path('symmetric.bin');
      opensslOk(['rand', '-out', materialPath, '32']);
      await opensslImport(key.KeyId!, materialPath, algorithm, 'RSA_4096');
      const { CiphertextBlob } = await t.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('payroll 2031') }));
      await t.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
      assert.equal((await awsError(t.kms.send(new DecryptCommand({ CiphertextBlob })))).name, 'KMSInvalidStateException');
      await opensslImport(key.KeyId!, materialPath, algorithm === 'RSAES_OAEP_SHA_1' ? 'RSAES_OAEP_SHA_256' : 'RSAES_OAEP_SHA_1', 'RSA_3072');
      const { Plaintext } = await t.kms.send(new DecryptCommand({ CiphertextBlob }));
      assert.equal(Buffer.from(Plaintext!).toString(), 'payroll 2031');
    });
  }
});

describe('HMAC key material from openssl rand: GenerateMac equals openssl mac and openssl dgst -hmac', () => {
  const cases: [KeySpec, MacAlgorithmSpec, string, number][] = [
    ['HMAC_224', 'HMAC_SHA_224', 'SHA224', 28],
    ['HMAC_256', 'HMAC_SHA_256', 'SHA256', 64],
    ['HMAC_384', 'HMAC_SHA_384', 'SHA384', 48],
    ['HMAC_512', 'HMAC_SHA_512', 'SHA512', 128],
  ];
  for (const [KeySpec, MacAlgorithm, digest, bytes] of cases) {
    test(`${KeySpec} with ${bytes} bytes of material`, async () => {
      const key = await externalKey(t.kms, { KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' });
      const materialPath = path('hmac.bin');
      opensslOk(['rand', '-out', materialPath, String(bytes)]);
      await opensslImport(key.KeyId!, materialPath, 'RSAES_OAEP_SHA_256', 'RSA_3072');
      const message = Buffer.from(`authenticated with ${KeySpec}`);
      const messagePath = path('message.txt');
      write(messagePath, message);
      const { Mac } = await t.kms.send(new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm, Message: message }));
      const hexKey = read(materialPath).toString('hex');
      const viaMac = opensslOk(['mac', '-digest', digest, '-macopt', `hexkey:${hexKey}`, '-in', messagePath, '-binary', 'HMAC']);
      const viaDgst = opensslOk(['dgst', `-${digest.toLowerCase()}`, '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-binary', messagePath]);
      assert.deepEqual(Buffer.from(Mac!), viaMac);
      assert.deepEqual(Buffer.from(Mac!), viaDgst);
    });
  }
});

describe('RSA and ECC private keys from openssl genpkey: GetPublicKey equals openssl\'s, openssl verifies KMS signatures', () => {
  const cases: [KeySpec, string[], WrappingAlgorithm, WrappingKeySpec, SigningAlgorithmSpec, string][] = [
    ['RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'RSASSA_PSS_SHA_256', 'sha256'],
    ['RSA_3072', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'], 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_384', 'sha384'],
    ['RSA_4096', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'], 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072', 'RSASSA_PSS_SHA_512', 'sha512'],
    ['ECC_NIST_P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'RSAES_OAEP_SHA_256', 'RSA_2048', 'ECDSA_SHA_256', 'sha256'],
    ['ECC_NIST_P384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048', 'ECDSA_SHA_384', 'sha384'],
    ['ECC_NIST_P521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'ECDSA_SHA_512', 'sha512'],
    ['ECC_NIST_P521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'RSAES_OAEP_SHA_256', 'RSA_3072', 'ECDSA_SHA_512', 'sha512'],
    ['ECC_SECG_P256K1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'], 'RSAES_OAEP_SHA_1', 'RSA_2048', 'ECDSA_SHA_256', 'sha256'],
  ];
  for (const [KeySpec, genpkey, algorithm, wrappingKeySpec, SigningAlgorithm, digest] of cases) {
    test(`${KeySpec} wrapped with ${algorithm} under ${wrappingKeySpec}, signing with ${SigningAlgorithm}`, async () => {
      const { pkcs8Path, publicKeyPath } = opensslKeyPair(genpkey);
      const key = await externalKey(t.kms, { KeySpec, KeyUsage: 'SIGN_VERIFY' });
      await opensslImport(key.KeyId!, pkcs8Path, algorithm, wrappingKeySpec);
      const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
      assert.deepEqual(Buffer.from(PublicKey!), read(publicKeyPath));
      const message = Buffer.from(`signed with imported ${KeySpec}`);
      const { Signature } = await t.kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm }));
      const args = ['dgst', `-${digest}`, '-keyform', 'DER', '-verify', publicKeyPath, '-signature', write(path('signature.bin'), Signature!)];
      if (SigningAlgorithm.startsWith('RSASSA_PSS')) args.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest');
      assert.match(opensslOk([...args, write(path('message.bin'), message)]).toString(), /Verified OK/);
    });
  }

  test('RSA_2048 for ENCRYPT_DECRYPT: openssl encrypts with its own public key, KMS decrypts with the imported key', async () => {
    const { pkcs8Path, publicKeyPath } = opensslKeyPair(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    const key = await externalKey(t.kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    await opensslImport(key.KeyId!, pkcs8Path, 'RSA_AES_KEY_WRAP_SHA_256');
    const ciphertext = opensslOk(
      ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicKeyPath, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'],
      Buffer.from('for the imported key'),
    );
    const { Plaintext } = await t.kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    assert.equal(Buffer.from(Plaintext!).toString(), 'for the imported key');
  });

  test('an EC key whose PKCS#8 embeds a compressed public point: GetPublicKey gives the uncompressed SPKI', async () => {
    const { pkcs8Path: uncompressedPath, publicKeyPath } = opensslKeyPair(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const compressedPem = opensslOk(['ec', '-inform', 'DER', '-in', uncompressedPath, '-conv_form', 'compressed']);
    const pkcs8Path = path('compressed.p8.der');
    write(pkcs8Path, opensslOk(['pkcs8', '-topk8', '-nocrypt', '-outform', 'DER'], compressedPem));
    assert.ok(read(pkcs8Path).length < read(uncompressedPath).length, 'the point is stored compressed');
    const key = await externalKey(t.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await opensslImport(key.KeyId!, pkcs8Path, 'RSA_AES_KEY_WRAP_SHA_256');
    const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const uncompressed = opensslOk(['ec', '-pubin', '-inform', 'DER', '-in', publicKeyPath, '-conv_form', 'uncompressed', '-outform', 'DER']);
    assert.deepEqual(Buffer.from(PublicKey!), uncompressed);
  });

  test('BER (non-minimal length) PKCS#8 is accepted', async () => {
    const { pkcs8Path, publicKeyPath } = opensslKeyPair(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    const der = read(pkcs8Path);
    const headerLength = der[1]! < 0x80 ? 2 : 2 + (der[1]! & 0x7f);
    const content = der.subarray(headerLength);
    const ber = Buffer.concat([Buffer.from([0x30, 0x84]), Buffer.alloc(4), content]);
    ber.writeUInt32BE(content.length, 2);
    const berPath = path('ber.p8');
    write(berPath, ber);
    const key = await externalKey(t.kms, { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' });
    await opensslImport(key.KeyId!, berPath, 'RSA_AES_KEY_WRAP_SHA_256');
    const { PublicKey } = await t.kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(Buffer.from(PublicKey!), read(publicKeyPath));
  });
});

describe('openssl keys that do not meet the requirements: IncorrectKeyMaterialException', () => {
  const cases: [string, KeySpec, string[]][] = [
    ['a 3-prime RSA key', 'RSA_2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_keygen_primes:3']],
    ['an RSA key of another modulus size', 'RSA_3072', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']],
    ['an EC key with explicit curve parameters', 'ECC_NIST_P256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:explicit']],
    ['an EC key on another curve', 'ECC_SECG_P256K1', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
  ];
  for (const [situation, KeySpec, genpkey] of cases) {
    test(`${situation} for ${KeySpec}`, async () => {
      const { pkcs8Path } = opensslKeyPair(genpkey);
      const key = await externalKey(t.kms, { KeySpec, KeyUsage: 'SIGN_VERIFY' });
      const error = await awsError(opensslImport(key.KeyId!, pkcs8Path, 'RSA_AES_KEY_WRAP_SHA_256'));
      assert.equal(error.name, 'IncorrectKeyMaterialException');
    });
  }

  test('a different private key than the one imported before, after deletion', async () => {
    const key = await externalKey(t.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await opensslImport(key.KeyId!, opensslKeyPair(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).pkcs8Path, 'RSA_AES_KEY_WRAP_SHA_256');
    await t.kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    const other = opensslKeyPair(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']).pkcs8Path;
    const error = await awsError(opensslImport(key.KeyId!, other, 'RSA_AES_KEY_WRAP_SHA_256'));
    assert.equal(error.name, 'IncorrectKeyMaterialException');
  });
});
