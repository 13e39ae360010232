// The record builder against docs/kms-behaviour.md 9.1-9.2: every field and its order, userIdentity shapes, request
// parameters without any binary or sensitive member, responseElements per operation, and cross-account copies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testKey } from '../domain/kms-key.test-helper.js';
import type { Caller } from '../domain/caller.js';
import { buildAuditRecords } from './build-audit-record.js';
import type { CallOutcome } from './call-outcome.js';

const ACCOUNT = '111122223333';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const EVENT_ID = '0190d5a8-1111-7222-8333-444455556666';
const options = { defaultAccountId: ACCOUNT, newEventId: () => EVENT_ID };

const key = testKey({
  accountId: ACCOUNT,
  keyId: KEY_ID,
  creationDate: new Date('2025-05-20T20:45:00.250Z'),
  description: 'orders',
  currentKeyMaterialId: 'a'.repeat(64),
});

const admin: Caller = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  kind: 'user',
  principalId: 'AIDAEXAMPLEADMIN0001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
  userName: 'admin',
};

function outcome(eventName: string, input: Record<string, unknown> | undefined, extra: Partial<CallOutcome> = {}): CallOutcome {
  return {
    eventSource: 'kms.amazonaws.com',
    eventName,
    requestId: 'req-1',
    eventTime: new Date('2025-05-20T20:45:00.750Z'),
    region: 'us-east-1',
    caller: admin,
    sourceIpAddress: '::ffff:192.0.2.10',
    userAgent: 'aws-cli/2.17',
    ...(input ? { input } : {}),
    notes: { resources: [key] },
    ...extra,
  };
}

function record(o: CallOutcome) {
  const records = buildAuditRecords(o, options);
  assert.equal(records.length, 1);
  return records[0]!;
}

