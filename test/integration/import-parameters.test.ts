// Keys for imported key material through the real AWS SDK: CreateKey with Origin EXTERNAL for every importable key
// spec (PendingImport, unusable, Origin fixed), and GetParametersForImport with its wrapping rules (docs 2.3, 4.1, 4.2).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  type AlgorithmSpec,
  type KeySpec,
  type KeyUsageType,
  type KMSClient,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';
import { awsError, ManualClock, serveForSuite, type TestServer } from '../support/test-server.js';
import { externalKey, importMaterial } from './import-support.js';

let t: TestServer;
let kms: KMSClient;
const clock = new ManualClock(new Date('2030-01-15T10:00:00.000Z'));
serveForSuite({ clock }, (server, admin) => {
  t = server;
  kms = admin;
});

const IMPORTABLE: [KeySpec, KeyUsageType][] = [
  ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
  ['HMAC_224', 'GENERATE_VERIFY_MAC'],
  ['HMAC_256', 'GENERATE_VERIFY_MAC'],
  ['HMAC_384', 'GENERATE_VERIFY_MAC'],
  ['HMAC_512', 'GENERATE_VERIFY_MAC'],
  ['RSA_2048', 'ENCRYPT_DECRYPT'],
  ['RSA_3072', 'SIGN_VERIFY'],
  ['RSA_4096', 'SIGN_VERIFY'],
  ['ECC_NIST_P256', 'SIGN_VERIFY'],
  ['ECC_NIST_P384', 'KEY_AGREEMENT'],
  ['ECC_NIST_P521', 'SIGN_VERIFY'],
  ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
];

