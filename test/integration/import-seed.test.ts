// Seeded keys for development and CI (`openkms serve --seed FILE`): fixed key ids with known material, applied at every
// start without silent changes, sealed at rest, and usable through the AWS SDK exactly like imported keys.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createECDH, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetKeyPolicyCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { keyMaterialIdOf } from '../../src/keystore/key-material-id.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const dir = mkdtempSync(join(tmpdir(), 'openkms-seed-'));
const SYMMETRIC = '0b6e5c1a-3f2d-4c8e-9a7b-1d2e3f4a5b6c';
const IMPORTED = '1c7f6d2b-4a3e-4d9f-8b8c-2e3f4a5b6c7d';
const K1 = '2d8a7e3c-5b4f-4eaf-9c9d-3f4a5b6c7d8e';
const RSA = '3e9b8f4d-6c5a-4fb0-8dae-4a5b6c7d8e9f';
const HMAC = '4fac9a5e-7d6b-4ac1-9ebf-5b6c7d8e9fa0';
const MRK = 'mrk-5ab0ab6f8e7c4bd2afc06c7d8e9fa0b1';
const PENDING = '6bc1bc7a-9f8d-4ce3-8ad1-7d8e9fa0b1c2';

const symmetricMaterial = randomBytes(32);
const importedMaterial = randomBytes(32);
const k1Scalar = randomBytes(32);
const hmacMaterial = randomBytes(48);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

function seedYaml(overrides: { description?: string; importedMaterial?: Buffer } = {}): string {
  return `# keys for the CI environment
region: us-east-1
keys:
  - keyId: ${SYMMETRIC}
    description: ${overrides.description ?? 'orders database'}
    keyMaterial: ${symmetricMaterial.toString('hex')}
    aliases: [alias/orders, alias/orders-v1]
    tags: {team: payments, env: ci}
  - keyId: ${IMPORTED}
    origin: EXTERNAL
    keyMaterial: "base64:${(overrides.importedMaterial ?? importedMaterial).toString('base64')}"
  - keyId: ${K1}
    keySpec: ECC_SECG_P256K1
    keyUsage: SIGN_VERIFY
    origin: EXTERNAL
    keyMaterial: ${k1Scalar.toString('hex')}
  - keyId: ${RSA}
    keySpec: RSA_2048
    keyUsage: SIGN_VERIFY
    keyMaterial: |
${(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).replace(/^/gm, '      ')}
  - keyId: ${HMAC}
    keySpec: HMAC_384
    keyUsage: GENERATE_VERIFY_MAC
    origin: EXTERNAL
    keyMaterial: ${hmacMaterial.toString('hex')}
    policy:
      Version: "2012-10-17"
      Id: seeded
      Statement:
        - Sid: Enable IAM policies
          Effect: Allow
          Principal: {AWS: "arn:aws:iam::111122223333:root"}
          Action: "kms:*"
          Resource: "*"
  - keyId: ${MRK}
    description: multi-Region
  - keyId: ${PENDING}
    origin: EXTERNAL
`;
}

const seedPath = join(dir, 'seed.yaml');
let t: TestServer;
let kms: KMSClient;
before(async () => {
  writeFileSync(seedPath, seedYaml());
  t = await startTestServer({ seedFile: seedPath });
  kms = t.kms;
});
after(async () => {
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function metadata(keyId: string) {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

async function restart(seed: string): Promise<void> {
  writeFileSync(seedPath, seed);
  await t.stop();
  t = await startTestServer({ seedFile: seedPath, dataDir: t.dataDir });
  kms = t.kms;
}

describe('a seeded server', () => {
  test('reports what the seed created', () => {
    assert.equal(t.server.seeded?.created.length, 7);
    assert.deepEqual(t.server.seeded?.updated, []);
  });

  test('keys have their fixed ids, description, aliases, tags and deterministic key material id', async () => {
    const m = await metadata('alias/orders');
    assert.deepEqual([m.KeyId, m.Description, m.Origin, m.KeyState], [SYMMETRIC, 'orders database', 'AWS_KMS', 'Enabled']);
    assert.equal(m.CurrentKeyMaterialId, keyMaterialIdOf(SYMMETRIC, symmetricMaterial));
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: SYMMETRIC }))).Aliases!.map((alias) => alias.AliasName).sort();
    assert.deepEqual(aliases, ['alias/orders', 'alias/orders-v1']);
    const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: SYMMETRIC }))).Tags!;
    assert.deepEqual(tags, [{ TagKey: 'team', TagValue: 'payments' }, { TagKey: 'env', TagValue: 'ci' }]);
    const mrk = await metadata(MRK);
    assert.deepEqual([mrk.MultiRegion, mrk.MultiRegionConfiguration?.MultiRegionKeyType], [true, 'PRIMARY']);
  });

  test('EXTERNAL keys with material are Enabled and never expire; without material they are PendingImport', async () => {
    const imported = await metadata(IMPORTED);
    assert.deepEqual([imported.Origin, imported.KeyState, imported.ExpirationModel], ['EXTERNAL', 'Enabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE']);
    assert.equal(imported.CurrentKeyMaterialId, keyMaterialIdOf(IMPORTED, importedMaterial));
    assert.equal((await metadata(PENDING)).KeyState, 'PendingImport');
  });

  test('the material is the seed\'s: secp256k1 and RSA public keys, HMAC, and the key policy as given', async () => {
    const ecdh = createECDH('secp256k1');
    ecdh.setPrivateKey(k1Scalar);
    const k1 = (await kms.send(new GetPublicKeyCommand({ KeyId: K1 }))).PublicKey!;
    assert.deepEqual(Buffer.from(k1).subarray(-65), ecdh.getPublicKey());
    const rsaPublic = (await kms.send(new GetPublicKeyCommand({ KeyId: RSA }))).PublicKey!;
    assert.deepEqual(Buffer.from(rsaPublic), rsa.publicKey.export({ type: 'spki', format: 'der' }));
    const message = Buffer.from('seeded');
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: HMAC, MacAlgorithm: 'HMAC_SHA_384', Message: message }));
    assert.deepEqual(Buffer.from(Mac!), createHmac('sha384', hmacMaterial).update(message).digest());
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: HMAC, PolicyName: 'default' }));
    assert.equal(JSON.parse(Policy!).Id, 'seeded');
  });

  test('the material is sealed at rest: its bytes appear in no file of the data directory', async () => {
    await t.stop();
    for (const name of readdirSync(t.dataDir)) {
      const bytes = readFileSync(join(t.dataDir, name));
      for (const material of [symmetricMaterial, importedMaterial, k1Scalar, hmacMaterial]) {
        assert.equal(bytes.includes(material), false, `${name} holds seeded key material in the clear`);
      }
    }
    t = await startTestServer({ seedFile: seedPath, dataDir: t.dataDir });
    kms = t.kms;
  });

  test('a second server seeded with the same file in another data directory decrypts the first one\'s ciphertexts', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: Buffer.from('shared fixture') }));
    const other = await startTestServer({ seedFile: seedPath });
    try {
      const { Plaintext } = await other.kms.send(new DecryptCommand({ CiphertextBlob }));
      assert.equal(Buffer.from(Plaintext!).toString(), 'shared fixture');
    } finally {
      await other.cleanup();
    }
  });
});

