// The key policy the console's wizard writes (console/src/create-key/console-key-policy.ts), and the wizard's other
// rules (aliases, key specs, wrapping choices): checked as functions, and each generated policy sent to a real openkms
// with CreateKey, which must accept it as it stands and give it back unchanged from GetKeyPolicy.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, GetKeyPolicyCommand, type KeySpec, type KeyUsageType, type OriginType } from '@aws-sdk/client-kms';
import { aliasNameError, fullAliasName } from '../../console/src/create-key/alias-name.js';
import { administratorActions, consoleKeyPolicy, consolePolicyPrincipals, keyUserActions, withConsolePrincipals } from '../../console/src/create-key/console-key-policy.js';
import { canImportKeyMaterial, keySpecsFor } from '../../console/src/create-key/key-spec-choices.js';
import { wrappingChoices } from '../../console/src/import/wrapping-choices.js';
import { writePrincipalsFile } from '../support/authorization-fixture.js';
import { serveForSuite, TEST_ACCOUNT, type TestServer } from '../support/test-server.js';

const ADMIN = `arn:aws:iam::${TEST_ACCOUNT}:user/admin`;
const base = {
  partition: 'aws',
  accountId: TEST_ACCOUNT,
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  origin: 'AWS_KMS',
  administrators: [ADMIN],
  allowAdministratorsToDelete: true,
  users: [ADMIN],
  otherAccounts: [] as string[],
};
type Statement = { Sid: string; Principal: { AWS: string | string[] }; Action: string | string[]; Condition?: unknown };
const statements = (policy: object) => (policy as { Statement: Statement[] }).Statement;

