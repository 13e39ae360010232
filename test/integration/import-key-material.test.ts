// ImportKeyMaterial and DeleteImportedKeyMaterial through the real AWS SDK: the key becomes usable with exactly the
// material imported, re-import restores it, and every bad token, wrapping, material and parameter has its exception
// (docs/kms-behaviour.md 4.4-4.6).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ScheduleKeyDeletionCommand,
  CancelKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { keyMaterialIdOf } from '../../src/keystore/key-material-id.js';
import { awsError, ManualClock, serveForSuite, type TestServer } from '../support/test-server.js';
import { externalKey, importMaterial, wrapKeyMaterial } from './import-support.js';

let t: TestServer;
let kms: KMSClient;
const clock = new ManualClock(new Date('2031-03-01T00:00:00.000Z'));
serveForSuite({ clock }, (server, admin) => {
  t = server;
  kms = admin;
});

const DAY_MS = 86_400_000;

async function describe_(keyId: string) {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

async function parameters(keyId: string, WrappingAlgorithm: 'RSAES_OAEP_SHA_256' | 'RSAES_OAEP_SHA_1' = 'RSAES_OAEP_SHA_256') {
  return kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm, WrappingKeySpec: 'RSA_2048' }));
}

describe('ImportKeyMaterial', () => {
  test('symmetric: the key becomes Enabled, DOES_NOT_EXPIRE, with the deterministic KeyMaterialId, and encrypts', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    const response = await importMaterial(kms, key.KeyId!, material, { algorithm: 'RSAES_OAEP_SHA_1' });
    assert.equal(response.KeyId, key.Arn);
    assert.equal(response.KeyMaterialId, keyMaterialIdOf(key.KeyId!, material));
    const m = await describe_(key.KeyId!);
    assert.deepEqual(
      [m.KeyState, m.Enabled, m.ExpirationModel, m.ValidTo, m.CurrentKeyMaterialId, m.Origin],
      ['Enabled', true, 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined, response.KeyMaterialId, 'EXTERNAL'],
    );
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello') }));
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
    assert.equal(Buffer.from(Plaintext!).toString(), 'hello');
  });

  test('HMAC: any length from the spec size to 1024 bits works, and the MAC is HMAC under exactly that material', async () => {
    for (const length of [48, 100, 128]) {
      const key = await externalKey(kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const material = randomBytes(length);
      const response = await importMaterial(kms, key.KeyId!, material);
      assert.equal(response.KeyMaterialId, undefined, 'KeyMaterialId is returned for symmetric encryption keys only');
      const message = Buffer.from('message to authenticate');
      const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, MacAlgorithm: 'HMAC_SHA_384', Message: message }));
      assert.deepEqual(Buffer.from(Mac!), createHmac('sha384', material).update(message).digest());
    }
  });

  test('ECC: the public key is derived from the imported private key', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = await externalKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await importMaterial(kms, key.KeyId!, pair.privateKey.export({ type: 'pkcs8', format: 'der' }), { algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    assert.deepEqual(Buffer.from(PublicKey!), pair.publicKey.export({ type: 'spki', format: 'der' }));
  });

  test('KEY_MATERIAL_EXPIRES (the default model) with ValidTo: DescribeKey shows ExpirationModel and ValidTo', async () => {
    const key = await externalKey(kms);
    const validTo = new Date(clock.now().getTime() + 30 * DAY_MS);
    await importMaterial(kms, key.KeyId!, randomBytes(32), { request: { ExpirationModel: undefined, ValidTo: validTo } });
    const m = await describe_(key.KeyId!);
    assert.deepEqual([m.KeyState, m.ExpirationModel, m.ValidTo?.getTime()], ['Enabled', 'KEY_MATERIAL_EXPIRES', validTo.getTime()]);
  });

  const expirationErrors: [string, () => Record<string, unknown>, string][] = [
    ['KEY_MATERIAL_EXPIRES without ValidTo', () => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES' }), 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
    ['no ExpirationModel and no ValidTo (the default is KEY_MATERIAL_EXPIRES)', () => ({ ExpirationModel: undefined }), 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES'],
    ['ValidTo with KEY_MATERIAL_DOES_NOT_EXPIRE', () => ({ ValidTo: new Date(clock.now().getTime() + DAY_MS) }), 'A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE'],
    ['ValidTo in the past', () => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(clock.now().getTime() - 1000) }), 'ValidTo must be in the future'],
    ['ValidTo more than 365 days ahead', () => ({ ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(clock.now().getTime() + 366 * DAY_MS) }), 'ValidTo must be no more than 365 days after the request'],
  ];
  for (const [situation, request, message] of expirationErrors) {
    test(`${situation}: ValidationException, and the key stays PendingImport`, async () => {
      const key = await externalKey(kms);
      const error = await awsError(importMaterial(kms, key.KeyId!, randomBytes(32), { request: request() }));
      assert.deepEqual([error.name, error.message], ['ValidationException', message]);
      assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
    });
  }

  test('ValidTo exactly 365 days ahead is accepted', async () => {
    const key = await externalKey(kms);
    const validTo = new Date(clock.now().getTime() + 365 * DAY_MS);
    await importMaterial(kms, key.KeyId!, randomBytes(32), { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } });
    assert.equal((await describe_(key.KeyId!)).ValidTo?.getTime(), validTo.getTime());
  });
});

