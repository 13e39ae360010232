// The procedure of AWS's "Importing key material into multi-Region keys", command for command with the `aws` CLI and
// openssl: a multi-Region primary with no key material (create-key --origin EXTERNAL --multi-region), its material
// imported, replicate-key into a second Region (the replica waits in PendingImport), the same material imported into
// the replica with that Region's own wrapping key and token, then a ciphertext made in one Region decrypted in the
// other; other material is refused by the replica. The server runs its jobs on a short interval with the real clock.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveForSuite, type TestServer } from '../support/test-server.js';
import { runCommand } from '../support/command-line.js';

const PRIMARY_REGION = 'us-east-1';
const REPLICA_REGION = 'us-west-2';

let t: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'openkms-mrk-cli-'));
serveForSuite({ jobIntervalMs: 100 }, (server) => (t = server), () => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, name);

/** `aws kms <args> --endpoint-url <server> --region <region>`; fails the test when the command fails. */
async function kms(region: string, ...args: string[]): Promise<string> {
  const result = await runCommand('aws', ['kms', '--endpoint-url', t.server.url, '--region', region, ...args]);
  assert.equal(result.status, 0, `aws kms ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function openssl(...args: string[]): Promise<void> {
  const result = await runCommand('openssl', args);
  assert.equal(result.status, 0, `openssl ${args.join(' ')} failed: ${result.stderr}`);
}

/** get-parameters-for-import in `region`, wrap `material` with RSAES_OAEP_SHA_256, and the import-key-material command line. */
async function importInto(region: string, keyId: string, material: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const parameters = JSON.parse(
    await kms(region, 'get-parameters-for-import', '--key-id', keyId, '--wrapping-algorithm', 'RSAES_OAEP_SHA_256',
      '--wrapping-key-spec', 'RSA_4096', '--output', 'json'),
  ) as { PublicKey: string; ImportToken: string };
  writeFileSync(file(`WrappingPublicKey-${region}.bin`), Buffer.from(parameters.PublicKey, 'base64'));
  writeFileSync(file(`ImportToken-${region}.bin`), Buffer.from(parameters.ImportToken, 'base64'));
  await openssl(
    'pkeyutl', '-encrypt', '-in', material, '-out', file(`EncryptedKeyMaterial-${region}.bin`),
    '-inkey', file(`WrappingPublicKey-${region}.bin`), '-keyform', 'DER', '-pubin',
    '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
  );
  return runCommand('aws', [
    'kms', '--endpoint-url', t.server.url, '--region', region, 'import-key-material', '--key-id', keyId,
    '--encrypted-key-material', `fileb://${file(`EncryptedKeyMaterial-${region}.bin`)}`,
    '--import-token', `fileb://${file(`ImportToken-${region}.bin`)}`,
    '--expiration-model', 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  ]);
}

async function keyState(region: string, keyId: string): Promise<string> {
  return kms(region, 'describe-key', '--key-id', keyId, '--query', 'KeyMetadata.KeyState', '--output', 'text');
}

test('multi-Region key with imported material: primary, replica in PendingImport, the same material in both', async () => {
  // Step 1: a multi-Region primary key with no key material.
  const keyId = await kms(PRIMARY_REGION, 'create-key', '--origin', 'EXTERNAL', '--multi-region', '--description', 'imported multi-Region',
    '--query', 'KeyMetadata.KeyId', '--output', 'text');
  assert.match(keyId, /^mrk-[0-9a-f]{32}$/);
  assert.equal(await keyState(PRIMARY_REGION, keyId), 'PendingImport');

  // Steps 2-4 in the primary's Region.
  await openssl('rand', '-out', file('PlaintextKeyMaterial.bin'), '32');
  const imported = await importInto(PRIMARY_REGION, keyId, file('PlaintextKeyMaterial.bin'));
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(await keyState(PRIMARY_REGION, keyId), 'Enabled');

  // Replicate: the replica has no key material; it is Creating, then PendingImport.
  const replica = JSON.parse(
    await kms(PRIMARY_REGION, 'replicate-key', '--key-id', keyId, '--replica-region', REPLICA_REGION, '--description', 'replica', '--output', 'json'),
  ) as { ReplicaKeyMetadata: { KeyState: string; Arn: string; Origin: string; MultiRegionConfiguration: { MultiRegionKeyType: string } } };
  assert.equal(replica.ReplicaKeyMetadata.KeyState, 'Creating');
  assert.equal(replica.ReplicaKeyMetadata.Origin, 'EXTERNAL');
  assert.equal(replica.ReplicaKeyMetadata.MultiRegionConfiguration.MultiRegionKeyType, 'REPLICA');
  assert.equal(replica.ReplicaKeyMetadata.Arn, `arn:aws:kms:${REPLICA_REGION}:111122223333:key/${keyId}`);
  for (let attempt = 0; (await keyState(REPLICA_REGION, keyId)) === 'Creating'; attempt++) {
    assert.ok(attempt < 100, 'the replica is still Creating after 10 s');
    await sleep(100);
  }
  assert.equal(await keyState(REPLICA_REGION, keyId), 'PendingImport');

  // Other material is refused by the replica; the same material, wrapped for the replica's Region, enables it.
  await openssl('rand', '-out', file('OtherKeyMaterial.bin'), '32');
  const other = await importInto(REPLICA_REGION, keyId, file('OtherKeyMaterial.bin'));
  assert.notEqual(other.status, 0);
  assert.match(other.stderr, /IncorrectKeyMaterialException/);
  const same = await importInto(REPLICA_REGION, keyId, file('PlaintextKeyMaterial.bin'));
  assert.equal(same.status, 0, same.stderr);
  assert.equal(await keyState(REPLICA_REGION, keyId), 'Enabled');

  // Interoperable: encrypt in the primary's Region, decrypt in the replica's.
  writeFileSync(file('plain.txt'), 'across Regions');
  const ciphertext = await kms(PRIMARY_REGION, 'encrypt', '--key-id', keyId, '--plaintext', `fileb://${file('plain.txt')}`,
    '--query', 'CiphertextBlob', '--output', 'text');
  writeFileSync(file('cipher.bin'), Buffer.from(ciphertext, 'base64'));
  const plaintext = await kms(REPLICA_REGION, 'decrypt', '--ciphertext-blob', `fileb://${file('cipher.bin')}`, '--query', 'Plaintext', '--output', 'text');
  assert.equal(Buffer.from(plaintext, 'base64').toString(), 'across Regions');
});