describe('the CloudTrail record of an API call (kms-behaviour.md 9.2)', () => {
  test('a successful read-only call has every field, in AWS order', () => {
    const r = record(outcome('DescribeKey', { KeyId: 'alias/orders' }));
    assert.deepEqual(Object.keys(r), [
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType',
      'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
    assert.deepEqual(r, {
      eventVersion: '1.11',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLEADMIN0001',
        arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
        accountId: ACCOUNT,
        accessKeyId: 'AKIAEXAMPLEADMIN0001',
        userName: 'admin',
      },
      eventTime: '2025-05-20T20:45:00Z',
      eventSource: 'kms.amazonaws.com',
      eventName: 'DescribeKey',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.10',
      userAgent: 'aws-cli/2.17',
      requestParameters: { keyId: 'alias/orders' },
      responseElements: null,
      requestID: 'req-1',
      eventID: EVENT_ID,
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
  });

  test('a failed call carries errorCode and errorMessage after userAgent, and no responseElements', () => {
    const r = record(
      outcome('DisableKey', { KeyId: KEY_ID }, { error: { code: 'AccessDeniedException', message: 'User: ... is not authorized' } }),
    );
    assert.equal(r.errorCode, 'AccessDeniedException');
    assert.equal(r.errorMessage, 'User: ... is not authorized');
    assert.equal(r.responseElements, null);
    assert.deepEqual(r.requestParameters, { keyId: KEY_ID });
    assert.equal(r.readOnly, false);
    const keys = Object.keys(r);
    assert.equal(keys.indexOf('errorCode'), keys.indexOf('userAgent') + 1);
  });

  test('an error AWS sends without a message has errorCode only', () => {
    const r = record(outcome('Decrypt', { CiphertextBlob: Buffer.alloc(8) }, { error: { code: 'InvalidCiphertextException' } }));
    assert.equal(r.errorCode, 'InvalidCiphertextException');
    assert.ok(!('errorMessage' in r));
  });

  test('a request that failed authentication has an Unknown identity and goes to the server account', () => {
    const { caller: _none, ...unauthenticated } = outcome('Encrypt', undefined, { error: { code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' } });
    const r = record({ ...unauthenticated, notes: { resources: [] } });
    assert.deepEqual(r.userIdentity, { type: 'Unknown' });
    assert.equal(r.recipientAccountId, ACCOUNT);
    assert.equal(r.requestParameters, null);
    assert.ok(!('resources' in r));
  });

  test('a call that touched no key has no resources element', () => {
    const r = record(outcome('ListKeys', {}, { notes: { resources: [] } }));
    assert.ok(!('resources' in r));
    assert.deepEqual(r.requestParameters, {});
  });

  test('the same key resolved twice is one resource', () => {
    const r = record(outcome('DescribeKey', { KeyId: KEY_ID }, { notes: { resources: [key, { ...key }] } }));
    assert.deepEqual(r.resources, [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN }]);
  });

  test('an IPv6 client address is kept as is', () => {
    assert.equal(record(outcome('ListKeys', {}, { sourceIpAddress: '2001:db8::1' })).sourceIPAddress, '2001:db8::1');
  });
});

describe('userIdentity (9.2)', () => {
  test('an assumed-role session names the role that issued it', () => {
    const session: Caller = {
      accountId: ACCOUNT,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-run-7`,
      kind: 'role-session',
      principalId: 'AROAEXAMPLEROLE00001',
      accessKeyId: 'ASIAEXAMPLESESSION01',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
      sessionName: 'ci-run-7',
      sessionIssuedAt: new Date('2025-05-20T20:00:00.900Z'),
    };
    assert.deepEqual(record(outcome('ListKeys', {}, { caller: session })).userIdentity, {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEROLE00001:ci-run-7',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deployer/ci-run-7`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLESESSION01',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEROLE00001',
          arn: `arn:aws:iam::${ACCOUNT}:role/Deployer`,
          accountId: ACCOUNT,
          userName: 'Deployer',
        },
        attributes: { creationDate: '2025-05-20T20:00:00Z', mfaAuthenticated: 'false' },
      },
    });
  });

  test('the account root is Root with the account as its principal id', () => {
    const root: Caller = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, kind: 'root', principalId: ACCOUNT, accessKeyId: 'AKIAROOT' };
    assert.deepEqual(record(outcome('ListKeys', {}, { caller: root })).userIdentity, {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAROOT',
    });
  });
});

describe('requestParameters never hold plaintext, key material or other binary values (9.1)', () => {
  const secret = Buffer.from('TOP-SECRET-PLAINTEXT');
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    [
      'Encrypt',
      { KeyId: KEY_ID, Plaintext: secret, EncryptionContext: { Department: '10103.0' }, GrantTokens: ['gt'] },
      { keyId: KEY_ID, encryptionContext: { Department: '10103.0' }, grantTokens: ['gt'], encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    ],
    ['Decrypt', { CiphertextBlob: secret }, { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }],
    [
      'Decrypt',
      { CiphertextBlob: secret, KeyId: KEY_ID, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Recipient: { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', AttestationDocument: secret } },
      { keyId: KEY_ID, encryptionAlgorithm: 'RSAES_OAEP_SHA_256', recipient: { keyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' } },
    ],
    [
      'ReEncrypt',
      { CiphertextBlob: secret, DestinationKeyId: KEY_ID },
      { destinationKeyId: KEY_ID, sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    ],
    ['GenerateDataKey', { KeyId: KEY_ID, KeySpec: 'AES_256' }, { keyId: KEY_ID, keySpec: 'AES_256' }],
    ['GenerateDataKeyPair', { KeyId: KEY_ID, KeyPairSpec: 'ECC_NIST_P256' }, { keyId: KEY_ID, keyPairSpec: 'ECC_NIST_P256' }],
    ['GenerateRandom', { NumberOfBytes: 32 }, { numberOfBytes: 32 }],
    ['Sign', { KeyId: KEY_ID, Message: secret, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }, { keyId: KEY_ID, messageType: 'RAW', signingAlgorithm: 'ECDSA_SHA_256' }],
    ['Verify', { KeyId: KEY_ID, Message: secret, Signature: secret, SigningAlgorithm: 'ECDSA_SHA_256' }, { keyId: KEY_ID, signingAlgorithm: 'ECDSA_SHA_256' }],
    ['GenerateMac', { KeyId: KEY_ID, Message: secret, MacAlgorithm: 'HMAC_SHA_256' }, { keyId: KEY_ID, macAlgorithm: 'HMAC_SHA_256' }],
    ['VerifyMac', { KeyId: KEY_ID, Message: secret, Mac: secret, MacAlgorithm: 'HMAC_SHA_256' }, { keyId: KEY_ID, macAlgorithm: 'HMAC_SHA_256' }],
    ['DeriveSharedSecret', { KeyId: KEY_ID, KeyAgreementAlgorithm: 'ECDH', PublicKey: secret }, { keyId: KEY_ID, keyAgreementAlgorithm: 'ECDH' }],
    [
      'ImportKeyMaterial',
      { KeyId: KEY_ID, ImportToken: secret, EncryptedKeyMaterial: secret, ValidTo: new Date('2026-01-01T00:00:00Z'), ExpirationModel: 'KEY_MATERIAL_EXPIRES' },
      { keyId: KEY_ID, validTo: '2026-01-01T00:00:00Z', expirationModel: 'KEY_MATERIAL_EXPIRES' },
    ],
    [
      'GetParametersForImport',
      { KeyId: KEY_ID, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' },
      { keyId: KEY_ID, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_4096' },
    ],
    [
      'CreateCustomKeyStore',
      {
        CustomKeyStoreName: 'xks',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        KeyStorePassword: 'TOP-SECRET-PASSWORD',
        XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJKLMNOPQRST', RawSecretAccessKey: 'TOP-SECRET-RAW-SECRET-ACCESS-KEY-0123456789ab' },
      },
      { customKeyStoreName: 'xks', customKeyStoreType: 'EXTERNAL_KEY_STORE' },
    ],
    [
      'CreateGrant',
      { KeyId: KEY_ID, GranteePrincipal: admin.arn, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { a: 'b' } } },
      { keyId: KEY_ID, granteePrincipal: admin.arn, operations: ['Decrypt'], constraints: { encryptionContextSubset: { a: 'b' } } },
    ],
  ];
  for (const [operation, input, expected] of cases) {
    test(`${operation}: ${Object.keys(expected).join(', ') || 'nothing but defaults'}`, () => {
      const r = record(outcome(operation, input));
      assert.deepEqual(r.requestParameters, expected);
      const text = JSON.stringify(r);
      assert.ok(!text.includes('TOP-SECRET'));
      assert.ok(!text.includes(secret.toString('base64')));
    });
  }

  test('CreateKey and PutKeyPolicy show the policy, descriptions and tags in clear, as AWS does', () => {
    const r = record(
      outcome('CreateKey', { Description: 'orders', Policy: '{"Version":"2012-10-17"}', Tags: [{ TagKey: 'team', TagValue: 'payments' }] }),
    );
    assert.deepEqual(r.requestParameters, {
      description: 'orders',
      policy: '{"Version":"2012-10-17"}',
      tags: [{ tagKey: 'team', tagValue: 'payments' }],
    });
  });
});

describe('responseElements (9.1-9.3)', () => {
  test('every cryptographic operation and GetKeyPolicy, GetParametersForImport, GetPublicKey: null', () => {
    for (const operation of ['Encrypt', 'Decrypt', 'GenerateDataKey', 'Sign', 'GenerateRandom', 'GetKeyPolicy', 'GetParametersForImport', 'GetPublicKey']) {
      const noted = outcome(operation, { KeyId: KEY_ID }, { notes: { resources: [key], responseElements: { plaintext: 'TOP-SECRET' } } });
      assert.equal(record(noted).responseElements, null, operation);
      assert.equal(record(noted).readOnly, true, operation);
    }
  });

  test('CreateKey: the key metadata in camelCase with ISO dates', () => {
    const r = record(outcome('CreateKey', { Description: 'orders' }));
    assert.deepEqual(r.responseElements, {
      keyMetadata: {
        aWSAccountId: ACCOUNT,
        keyId: KEY_ID,
        arn: ARN,
        creationDate: '2025-05-20T20:45:00Z',
        enabled: true,
        description: 'orders',
        keyUsage: 'ENCRYPT_DECRYPT',
        keyState: 'Enabled',
        origin: 'AWS_KMS',
        keyManager: 'CUSTOMER',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keySpec: 'SYMMETRIC_DEFAULT',
        encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        multiRegion: false,
        currentKeyMaterialId: 'a'.repeat(64),
      },
    });
    assert.equal(r.readOnly, false);
  });

  test('ScheduleKeyDeletion: keyId, keyState, deletionDate and pendingWindowInDays', () => {
    assert.deepEqual(record(outcome('ScheduleKeyDeletion', { KeyId: KEY_ID, PendingWindowInDays: 7 })).responseElements, {
      keyId: ARN,
      keyState: 'PendingDeletion',
      deletionDate: '2025-05-27T20:45:00Z',
      pendingWindowInDays: 7,
    });
    assert.equal(record(outcome('ScheduleKeyDeletion', { KeyId: KEY_ID })).responseElements?.pendingWindowInDays, 30);
  });

  test('management operations name the key ARN even when the API returns nothing', () => {
    for (const operation of ['DisableKey', 'EnableKey', 'TagResource', 'UntagResource', 'CreateAlias', 'DeleteAlias', 'UpdateAlias', 'CancelKeyDeletion']) {
      assert.deepEqual(record(outcome(operation, { KeyId: KEY_ID })).responseElements, { keyId: ARN }, operation);
    }
  });

  test('UpdateAlias names the new target, the key it resolved last', () => {
    const other = { ...key, keyId: 'other', arn: `${ARN}-other` };
    const r = record(outcome('UpdateAlias', { AliasName: 'alias/x', TargetKeyId: 'other' }, { notes: { resources: [key, other] } }));
    assert.deepEqual(r.responseElements, { keyId: other.arn });
  });

  test('what the operation noted wins, without binary values', () => {
    const notes = { resources: [key], responseElements: { keyId: ARN, keyMaterialId: 'b'.repeat(64), blob: Buffer.from('x') } };
    assert.deepEqual(record(outcome('ImportKeyMaterial', { KeyId: KEY_ID }, { notes })).responseElements, {
      keyId: ARN,
      keyMaterialId: 'b'.repeat(64),
    });
  });

  test('UpdateKeyDescription and PutKeyPolicy: null', () => {
    assert.equal(record(outcome('UpdateKeyDescription', { KeyId: KEY_ID, Description: 'd' })).responseElements, null);
    assert.equal(record(outcome('PutKeyPolicy', { KeyId: KEY_ID, Policy: '{}' })).responseElements, null);
  });

  test('additionalEventData is what the operation noted (the key material of a symmetric operation)', () => {
    const notes = { resources: [key], additionalEventData: { keyMaterialId: 'a'.repeat(64) } };
    const r = record(outcome('Encrypt', { KeyId: KEY_ID, Plaintext: Buffer.from('x') }, { notes }));
    assert.deepEqual(r.additionalEventData, { keyMaterialId: 'a'.repeat(64) });
    assert.deepEqual(Object.keys(r).slice(9, 12), ['responseElements', 'additionalEventData', 'requestID']);
  });
});

describe('cross-account calls (9.1)', () => {
  const foreignKey = { ...key, accountId: '444455556666', arn: `arn:aws:kms:us-east-1:444455556666:key/${KEY_ID}` };

  test('a call on another account\'s key is recorded in both accounts with the same eventID', () => {
    const records = buildAuditRecords(outcome('Encrypt', { KeyId: foreignKey.arn }, { notes: { resources: [foreignKey] } }), options);
    assert.deepEqual(records.map((r) => r.recipientAccountId), [ACCOUNT, '444455556666']);
    assert.equal(records[0]!.eventID, records[1]!.eventID);
    assert.deepEqual(Object.keys(records[1]!), Object.keys(records[0]!));
  });

  test('a denied cross-account call is recorded only in the caller\'s account', () => {
    const denied = outcome('Encrypt', { KeyId: foreignKey.arn }, { notes: { resources: [foreignKey] }, error: { code: 'AccessDeniedException', message: 'no' } });
    assert.deepEqual(buildAuditRecords(denied, options).map((r) => r.recipientAccountId), [ACCOUNT]);
  });
});
