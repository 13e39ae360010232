// Several key materials in one imported symmetric key through the real AWS SDK: ImportType NEW_KEY_MATERIAL and
// EXISTING_KEY_MATERIAL, KeyMaterialId, KeyMaterialDescription, and the ListKeyRotations entries (docs 4.5, 4.7).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  EncryptCommand,
  RotateKeyOnDemandCommand,
  DescribeKeyCommand,
  ListKeyRotationsCommand,
  type KMSClient,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { keyMaterialIdOf } from '../../src/keystore/key-material-id.js';
import { awsError, startTestServer, type TestServer } from '../support/test-server.js';
import { externalKey, importMaterial } from './import-support.js';

let t: TestServer;
let kms: KMSClient;
let key: KeyMetadata;
const first = randomBytes(32);
const second = randomBytes(32);
let firstId: string;
let secondId: string;

before(async () => {
  t = await startTestServer();
  kms = t.kms;
  key = await externalKey(kms);
  firstId = keyMaterialIdOf(key.KeyId!, first);
  secondId = keyMaterialIdOf(key.KeyId!, second);
});
after(async () => {
  await t.cleanup();
});

async function entries() {
  return (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!;
}

async function current() {
  return (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
}

test('the first import (ImportType defaults to NEW_KEY_MATERIAL) is CURRENT, with its description', async () => {
  const response = await importMaterial(kms, key.KeyId!, first, { request: { KeyMaterialDescription: 'first material' } });
  assert.equal(response.KeyMaterialId, firstId);
  assert.deepEqual(await entries(), [
    {
      KeyId: key.Arn,
      KeyMaterialId: firstId,
      KeyMaterialDescription: 'first material',
      ImportState: 'IMPORTED',
      KeyMaterialState: 'CURRENT',
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    },
  ]);
});

test('KeyMaterialId with ImportType NEW_KEY_MATERIAL: ValidationException', async () => {
  const error = await awsError(
    importMaterial(kms, key.KeyId!, second, { request: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: secondId } }),
  );
  assert.deepEqual([error.name, error.message], ['ValidationException', 'You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL.']);
});

test('after the first import ImportType defaults to EXISTING_KEY_MATERIAL: other material is IncorrectKeyMaterialException', async () => {
  const error = await awsError(importMaterial(kms, key.KeyId!, second));
  assert.equal(error.name, 'IncorrectKeyMaterialException');
  assert.match(error.message, /never imported into KMS key/);
});

test('NEW_KEY_MATERIAL with material already associated: IncorrectKeyMaterialException', async () => {
  const error = await awsError(importMaterial(kms, key.KeyId!, first, { request: { ImportType: 'NEW_KEY_MATERIAL' } }));
  assert.equal(error.name, 'IncorrectKeyMaterialException');
  assert.match(error.message, /already associated/);
});

test('NEW_KEY_MATERIAL with new material is staged PENDING_ROTATION; the current material and the key do not change', async () => {
  const response = await importMaterial(kms, key.KeyId!, second, {
    request: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(Date.now() + 86_400_000 * 30) },
  });
  assert.equal(response.KeyMaterialId, secondId);
  const m = await current();
  assert.deepEqual([m.KeyState, m.CurrentKeyMaterialId, m.ExpirationModel, m.ValidTo], ['Enabled', firstId, 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined]);
  const listed = await entries();
  assert.equal(listed.length, 2);
  assert.deepEqual(
    { ...listed[1], ValidTo: undefined },
    { KeyId: key.Arn, KeyMaterialId: secondId, KeyMaterialDescription: 'second', ImportState: 'IMPORTED', KeyMaterialState: 'PENDING_ROTATION', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: undefined },
  );
  assert.ok(listed[1]!.ValidTo instanceof Date);
  const rotationsOnly = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
  assert.deepEqual(rotationsOnly.Rotations, [], 'ROTATIONS_ONLY lists only materials that rotations made');
});

test('a second NEW_KEY_MATERIAL while one is pending rotation: KMSInvalidStateException with AWS\'s text', async () => {
  const third = randomBytes(32);
  const error = await awsError(importMaterial(kms, key.KeyId!, third, { request: { ImportType: 'NEW_KEY_MATERIAL' } }));
  assert.deepEqual(
    [error.name, error.message],
    [
      'KMSInvalidStateException',
      `New key material (id: ${keyMaterialIdOf(key.KeyId!, third)}) cannot be imported into KMS key ${key.Arn}, because another key material (id: ${secondId}) is pending rotation.`,
    ],
  );
});

test('EXISTING_KEY_MATERIAL with a KeyMaterialId that is not the material\'s: IncorrectKeyMaterialException', async () => {
  const error = await awsError(
    importMaterial(kms, key.KeyId!, first, { request: { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: secondId } }),
  );
  assert.equal(error.name, 'IncorrectKeyMaterialException');
  assert.match(error.message, /does not match KeyMaterialId/);
});

test('EXISTING_KEY_MATERIAL with the matching KeyMaterialId and no description keeps the previous description', async () => {
  const response = await importMaterial(kms, key.KeyId!, first, { request: { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: firstId } });
  assert.equal(response.KeyMaterialId, firstId);
  assert.equal((await entries())[0]!.KeyMaterialDescription, 'first material');
});

test('deleting the material pending rotation leaves the key Enabled; it is listed PENDING_IMPORT', async () => {
  const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId, KeyMaterialId: secondId }));
  assert.equal(deleted.KeyMaterialId, secondId);
  assert.equal((await current()).KeyState, 'Enabled');
  const pending = (await entries())[1]!;
  assert.deepEqual([pending.ImportState, pending.KeyMaterialState, pending.ExpirationModel], ['PENDING_IMPORT', 'PENDING_ROTATION', undefined]);
});

test('deleting the current material (no KeyMaterialId) makes the key PendingImport; it is listed PENDING_IMPORT', async () => {
  const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
  assert.equal(deleted.KeyMaterialId, firstId);
  assert.equal((await current()).KeyState, 'PendingImport');
  assert.deepEqual((await entries()).map((entry) => entry.ImportState), ['PENDING_IMPORT', 'PENDING_IMPORT']);
  await importMaterial(kms, key.KeyId!, first);
  assert.equal((await current()).KeyState, 'Enabled');
});

test('RotateKeyOnDemand makes the material pending rotation CURRENT; old ciphertexts still decrypt', async () => {
  const noPending = await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })));
  assert.deepEqual([noPending.name, noPending.message], ['KMSInvalidStateException', `No available key material pending rotation for the key: ${key.Arn}.`]);
  const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('before rotation') }));
  await importMaterial(kms, key.KeyId!, second, { request: { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: secondId } });
  await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
  assert.equal((await current()).CurrentKeyMaterialId, secondId);
  const states = (await entries()).map((entry) => [entry.KeyMaterialId, entry.KeyMaterialState, entry.RotationType]);
  assert.deepEqual(states, [
    [firstId, 'NON_CURRENT', undefined],
    [secondId, 'CURRENT', 'ON_DEMAND'],
  ]);
  const after = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('after rotation') }));
  const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }));
  assert.equal(decrypted.KeyMaterialId, secondId);
  const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
  assert.equal(Buffer.from(old.Plaintext!).toString(), 'before rotation');
  assert.equal(old.KeyMaterialId, firstId);
});