describe('ImportKeyMaterial: tokens, wrapping and material', () => {
  async function importWith(keyId: string, token: Uint8Array, encrypted: Uint8Array) {
    return kms.send(new ImportKeyMaterialCommand({
      KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: encrypted, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }));
  }

  test('a token past its ParametersValidTo: ExpiredImportTokenException; the key stays PendingImport', async () => {
    const key = await externalKey(kms);
    const p = await parameters(key.KeyId!);
    clock.advanceDays(1.01);
    kms.destroy();
    kms = t.adminClient();
    const error = await awsError(importWith(key.KeyId!, p.ImportToken!, wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32))));
    assert.equal(error.name, 'ExpiredImportTokenException');
    assert.match(error.message, /expired/);
    assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
  });

  test('a token for another key: InvalidImportTokenException', async () => {
    const key = await externalKey(kms);
    const other = await externalKey(kms);
    const p = await parameters(other.KeyId!);
    const error = await awsError(importWith(key.KeyId!, p.ImportToken!, wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32))));
    assert.equal(error.name, 'InvalidImportTokenException');
    assert.match(error.message, /associated with a different KMS key/);
  });

  test('garbage, a truncated token and a token with one bit flipped: InvalidImportTokenException', async () => {
    const key = await externalKey(kms);
    const p = await parameters(key.KeyId!);
    const encrypted = wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32));
    const flipped = Buffer.from(p.ImportToken!);
    flipped[flipped.length - 5]! ^= 1;
    for (const token of [randomBytes(300), Buffer.from(p.ImportToken!).subarray(0, 100), flipped]) {
      assert.equal((await awsError(importWith(key.KeyId!, token, encrypted))).name, 'InvalidImportTokenException');
    }
    // The real token still works: nothing was spent by the failures.
    await importWith(key.KeyId!, p.ImportToken!, encrypted);
  });

  test('a token already used for a successful import is spent: InvalidImportTokenException', async () => {
    const key = await externalKey(kms);
    const p = await parameters(key.KeyId!);
    const unused = await parameters(key.KeyId!);
    const material = randomBytes(32);
    await importWith(key.KeyId!, p.ImportToken!, wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', material));
    for (const spent of [p, unused]) {
      const error = await awsError(importWith(key.KeyId!, spent.ImportToken!, wrapKeyMaterial(spent.PublicKey!, 'RSAES_OAEP_SHA_256', material)));
      assert.equal(error.name, 'InvalidImportTokenException');
    }
  });

  test('material that does not unwrap: InvalidCiphertextException with no message', async () => {
    const key = await externalKey(kms);
    const p = await parameters(key.KeyId!);
    const otherPublicKey = (await parameters(key.KeyId!)).PublicKey!;
    const cases = [
      wrapKeyMaterial(otherPublicKey, 'RSAES_OAEP_SHA_256', randomBytes(32)), // another wrapping key
      wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_1', randomBytes(32)), // another algorithm than the token's
      randomBytes(256), // garbage of the right length
      randomBytes(17), // the wrong length
    ];
    for (const encrypted of cases) {
      const error = await awsError(importWith(key.KeyId!, p.ImportToken!, encrypted));
      assert.deepEqual([error.name, error.message], ['InvalidCiphertextException', 'UnknownError']);
    }
  });

  const wrongMaterial: [string, Record<string, string>, () => Buffer][] = [
    ['16 bytes for SYMMETRIC_DEFAULT', {}, () => randomBytes(16)],
    ['33 bytes for SYMMETRIC_DEFAULT', {}, () => randomBytes(33)],
    ['27 bytes for HMAC_224', { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }, () => randomBytes(27)],
    ['129 bytes for HMAC_224', { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }, () => randomBytes(129)],
    ['raw bytes for ECC_NIST_P256', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, () => randomBytes(64)],
    ['a P-384 key for ECC_NIST_P256', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, () =>
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'der' })],
    ['an EC key for RSA_2048', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }, () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' })],
  ];
  for (const [situation, spec, material] of wrongMaterial) {
    test(`${situation}: IncorrectKeyMaterialException, and the key stays PendingImport`, async () => {
      const key = await externalKey(kms, spec);
      const family = spec.KeySpec?.startsWith('RSA') || spec.KeySpec?.startsWith('ECC') ? 'RSA_AES_KEY_WRAP_SHA_256' : 'RSAES_OAEP_SHA_256';
      const error = await awsError(importMaterial(kms, key.KeyId!, material(), { algorithm: family, wrappingKeySpec: 'RSA_3072' }));
      assert.equal(error.name, 'IncorrectKeyMaterialException');
      assert.match(error.message, /does not meet the requirements of key spec/);
      assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
    });
  }

  test('ImportType, KeyMaterialId and KeyMaterialDescription are refused for HMAC and asymmetric keys (ValidationException)', async () => {
    const key = await externalKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    for (const extra of [{ ImportType: 'NEW_KEY_MATERIAL' }, { KeyMaterialDescription: 'v1' }, { KeyMaterialId: 'a'.repeat(64), ImportType: 'EXISTING_KEY_MATERIAL' }] as const) {
      const error = await awsError(importMaterial(kms, key.KeyId!, randomBytes(32), { request: extra }));
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /valid only for symmetric encryption KMS keys/);
    }
  });

  test('a key of origin AWS_KMS: UnsupportedOperationException naming its origin', async () => {
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const other = await externalKey(kms);
    const p = await parameters(other.KeyId!);
    const error = await awsError(importWith(key!.KeyId!, p.ImportToken!, wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32))));
    assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', `${key!.Arn} origin is AWS_KMS which is not valid for this operation.`]);
  });
});