describe('CreateKey with Origin EXTERNAL', () => {
  for (const [KeySpec, KeyUsage] of IMPORTABLE) {
    test(`${KeySpec} (${KeyUsage}) starts PendingImport, disabled, without ExpirationModel or key material id`, async () => {
      const key = await externalKey(kms, { KeySpec, KeyUsage });
      assert.equal(key.Origin, 'EXTERNAL');
      assert.equal(key.KeyState, 'PendingImport');
      assert.equal(key.Enabled, false);
      assert.equal(key.ExpirationModel, undefined);
      assert.equal(key.ValidTo, undefined);
      assert.equal(key.CurrentKeyMaterialId, undefined);
      const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!;
      assert.deepEqual([described.KeyState, described.Origin, described.KeySpec], ['PendingImport', 'EXTERNAL', KeySpec]);
    });
  }

  test('a key pending import refuses every cryptographic operation with KMSInvalidStateException "<arn> is pending import."', async () => {
    const symmetric = await externalKey(kms);
    const hmac = await externalKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const signing = await externalKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const calls: [string, Promise<unknown>][] = [
      [symmetric.Arn!, kms.send(new EncryptCommand({ KeyId: symmetric.KeyId, Plaintext: Buffer.from('x') }))],
      [symmetric.Arn!, kms.send(new GenerateDataKeyCommand({ KeyId: symmetric.KeyId, KeySpec: 'AES_256' }))],
      [hmac.Arn!, kms.send(new GenerateMacCommand({ KeyId: hmac.KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from('m') }))],
      [signing.Arn!, kms.send(new SignCommand({ KeyId: signing.KeyId, SigningAlgorithm: 'ECDSA_SHA_256', Message: Buffer.from('m') }))],
      [signing.Arn!, kms.send(new GetPublicKeyCommand({ KeyId: signing.KeyId }))],
    ];
    for (const [arn, call] of calls) {
      const error = await awsError(call);
      assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${arn} is pending import.`]);
    }
  });

  test('a key pending import can stay so: a year later it is still PendingImport and can still be imported into', async () => {
    const key = await externalKey(kms);
    clock.advanceDays(366);
    kms.destroy();
    kms = t.adminClient();
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState, 'PendingImport');
    await importMaterial(kms, key.KeyId!, Buffer.alloc(32, 7));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.Origin, 'EXTERNAL');
  });

  for (const [KeySpec, detail] of [
    ['ML_DSA_44', 'importing ML-DSA keys is not supported'],
    ['ECC_NIST_EDWARDS25519', 'Ed25519 is not in the list of importable keys'],
  ] as const) {
    test(`${KeySpec} cannot be created with Origin EXTERNAL (${detail})`, async () => {
      const error = await awsError(kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL' })));
      assert.equal(error.name, 'UnsupportedOperationException');
      assert.match(error.message, new RegExp(KeySpec));
    });
  }
});

describe('GetParametersForImport', () => {
  for (const [WrappingKeySpec, bits] of [['RSA_2048', 2048], ['RSA_3072', 3072], ['RSA_4096', 4096]] as const) {
    test(`${WrappingKeySpec}: KeyId is the ARN, PublicKey a DER SPKI of a ${bits}-bit RSA key, valid for 24 hours`, async () => {
      const key = await externalKey(kms);
      const response = await kms.send(
        new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec }),
      );
      assert.equal(response.KeyId, key.Arn);
      const publicKey = createPublicKey({ key: Buffer.from(response.PublicKey!), format: 'der', type: 'spki' });
      assert.equal(publicKey.asymmetricKeyType, 'rsa');
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, bits);
      assert.equal(response.ParametersValidTo!.getTime(), clock.now().getTime() + 24 * 3_600_000);
      assert.ok(response.ImportToken!.length > 0);
    });
  }

  test('each call makes a fresh wrapping key pair and token; the token is opaque (no key id in it)', async () => {
    const key = await externalKey(kms);
    const request = { KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' } as const;
    const first = await kms.send(new GetParametersForImportCommand(request));
    const second = await kms.send(new GetParametersForImportCommand(request));
    assert.notDeepEqual(Buffer.from(first.PublicKey!), Buffer.from(second.PublicKey!));
    assert.notDeepEqual(Buffer.from(first.ImportToken!), Buffer.from(second.ImportToken!));
    assert.equal(Buffer.from(first.ImportToken!).includes(key.KeyId!), false);
  });

  test('accepted in Enabled and Disabled keys too (re-import), by key ARN as well as key id', async () => {
    const key = await externalKey(kms);
    await importMaterial(kms, key.KeyId!, Buffer.alloc(32, 1));
    const request = { KeyId: key.Arn, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' } as const;
    assert.equal((await kms.send(new GetParametersForImportCommand(request))).KeyId, key.Arn);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    assert.equal((await kms.send(new GetParametersForImportCommand(request))).KeyId, key.Arn);
  });

  // Which algorithm fits which key material (4.2 and the model's doc strings).
  const ok: [KeySpec, KeyUsageType, AlgorithmSpec, WrappingKeySpec][] = [
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'RSAES_OAEP_SHA_1', 'RSA_2048'],
    ['HMAC_512', 'GENERATE_VERIFY_MAC', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['RSA_2048', 'SIGN_VERIFY', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
    ['RSA_4096', 'ENCRYPT_DECRYPT', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_3072'],
    ['ECC_NIST_P256', 'SIGN_VERIFY', 'RSAES_OAEP_SHA_256', 'RSA_2048'],
    ['ECC_NIST_P521', 'SIGN_VERIFY', 'RSAES_OAEP_SHA_256', 'RSA_3072'],
    ['ECC_NIST_P521', 'SIGN_VERIFY', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048'],
    ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_2048'],
  ];
  for (const [KeySpec, KeyUsage, WrappingAlgorithm, WrappingKeySpec] of ok) {
    test(`${KeySpec} material can be wrapped with ${WrappingAlgorithm} under ${WrappingKeySpec}`, async () => {
      const key = await externalKey(kms, { KeySpec, KeyUsage });
      const response = await kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm, WrappingKeySpec }));
      assert.equal(response.KeyId, key.Arn);
    });
  }

  const refused: [KeySpec, KeyUsageType, AlgorithmSpec, WrappingKeySpec, string, RegExp][] = [
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'RSAES_PKCS1_V1_5', 'RSA_2048', 'ValidationException', /RSAES_PKCS1_V1_5 wrapping algorithm is not supported/],
    // SM2 wrapping exists only in the China Regions; this suite runs in us-east-1 (test/integration/sm2.test.ts has the rest).
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'RSAES_OAEP_SHA_256', 'SM2', 'UnsupportedOperationException', /^WrappingKeySpec SM2 is not supported in this Region$/],
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'SM2PKE', 'RSA_2048', 'UnsupportedOperationException', /^WrappingAlgorithm SM2PKE is not supported in this Region$/],
    ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_2048', 'ValidationException', /only for RSA and ECC key material/],
    ['HMAC_256', 'GENERATE_VERIFY_MAC', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_4096', 'ValidationException', /only for RSA and ECC key material/],
    ['RSA_2048', 'SIGN_VERIFY', 'RSAES_OAEP_SHA_256', 'RSA_4096', 'ValidationException', /must be wrapped with RSA_AES_KEY_WRAP/],
    ['RSA_3072', 'ENCRYPT_DECRYPT', 'RSAES_OAEP_SHA_1', 'RSA_4096', 'ValidationException', /must be wrapped with RSA_AES_KEY_WRAP/],
    ['ECC_NIST_P521', 'SIGN_VERIFY', 'RSAES_OAEP_SHA_1', 'RSA_2048', 'ValidationException', /cannot wrap ECC_NIST_P521 key material/],
  ];
  for (const [KeySpec, KeyUsage, WrappingAlgorithm, WrappingKeySpec, name, message] of refused) {
    test(`${KeySpec} with ${WrappingAlgorithm} under ${WrappingKeySpec} is refused with ${name}`, async () => {
      const key = await externalKey(kms, { KeySpec, KeyUsage });
      const error = await awsError(kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm, WrappingKeySpec })));
      assert.equal(error.name, name);
      assert.match(error.message, message);
    });
  }

  test('a key of origin AWS_KMS: UnsupportedOperationException "<arn> origin is AWS_KMS which is not valid for this operation."', async () => {
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    const error = await awsError(
      kms.send(new GetParametersForImportCommand({ KeyId: key!.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
    );
    assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', `${key!.Arn} origin is AWS_KMS which is not valid for this operation.`]);
  });

  test('a key pending deletion: KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const key = await externalKey(kms);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    const error = await awsError(
      kms.send(new GetParametersForImportCommand({ KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
    );
    assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${key.Arn} is pending deletion.`]);
  });

  test('an alias is not accepted (key id or key ARN only): NotFoundException "Invalid keyId"', async () => {
    const error = await awsError(
      kms.send(new GetParametersForImportCommand({ KeyId: 'alias/anything', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })),
    );
    assert.deepEqual([error.name, error.message], ['NotFoundException', "Invalid keyId 'alias/anything'"]);
  });
});