describe('applied at every start', () => {
  test('restarting with the same seed changes nothing', async () => {
    const before = await metadata(SYMMETRIC);
    await restart(seedYaml());
    assert.equal(t.server.seeded?.unchanged.length, 7);
    assert.deepEqual(await metadata(SYMMETRIC), before);
  });

  test('a changed description is applied; the key and its material stay', async () => {
    await restart(seedYaml({ description: 'orders database (renamed)' }));
    assert.deepEqual(t.server.seeded?.updated, [`arn:aws:kms:us-east-1:111122223333:key/${SYMMETRIC}`]);
    const m = await metadata(SYMMETRIC);
    assert.deepEqual([m.Description, m.CurrentKeyMaterialId], ['orders database (renamed)', keyMaterialIdOf(SYMMETRIC, symmetricMaterial)]);
  });

  test('deleted imported material is restored from the seed at the next start', async () => {
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: IMPORTED }));
    assert.equal((await metadata(IMPORTED)).KeyState, 'PendingImport');
    await restart(seedYaml({ description: 'orders database (renamed)' }));
    assert.equal((await metadata(IMPORTED)).KeyState, 'Enabled');
  });

  test('different material for an existing key stops the start, and nothing changes', async () => {
    const dataDir = t.dataDir;
    await t.stop();
    writeFileSync(seedPath, seedYaml({ importedMaterial: randomBytes(32) }));
    await assert.rejects(startTestServer({ seedFile: seedPath, dataDir }), (error: Error) => {
      assert.match(error.message, new RegExp(`key arn:aws:kms:us-east-1:111122223333:key/${IMPORTED} exists with different key material`));
      return true;
    });
    await restart(seedYaml({ description: 'orders database (renamed)' }));
    assert.equal((await metadata(IMPORTED)).CurrentKeyMaterialId, keyMaterialIdOf(IMPORTED, importedMaterial));
  });

  test('a seed that changes a key spec, or gives an alias of another key, stops the start', async () => {
    const dataDir = t.dataDir;
    await t.stop();
    const respec = seedYaml().replace(`  - keyId: ${PENDING}\n    origin: EXTERNAL\n`, `  - keyId: ${PENDING}\n    origin: EXTERNAL\n    keySpec: HMAC_256\n    keyUsage: GENERATE_VERIFY_MAC\n`);
    writeFileSync(seedPath, respec);
    await assert.rejects(startTestServer({ seedFile: seedPath, dataDir }), /exists with KeySpec SYMMETRIC_DEFAULT, but the seed declares HMAC_256/);
    writeFileSync(seedPath, `${seedYaml()}    aliases: [alias/orders]\n`);
    await assert.rejects(startTestServer({ seedFile: seedPath, dataDir }), /alias alias\/orders points to key/);
    await restart(seedYaml());
    assert.equal((await metadata('alias/orders')).KeyId, SYMMETRIC);
  });
});

test('`openkms serve --dev --seed FILE` applies the seed and says so', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--dev', '--port', '0', '--seed', seedPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('seed:')) resolve(text);
      });
      child.once('exit', (code) => reject(new Error(`openkms exited with ${code}: ${text}`)));
    });
    assert.match(output, /seed: 7 keys created, 0 updated, 0 as declared/);
    const url = /listening on (http:\/\/\S+)/.exec(output)![1]!;
    const client = new KMSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' } });
    try {
      assert.equal((await client.send(new DescribeKeyCommand({ KeyId: 'alias/orders-v1' }))).KeyMetadata!.KeyId, SYMMETRIC);
    } finally {
      client.destroy();
    }
  } finally {
    child.kill('SIGTERM');
  }
});
