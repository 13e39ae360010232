// Expiry of imported key material by the persisted DeleteExpiredKeyMaterial job (injected clock, across a restart),
// and what the audit trail records of the import flow: never key material, wrapped material or tokens (docs 4.6, 9.3).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { awsError, ManualClock, startTestServer, TEST_ACCOUNT, TEST_REGION, type TestServer } from '../support/test-server.js';
import { externalKey, importMaterial, wrapKeyMaterial } from './import-support.js';

const DAY_MS = 86_400_000;
let t: TestServer;
let kms: KMSClient;
const clock = new ManualClock(new Date('2032-06-01T12:00:00.000Z'));
before(async () => {
  t = await startTestServer({ clock });
  kms = t.adminClient();
});
after(async () => {
  kms.destroy();
  await t.cleanup();
});

function advanceDays(days: number): void {
  clock.advanceDays(days);
  kms.destroy();
  kms = t.adminClient();
}

async function metadata(keyId: string) {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

async function auditRecords(eventName: string): Promise<Record<string, unknown>[]> {
  const events = await t.server.store.queryAuditEvents({
    accountId: TEST_ACCOUNT,
    region: TEST_REGION,
    attribute: { name: 'eventName', value: eventName },
    limit: 1000,
  });
  return events.map((event) => JSON.parse(event.record) as Record<string, unknown>);
}

describe('expiry of imported key material', () => {
  test('at ValidTo the material is deleted: PendingImport, no ExpirationModel or ValidTo; re-import restores the key', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    const validTo = new Date(clock.now().getTime() + 2 * DAY_MS);
    const imported = await importMaterial(kms, key.KeyId!, material, { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } });
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('before expiry') }));

    advanceDays(1);
    await t.server.jobs.runDue();
    assert.equal((await metadata(key.KeyId!)).KeyState, 'Enabled', 'not yet due');

    advanceDays(1.5);
    await t.server.jobs.runDue();
    const m = await metadata(key.KeyId!);
    assert.deepEqual(
      [m.KeyState, m.Enabled, m.ExpirationModel, m.ValidTo, m.CurrentKeyMaterialId],
      ['PendingImport', false, undefined, undefined, imported.KeyMaterialId],
    );
    const error = await awsError(kms.send(new DecryptCommand({ CiphertextBlob })));
    assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${key.Arn} is pending import.`]);

    const events = (await auditRecords('DeleteExpiredKeyMaterial')).filter(
      (record) => (record.serviceEventDetails as Record<string, unknown>)?.keyId === key.Arn,
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]!.eventType, 'AwsServiceEvent');
    assert.deepEqual(events[0]!.serviceEventDetails, { keyId: key.Arn, keyMaterialId: imported.KeyMaterialId });

    await importMaterial(kms, key.KeyId!, material);
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
    assert.equal(Buffer.from(Plaintext!).toString(), 'before expiry');
  });

  test('re-importing with a later ValidTo moves the expiry; with DOES_NOT_EXPIRE it never expires', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    await importMaterial(kms, key.KeyId!, material, {
      request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(clock.now().getTime() + DAY_MS) },
    });
    const later = new Date(clock.now().getTime() + 5 * DAY_MS);
    await importMaterial(kms, key.KeyId!, material, { request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: later } });
    advanceDays(2);
    await t.server.jobs.runDue();
    assert.deepEqual([(await metadata(key.KeyId!)).KeyState, (await metadata(key.KeyId!)).ValidTo?.getTime()], ['Enabled', later.getTime()]);
    await importMaterial(kms, key.KeyId!, material);
    advanceDays(10);
    await t.server.jobs.runDue();
    const m = await metadata(key.KeyId!);
    assert.deepEqual([m.KeyState, m.ExpirationModel], ['Enabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE']);
  });

  test('the expiry job is persisted: material due while the server is down expires at the next start', async () => {
    const key = await externalKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await importMaterial(kms, key.KeyId!, randomBytes(32), {
      request: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(clock.now().getTime() + 3 * DAY_MS) },
    });
    kms.destroy();
    await t.stop();
    clock.advanceDays(4);
    t = await startTestServer({ clock, dataDir: t.dataDir });
    kms = t.adminClient();
    await t.server.jobs.runDue();
    const m = await metadata(key.KeyId!);
    assert.deepEqual([m.KeyState, m.ExpirationModel, m.ValidTo], ['PendingImport', undefined, undefined]);
  });
});

describe('audit records of the import flow', () => {
  test('GetParametersForImport, ImportKeyMaterial and DeleteImportedKeyMaterial are recorded without token, public key or material', async () => {
    const key = await externalKey(kms);
    const material = randomBytes(32);
    const p = await kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const encrypted = wrapKeyMaterial(p.PublicKey!, 'RSAES_OAEP_SHA_256', material);
    const imported = await kms.send(new ImportKeyMaterialCommand({
      KeyId: key.KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: encrypted, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }));
    await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));

    const secrets = [
      Buffer.from(p.ImportToken!).toString('base64'),
      Buffer.from(p.PublicKey!).toString('base64'),
      encrypted.toString('base64'),
      material.toString('base64'),
      material.toString('hex'),
    ];
    const ofKey = (records: Record<string, unknown>[]) =>
      records.filter((record) => JSON.stringify(record.resources ?? []).includes(key.Arn!));
    const [parameters] = ofKey(await auditRecords('GetParametersForImport'));
    const [importRecord] = ofKey(await auditRecords('ImportKeyMaterial'));
    const [deletion] = ofKey(await auditRecords('DeleteImportedKeyMaterial'));
    assert.ok(parameters && importRecord && deletion, 'each call has its record');
    assert.equal(parameters.readOnly, true);
    assert.equal(parameters.responseElements, null);
    assert.deepEqual(importRecord.responseElements, { keyId: key.Arn, keyMaterialId: imported.KeyMaterialId });
    assert.deepEqual(deletion.responseElements, { keyId: key.Arn, keyMaterialId: imported.KeyMaterialId });
    for (const record of [parameters, importRecord, deletion]) {
      const text = JSON.stringify(record);
      for (const secret of secrets) assert.equal(text.includes(secret), false, `${record.eventName} leaks a secret`);
    }
  });

  test('a failed import is recorded with its error code and still without the token', async () => {
    const key = await externalKey(kms);
    const token = randomBytes(200);
    await awsError(kms.send(new ImportKeyMaterialCommand({
      KeyId: key.KeyId, ImportToken: token, EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    })));
    const [record] = (await auditRecords('ImportKeyMaterial')).filter((r) => JSON.stringify(r).includes(key.KeyId!));
    assert.equal(record?.errorCode, 'InvalidImportTokenException');
    assert.equal(JSON.stringify(record).includes(token.toString('base64')), false);
  });
});