describe('the console\'s key policy', () => {
  test('names the account root, the administrators, the users and the grants for AWS resources, in the console\'s order', () => {
    const policy = consoleKeyPolicy(base);
    assert.deepEqual(
      statements(policy).map((s) => s.Sid),
      ['Enable IAM User Permissions', 'Allow access for Key Administrators', 'Allow use of the key', 'Allow attachment of persistent resources'],
    );
    assert.deepEqual(statements(policy)[0]!.Principal, { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` });
    assert.deepEqual(statements(policy)[3]!.Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    assert.equal((policy as { Version: string }).Version, '2012-10-17');
  });

  test('one principal is a string, several an array; other accounts are named by their root', () => {
    const policy = consoleKeyPolicy({ ...base, otherAccounts: ['444455556666'] });
    assert.equal(statements(policy)[1]!.Principal.AWS, ADMIN);
    assert.deepEqual(statements(policy)[2]!.Principal.AWS, [ADMIN, 'arn:aws:iam::444455556666:root']);
  });

  test('without administrators or users, only the account statement is left', () => {
    const policy = consoleKeyPolicy({ ...base, administrators: [], users: [] });
    assert.deepEqual(statements(policy).map((s) => s.Sid), ['Enable IAM User Permissions']);
  });

  test('clearing "Allow key administrators to delete this key" takes ScheduleKeyDeletion and CancelKeyDeletion away', () => {
    assert.ok(administratorActions('AWS_KMS', true).includes('kms:ScheduleKeyDeletion'));
    const without = administratorActions('AWS_KMS', false);
    assert.ok(!without.includes('kms:ScheduleKeyDeletion') && !without.includes('kms:CancelKeyDeletion'));
    assert.ok(without.includes('kms:RotateKeyOnDemand'));
  });

  test('administrators of a key for imported key material may import it', () => {
    assert.ok(administratorActions('EXTERNAL', true).includes('kms:ImportKeyMaterial'));
    assert.ok(!administratorActions('AWS_KMS', true).includes('kms:ImportKeyMaterial'));
  });

  test('key users get the operations of the key usage', () => {
    assert.deepEqual(keyUserActions('HMAC_256', 'GENERATE_VERIFY_MAC'), ['kms:DescribeKey', 'kms:GenerateMac', 'kms:VerifyMac']);
    assert.deepEqual(keyUserActions('ECC_NIST_P256', 'KEY_AGREEMENT'), ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:DeriveSharedSecret']);
    assert.ok(keyUserActions('RSA_2048', 'ENCRYPT_DECRYPT').includes('kms:GetPublicKey'));
    assert.ok(!keyUserActions('RSA_2048', 'ENCRYPT_DECRYPT').includes('kms:GenerateDataKey*'), 'no data keys under an asymmetric key');
    assert.ok(keyUserActions('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT').includes('kms:GenerateDataKey*'));
  });

  test('only symmetric encryption keys get the persistent-resource grants', () => {
    assert.equal(statements(consoleKeyPolicy({ ...base, keySpec: 'RSA_2048' })).length, 3);
    assert.equal(statements(consoleKeyPolicy({ ...base, keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' })).length, 3);
  });

  test('in the China Regions the ARNs are in the aws-cn partition', () => {
    const policy = consoleKeyPolicy({ ...base, partition: 'aws-cn', administrators: [], users: [], otherAccounts: ['444455556666'] });
    assert.equal(statements(policy)[0]!.Principal.AWS, `arn:aws-cn:iam::${TEST_ACCOUNT}:root`);
    assert.equal(statements(policy)[1]!.Principal.AWS, 'arn:aws-cn:iam::444455556666:root');
  });

  test('the key page\'s default view reads the administrators and users back; a policy of another shape has none', () => {
    assert.deepEqual(consolePolicyPrincipals(consoleKeyPolicy({ ...base, otherAccounts: ['444455556666'] })), {
      administrators: [ADMIN],
      users: [ADMIN, 'arn:aws:iam::444455556666:root'],
    });
    assert.deepEqual(consolePolicyPrincipals({ Statement: { Sid: 'x', Principal: { AWS: ADMIN } } }), { administrators: [], users: [] });
    assert.equal(consolePolicyPrincipals('not an object'), undefined);
  });
});

describe('editing the principals in the key page\'s default view', () => {
  const key = { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' };
  const createKeyDefault = {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
  };

  test('adding to a policy without the console\'s statements creates them after the ones already there', () => {
    const policy = withConsolePrincipals(createKeyDefault, 'users', [ADMIN], key) as typeof createKeyDefault;
    assert.equal(policy.Id, 'key-default-1');
    assert.deepEqual(policy.Statement[0], createKeyDefault.Statement[0]);
    assert.deepEqual(statements(policy).slice(1).map((s) => s.Sid), ['Allow use of the key', 'Allow attachment of persistent resources']);
    assert.equal(statements(policy)[1]!.Principal.AWS, ADMIN);
  });

  test('changing keeps each statement\'s own actions and conditions; only the principals change', () => {
    const custom = consoleKeyPolicy(base) as { Statement: Statement[] };
    custom.Statement[1]!.Action = ['kms:Describe*'];
    const other = 'arn:aws:iam::111122223333:role/Other';
    const policy = withConsolePrincipals(custom, 'administrators', [ADMIN, other], key);
    assert.deepEqual(statements(policy)[1], { ...custom.Statement[1], Principal: { AWS: [ADMIN, other] } });
    assert.deepEqual(statements(policy)[2], custom.Statement[2]);
  });

  test('removing the last principal removes the role\'s statements, and no others', () => {
    const policy = withConsolePrincipals(consoleKeyPolicy(base), 'users', [], key);
    assert.deepEqual(statements(policy).map((s) => s.Sid), ['Enable IAM User Permissions', 'Allow access for Key Administrators']);
  });

  test('an asymmetric key\'s users get no persistent-resource statement', () => {
    const policy = withConsolePrincipals(createKeyDefault, 'users', [ADMIN], { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', origin: 'AWS_KMS' });
    assert.deepEqual(statements(policy).slice(1).map((s) => s.Sid), ['Allow use of the key']);
    assert.deepEqual(statements(policy)[1]!.Action, ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify']);
  });
});

describe('the wizard\'s other rules', () => {
  test('an alias is required, gets "alias/" when left out, and may not begin with aws/', () => {
    assert.equal(fullAliasName('orders'), 'alias/orders');
    assert.equal(fullAliasName(' alias/orders '), 'alias/orders');
    assert.equal(aliasNameError('orders/eu-west_1'), undefined);
    assert.match(aliasNameError('')!, /^Enter an alias/);
    assert.match(aliasNameError('alias/')!, /^Enter an alias/);
    assert.match(aliasNameError('aws/x')!, /^The alias name cannot begin with aws\//);
    assert.match(aliasNameError('alias/aws/x')!, /^The alias name cannot begin with aws\//);
    assert.match(aliasNameError('has space')!, /only alphanumeric characters/);
    assert.match(aliasNameError('../x')!, /only alphanumeric characters/);
    assert.equal(aliasNameError('a'.repeat(250)), undefined);
    assert.match(aliasNameError('a'.repeat(251))!, /at most 250 characters/);
  });

  test('SM2 is offered in the China Regions only; ML-DSA and Ed25519 for signing only', () => {
    const values = (keyType: 'symmetric' | 'asymmetric', usage: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'KEY_AGREEMENT' | 'GENERATE_VERIFY_MAC', region: string) =>
      keySpecsFor(keyType, usage, region).map((choice) => choice.value);
    assert.ok(!values('asymmetric', 'ENCRYPT_DECRYPT', 'us-east-1').includes('SM2'));
    assert.ok(values('asymmetric', 'ENCRYPT_DECRYPT', 'cn-north-1').includes('SM2'));
    assert.deepEqual(values('asymmetric', 'KEY_AGREEMENT', 'us-east-1'), ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521']);
    assert.ok(values('asymmetric', 'SIGN_VERIFY', 'us-east-1').includes('ML_DSA_65'));
    assert.deepEqual(values('symmetric', 'GENERATE_VERIFY_MAC', 'us-east-1'), ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512']);
    assert.equal(canImportKeyMaterial('ECC_NIST_EDWARDS25519'), false);
    assert.equal(canImportKeyMaterial('ML_DSA_44'), false);
    assert.equal(canImportKeyMaterial('RSA_4096'), true);
  });

  test('RSA private keys are wrapped with RSA_AES_KEY_WRAP only; SM2 wrapping only in the China Regions', () => {
    assert.deepEqual(wrappingChoices('RSA_2048', 'us-east-1').algorithms, ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1']);
    assert.ok(!wrappingChoices('SYMMETRIC_DEFAULT', 'us-east-1').keySpecs.includes('SM2'));
    assert.ok(wrappingChoices('SYMMETRIC_DEFAULT', 'cn-north-1').algorithms.includes('SM2PKE'));
  });
});

describe('openkms accepts every policy the wizard writes', () => {
  let t: TestServer;
  serveForSuite({ principalsFile: writePrincipalsFile({ accounts: [{ id: '444455556666', users: [] }] }) }, (server) => (t = server));

  const cases: { keySpec: KeySpec; keyUsage: KeyUsageType; origin: OriginType }[] = [
    { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' },
    { keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', origin: 'EXTERNAL' },
    { keySpec: 'HMAC_512', keyUsage: 'GENERATE_VERIFY_MAC', origin: 'AWS_KMS' },
    { keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT', origin: 'AWS_KMS' },
    { keySpec: 'ECC_NIST_P384', keyUsage: 'SIGN_VERIFY', origin: 'AWS_KMS' },
    { keySpec: 'ECC_NIST_P256', keyUsage: 'KEY_AGREEMENT', origin: 'AWS_KMS' },
  ];
  for (const { keySpec, keyUsage, origin } of cases) {
    for (const allowAdministratorsToDelete of [true, false]) {
      test(`${keySpec} ${keyUsage} ${origin}, administrators ${allowAdministratorsToDelete ? 'may' : 'may not'} delete`, async () => {
        const policy = JSON.stringify(consoleKeyPolicy({ ...base, keySpec, keyUsage, origin, allowAdministratorsToDelete, otherAccounts: ['444455556666'] }), null, 4);
        const key = (await t.kms.send(new CreateKeyCommand({ KeySpec: keySpec, KeyUsage: keyUsage, Origin: origin, Policy: policy }))).KeyMetadata!;
        const stored = (await t.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId!, PolicyName: 'default' }))).Policy!;
        assert.equal(stored, policy);
      });
    }
  }
});