describe('DeleteImportedKeyMaterial and re-import', () => {
  test('deletion makes the key PendingImport at once; re-importing the same bytes restores it and old ciphertexts decrypt', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    const first = await importMaterial(kms, key.KeyId!, material);
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('kept safe') }));
    const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.deepEqual([deleted.KeyId, deleted.KeyMaterialId], [key.Arn, first.KeyMaterialId]);
    const m = await describe_(key.KeyId!);
    assert.deepEqual(
      [m.KeyState, m.Enabled, m.ExpirationModel, m.ValidTo, m.CurrentKeyMaterialId],
      ['PendingImport', false, undefined, undefined, first.KeyMaterialId],
    );
    const error = await awsError(kms.send(new DecryptCommand({ CiphertextBlob })));
    assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${key.Arn} is pending import.`]);
    const again = await importMaterial(kms, key.KeyId!, material, { algorithm: 'RSAES_OAEP_SHA_1' });
    assert.equal(again.KeyMaterialId, first.KeyMaterialId);
    assert.equal((await describe_(key.KeyId!)).KeyState, 'Enabled');
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
    assert.equal(Buffer.from(Plaintext!).toString(), 'kept safe');
  });

  test('re-importing different material: IncorrectKeyMaterialException (symmetric and HMAC); the key stays PendingImport', async () => {
    for (const spec of [{}, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }] as const) {
      const key = await externalKey(kms, spec);
      await importMaterial(kms, key.KeyId!, randomBytes(32));
      await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
      const error = await awsError(importMaterial(kms, key.KeyId!, randomBytes(32)));
      assert.equal(error.name, 'IncorrectKeyMaterialException');
      assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
    }
  });

  test('re-import without deleting changes the expiration; a Disabled key stays Disabled', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    await importMaterial(kms, key.KeyId!, material);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const validTo = new Date(clock.now().getTime() + 10 * DAY_MS);
    await importMaterial(kms, key.KeyId!, material, { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } });
    const m = await describe_(key.KeyId!);
    assert.deepEqual([m.KeyState, m.ExpirationModel, m.ValidTo?.getTime()], ['Disabled', 'KEY_MATERIAL_EXPIRES', validTo.getTime()]);
  });

  test('a key pending import (nothing imported yet): the call succeeds with no effect', async () => {
    const key = await externalKey(kms);
    const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    assert.deepEqual([deleted.KeyId, deleted.KeyMaterialId], [key.Arn, undefined]);
    assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
  });

  test('a key pending deletion keeps its state; cancelling the deletion then leaves it PendingImport', async () => {
    const key = await externalKey(kms);
    await importMaterial(kms, key.KeyId!, randomBytes(32));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    const m = await describe_(key.KeyId!);
    assert.deepEqual([m.KeyState, m.ExpirationModel], ['PendingDeletion', undefined]);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.equal((await describe_(key.KeyId!)).KeyState, 'PendingImport');
  });

  test('a key of origin AWS_KMS: UnsupportedOperationException "<arn> origin is AWS_KMS which is not valid for this operation."', async () => {
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const error = await awsError(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key!.KeyId })));
    assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', `${key!.Arn} origin is AWS_KMS which is not valid for this operation.`]);
    assert.equal((await describe_(key!.KeyId!)).KeyState, 'Enabled');
  });

  test('a KeyMaterialId the key does not have: NotFoundException', async () => {
    const key = await externalKey(kms);
    await importMaterial(kms, key.KeyId!, randomBytes(32));
    const error = await awsError(kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: 'b'.repeat(64) })));
    assert.equal(error.name, 'NotFoundException');
    assert.equal((await describe_(key.KeyId!)).KeyState, 'Enabled');
  });
});
