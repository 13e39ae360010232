// The import flow with the `aws` CLI and openssl, command for command as AWS's guide (and our README) shows it:
// get-parameters-for-import, openssl pkeyutl / enc -id-aes256-wrap-pad, import-key-material with fileb://.
// The commands run asynchronously: the server lives in this process, and a synchronous spawn would stall it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveForSuite, type TestServer } from '../support/test-server.js';
import { runCommand } from '../support/command-line.js';

let t: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'openkms-import-cli-'));
serveForSuite({}, (server) => (t = server), () => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, name);

/** `aws kms <args> --endpoint-url <server>`; fails the test when the command fails. */
async function kms(...args: string[]): Promise<string> {
  const result = await runCommand('aws', ['kms', '--endpoint-url', t.server.url, ...args]);
  assert.equal(result.status, 0, `aws kms ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The same, expecting the call to fail: returns stderr. */
async function kmsFails(...args: string[]): Promise<string> {
  const result = await runCommand('aws', ['kms', '--endpoint-url', t.server.url, ...args]);
  assert.notEqual(result.status, 0, `aws kms ${args.join(' ')} unexpectedly succeeded`);
  return result.stderr;
}

async function openssl(...args: string[]): Promise<void> {
  const result = await runCommand('openssl', args);
  assert.equal(result.status, 0, `openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** Step 2: download the wrapping public key and import token into PublicKey.bin and ImportToken.bin. */
async function getParametersForImport(keyId: string, algorithm: string, wrappingKeySpec = 'RSA_2048'): Promise<void> {
  const output = JSON.parse(
    await kms('get-parameters-for-import', '--key-id', keyId, '--wrapping-algorithm', algorithm, '--wrapping-key-spec', wrappingKeySpec, '--output', 'json'),
  ) as { PublicKey: string; ImportToken: string; KeyId: string; ParametersValidTo: unknown };
  assert.match(output.KeyId, /^arn:aws:kms:us-east-1:111122223333:key\//);
  writeFileSync(file('PublicKey.bin'), Buffer.from(output.PublicKey, 'base64'));
  writeFileSync(file('ImportToken.bin'), Buffer.from(output.ImportToken, 'base64'));
}

/** Step 3 with RSAES_OAEP_SHA_256: EncryptedKeyMaterial.bin from the material file. */
async function wrapWithOaepSha256(materialPath: string): Promise<void> {
  await openssl(
    'pkeyutl', '-encrypt', '-in', materialPath, '-out', file('EncryptedKeyMaterial.bin'), '-inkey', file('PublicKey.bin'),
    '-keyform', 'DER', '-pubin', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
  );
}

/** Step 3 with RSA_AES_KEY_WRAP_SHA_256: an ephemeral AES key wraps the material, OAEP wraps the AES key. */
async function wrapWithRsaAesKeyWrapSha256(materialPath: string): Promise<void> {
  await openssl('rand', '-out', file('aes-key.bin'), '32');
  const aesKeyHex = readFileSync(file('aes-key.bin')).toString('hex');
  await openssl('enc', '-id-aes256-wrap-pad', '-K', aesKeyHex, '-iv', 'A65959A6', '-in', materialPath, '-out', file('material-wrapped.bin'));
  await openssl(
    'pkeyutl', '-encrypt', '-in', file('aes-key.bin'), '-out', file('aes-key-wrapped.bin'), '-inkey', file('PublicKey.bin'),
    '-keyform', 'DER', '-pubin', '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
  );
  writeFileSync(file('EncryptedKeyMaterial.bin'), Buffer.concat([readFileSync(file('aes-key-wrapped.bin')), readFileSync(file('material-wrapped.bin'))]));
}

/** Step 4. */
async function importKeyMaterial(keyId: string, ...expiration: string[]): Promise<string> {
  return kms(
    'import-key-material', '--key-id', keyId,
    '--encrypted-key-material', `fileb://${file('EncryptedKeyMaterial.bin')}`, '--import-token', `fileb://${file('ImportToken.bin')}`,
    ...(expiration.length > 0 ? expiration : ['--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE']), '--output', 'json',
  );
}

test('symmetric: create-key --origin EXTERNAL, import, encrypt, delete-imported-key-material, re-import with --valid-to, decrypt', async () => {
  const keyId = await kms('create-key', '--origin', 'EXTERNAL', '--description', 'imported', '--query', 'KeyMetadata.KeyId', '--output', 'text');
  assert.equal(await kms('describe-key', '--key-id', keyId, '--query', 'KeyMetadata.KeyState', '--output', 'text'), 'PendingImport');
  await openssl('rand', '-out', file('PlaintextKeyMaterial.bin'), '32');
  await getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');
  await wrapWithOaepSha256(file('PlaintextKeyMaterial.bin'));
  const imported = JSON.parse(await importKeyMaterial(keyId)) as { KeyId: string; KeyMaterialId: string };
  assert.match(imported.KeyMaterialId, /^[0-9a-f]{64}$/);
  assert.equal(await kms('describe-key', '--key-id', keyId, '--query', 'KeyMetadata.[KeyState,ExpirationModel]', '--output', 'text'), 'Enabled\tKEY_MATERIAL_DOES_NOT_EXPIRE');

  writeFileSync(file('plain.txt'), 'encrypted before the material was deleted');
  const ciphertext = await kms('encrypt', '--key-id', keyId, '--plaintext', `fileb://${file('plain.txt')}`, '--query', 'CiphertextBlob', '--output', 'text');
  writeFileSync(file('cipher.bin'), Buffer.from(ciphertext, 'base64'));
  await kms('delete-imported-key-material', '--key-id', keyId);
  assert.equal(await kms('describe-key', '--key-id', keyId, '--query', 'KeyMetadata.KeyState', '--output', 'text'), 'PendingImport');
  assert.match(await kmsFails('decrypt', '--ciphertext-blob', `fileb://${file('cipher.bin')}`), /KMSInvalidStateException/);

  await getParametersForImport(keyId, 'RSAES_OAEP_SHA_256', 'RSA_3072');
  await wrapWithOaepSha256(file('PlaintextKeyMaterial.bin'));
  const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await importKeyMaterial(keyId, '--expiration-model', 'KEY_MATERIAL_EXPIRES', '--valid-to', validTo);
  const described = JSON.parse(await kms('describe-key', '--key-id', keyId, '--output', 'json')) as { KeyMetadata: Record<string, unknown> };
  assert.equal(described.KeyMetadata.ExpirationModel, 'KEY_MATERIAL_EXPIRES');
  assert.ok(described.KeyMetadata.ValidTo, 'DescribeKey shows ValidTo');
  const plaintext = await kms('decrypt', '--ciphertext-blob', `fileb://${file('cipher.bin')}`, '--query', 'Plaintext', '--output', 'text');
  assert.equal(Buffer.from(plaintext, 'base64').toString(), 'encrypted before the material was deleted');
});

test('the token of the last import is spent, and a key of origin AWS_KMS refuses imports', async () => {
  const keyId = await kms('create-key', '--origin', 'EXTERNAL', '--query', 'KeyMetadata.KeyId', '--output', 'text');
  await openssl('rand', '-out', file('material-2.bin'), '32');
  await getParametersForImport(keyId, 'RSAES_OAEP_SHA_256');
  await wrapWithOaepSha256(file('material-2.bin'));
  await importKeyMaterial(keyId);
  const reused = await kmsFails(
    'import-key-material', '--key-id', keyId, '--encrypted-key-material', `fileb://${file('EncryptedKeyMaterial.bin')}`,
    '--import-token', `fileb://${file('ImportToken.bin')}`, '--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  );
  assert.match(reused, /InvalidImportTokenException/);
  const awsKmsKey = await kms('create-key', '--query', 'KeyMetadata.KeyId', '--output', 'text');
  const refused = await kmsFails('get-parameters-for-import', '--key-id', awsKmsKey, '--wrapping-algorithm', 'RSAES_OAEP_SHA_256', '--wrapping-key-spec', 'RSA_2048');
  assert.match(refused, /UnsupportedOperationException.*origin is AWS_KMS which is not valid for this operation/);
});

test('HMAC_256: generate-mac equals openssl dgst -hmac over the same message', async () => {
  const keyId = await kms('create-key', '--origin', 'EXTERNAL', '--key-spec', 'HMAC_256', '--key-usage', 'GENERATE_VERIFY_MAC', '--query', 'KeyMetadata.KeyId', '--output', 'text');
  await openssl('rand', '-out', file('hmac-key.bin'), '32');
  await getParametersForImport(keyId, 'RSAES_OAEP_SHA_256', 'RSA_4096');
  await wrapWithOaepSha256(file('hmac-key.bin'));
  await importKeyMaterial(keyId);
  writeFileSync(file('message.txt'), 'the message');
  const mac = await kms('generate-mac', '--key-id', keyId, '--mac-algorithm', 'HMAC_SHA_256', '--message', `fileb://${file('message.txt')}`, '--query', 'Mac', '--output', 'text');
  const hexKey = readFileSync(file('hmac-key.bin')).toString('hex');
  const expected = await runCommand('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-binary', '-out', file('expected.mac'), file('message.txt')]);
  assert.equal(expected.status, 0, expected.stderr);
  assert.deepEqual(Buffer.from(mac, 'base64'), readFileSync(file('expected.mac')));
});

test('ECC_NIST_P384 private key from openssl genpkey, RSA_AES_KEY_WRAP_SHA_256: get-public-key equals openssl\'s, openssl verifies a signature', async () => {
  const keyId = await kms('create-key', '--origin', 'EXTERNAL', '--key-spec', 'ECC_NIST_P384', '--key-usage', 'SIGN_VERIFY', '--query', 'KeyMetadata.KeyId', '--output', 'text');
  await openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', file('ec.pem'));
  await openssl('pkcs8', '-topk8', '-nocrypt', '-outform', 'DER', '-in', file('ec.pem'), '-out', file('ec.p8.der'));
  await openssl('pkey', '-in', file('ec.pem'), '-pubout', '-outform', 'DER', '-out', file('ec.pub.der'));
  await getParametersForImport(keyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072');
  await wrapWithRsaAesKeyWrapSha256(file('ec.p8.der'));
  await importKeyMaterial(keyId);
  const publicKey = await kms('get-public-key', '--key-id', keyId, '--query', 'PublicKey', '--output', 'text');
  assert.deepEqual(Buffer.from(publicKey, 'base64'), readFileSync(file('ec.pub.der')));
  writeFileSync(file('to-sign.txt'), 'signed by the imported key');
  const signature = await kms('sign', '--key-id', keyId, '--signing-algorithm', 'ECDSA_SHA_384', '--message', `fileb://${file('to-sign.txt')}`, '--query', 'Signature', '--output', 'text');
  writeFileSync(file('signature.bin'), Buffer.from(signature, 'base64'));
  const verified = await runCommand('openssl', ['dgst', '-sha384', '-keyform', 'DER', '-verify', file('ec.pub.der'), '-signature', file('signature.bin'), file('to-sign.txt')]);
  assert.match(verified.stdout, /Verified OK/);
});
