// "Done when": keys whose key policy allows only one role cannot be used by anyone else in any way. Every implemented
// operation that AWS authorizes on a key is tried, from src/operations/index.ts, by administrators, users with kms:*,
// users without policies, both accounts' roots and other roles' sessions: each is refused and nothing changes.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { operationNames, type OperationName } from '../../src/api/model.generated.js';
import { isImplemented } from '../../src/operations/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { arn, assumeRole, b64, kmsCall, who, writePrincipalsFile, type Credentials } from '../support/authorization-fixture.js';

/**
 * Operations AWS does not authorize against a key's policy (docs/kms-behaviour.md 7.1, 6.3): they take no key, or
 * only list aliases by identity policy, or (RetireGrant) are authorized by the grant itself (authorization-grants test).
 */
const NOT_KEY_AUTHORIZED: ReadonlySet<OperationName> = new Set<OperationName>([
  'CreateKey',
  'ListKeys',
  'ListAliases',
  'GenerateRandom',
  'ListRetirableGrants',
  'RetireGrant',
  'CreateCustomKeyStore',
  'ConnectCustomKeyStore',
  'DeleteCustomKeyStore',
  'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore',
  'UpdateCustomKeyStore',
]);

const ROLE_ONLY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'OnlyKeyUserRole', Effect: 'Allow', Principal: { AWS: arn.keyUserRole }, Action: 'kms:*', Resource: '*' }],
});

interface Keys {
  symmetric: string;
  symmetric2: string;
  rsa: string;
  signing: string;
  hmac: string;
  agreement: string;
  external: string;
}

interface Material {
  ciphertext: string;
  rsaCiphertext: string;
  signature: string;
  mac: string;
  grantId: string;
  importToken: string;
  peerPublicKey: string;
}

/** A valid request for each operation, on the role-only keys; a new key operation without an entry fails the test. */
function inputs(k: Keys, m: Material, callerArn: string): Partial<Record<OperationName, object>> {
  return {
    CancelKeyDeletion: { KeyId: k.symmetric2 },
    CreateAlias: { AliasName: 'alias/outsider', TargetKeyId: k.symmetric },
    CreateGrant: { KeyId: k.symmetric, GranteePrincipal: callerArn, Operations: ['Encrypt', 'Decrypt'] },
    Decrypt: { KeyId: k.symmetric, CiphertextBlob: m.ciphertext },
    DeleteAlias: { AliasName: 'alias/role-only' },
    DeleteImportedKeyMaterial: { KeyId: k.external },
    DeriveSharedSecret: { KeyId: k.agreement, KeyAgreementAlgorithm: 'ECDH', PublicKey: m.peerPublicKey },
    DescribeKey: { KeyId: k.symmetric },
    DisableKey: { KeyId: k.symmetric },
    DisableKeyRotation: { KeyId: k.symmetric },
    EnableKey: { KeyId: k.symmetric },
    EnableKeyRotation: { KeyId: k.symmetric, RotationPeriodInDays: 90 },
    Encrypt: { KeyId: k.symmetric, Plaintext: b64('secret') },
    GenerateDataKey: { KeyId: k.symmetric, KeySpec: 'AES_256' },
    GenerateDataKeyPair: { KeyId: k.symmetric, KeyPairSpec: 'ECC_NIST_P256' },
    GenerateDataKeyPairWithoutPlaintext: { KeyId: k.symmetric, KeyPairSpec: 'ECC_NIST_P256' },
    GenerateDataKeyWithoutPlaintext: { KeyId: k.symmetric, NumberOfBytes: 32 },
    GenerateMac: { KeyId: k.hmac, Message: b64('message'), MacAlgorithm: 'HMAC_SHA_256' },
    GetKeyLastUsage: { KeyId: k.symmetric },
    GetKeyPolicy: { KeyId: k.symmetric, PolicyName: 'default' },
    GetKeyRotationStatus: { KeyId: k.symmetric },
    GetParametersForImport: { KeyId: k.external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
    GetPublicKey: { KeyId: k.rsa },
    ImportKeyMaterial: {
      KeyId: k.external,
      ImportToken: m.importToken,
      EncryptedKeyMaterial: b64('x'.repeat(256)),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    },
    ListGrants: { KeyId: k.symmetric },
    ListKeyPolicies: { KeyId: k.symmetric },
    ListKeyRotations: { KeyId: k.symmetric },
    ListResourceTags: { KeyId: k.symmetric },
    PutKeyPolicy: {
      KeyId: k.symmetric,
      PolicyName: 'default',
      BypassPolicyLockoutSafetyCheck: true,
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }),
    },
    ReEncrypt: { CiphertextBlob: m.ciphertext, SourceKeyId: k.symmetric, DestinationKeyId: k.symmetric2 },
    ReplicateKey: { KeyId: k.symmetric, ReplicaRegion: 'us-west-2' },
    RevokeGrant: { KeyId: k.symmetric, GrantId: m.grantId },
    RotateKeyOnDemand: { KeyId: k.symmetric },
    ScheduleKeyDeletion: { KeyId: k.symmetric, PendingWindowInDays: 7 },
    Sign: { KeyId: k.signing, Message: b64('message'), SigningAlgorithm: 'ECDSA_SHA_256' },
    TagResource: { KeyId: k.symmetric, Tags: [{ TagKey: 'owner', TagValue: 'outsider' }] },
    UntagResource: { KeyId: k.symmetric, TagKeys: ['team'] },
    UpdateAlias: { AliasName: 'alias/role-only', TargetKeyId: k.symmetric2 },
    UpdateKeyDescription: { KeyId: k.symmetric, Description: 'changed by an outsider' },
    UpdatePrimaryRegion: { KeyId: k.symmetric, PrimaryRegion: 'us-west-2' },
    Verify: { KeyId: k.signing, Message: b64('message'), Signature: m.signature, SigningAlgorithm: 'ECDSA_SHA_256' },
    VerifyMac: { KeyId: k.hmac, Message: b64('message'), Mac: m.mac, MacAlgorithm: 'HMAC_SHA_256' },
  };
}

/** Extra requests that reach the key another way: by alias, and the ciphertext alone (Decrypt/ReEncrypt without KeyId). */
function indirectInputs(k: Keys, m: Material): [OperationName, object][] {
  return [
    ['DescribeKey', { KeyId: 'alias/role-only' }],
    ['Encrypt', { KeyId: `${k.symmetric.slice(0, k.symmetric.indexOf(':key/'))}:alias/role-only`, Plaintext: b64('x') }],
    ['Decrypt', { CiphertextBlob: m.ciphertext }],
    ['ReEncrypt', { CiphertextBlob: m.ciphertext, DestinationKeyId: k.symmetric2 }],
    ['Decrypt', { KeyId: k.rsa, CiphertextBlob: m.rsaCiphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }],
  ];
}

let t: TestServer;
let role: Credentials;
let keys: Keys;
let material: Material;
const outsiders: { name: string; credentials: Credentials; arn: string; sameAccount: boolean }[] = [];

async function ok(credentials: Credentials, operation: string, input: object): Promise<Record<string, any>> {
  const response = await kmsCall(t.server.url, credentials, operation, input);
  assert.equal(response.status, 200, `${operation} as the role: ${response.text}`);
  return response.json;
}

before(async () => {
  t = await startTestServer({ principalsFile: writePrincipalsFile() });
  const url = t.server.url;
  role = await assumeRole(url, who.alice, arn.keyUserRole, 'key-user');
  const create = async (input: object) =>
    (await ok(role, 'CreateKey', { Policy: ROLE_ONLY_POLICY, Tags: [{ TagKey: 'team', TagValue: 'vault' }], ...input })).KeyMetadata.Arn as string;
  keys = {
    symmetric: await create({ Description: 'role only' }),
    symmetric2: await create({}),
    rsa: await create({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
    signing: await create({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    hmac: await create({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    agreement: await create({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' }),
    external: await create({ Origin: 'EXTERNAL' }),
  };
  await ok(role, 'CreateAlias', { AliasName: 'alias/role-only', TargetKeyId: keys.symmetric });
  const grant = await ok(role, 'CreateGrant', { KeyId: keys.symmetric, GranteePrincipal: arn.keyUserRole, Operations: ['Encrypt'] });
  const peer = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
  material = {
    ciphertext: (await ok(role, 'Encrypt', { KeyId: keys.symmetric, Plaintext: b64('secret') })).CiphertextBlob,
    rsaCiphertext: (await ok(role, 'Encrypt', { KeyId: keys.rsa, Plaintext: b64('secret'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).CiphertextBlob,
    signature: (await ok(role, 'Sign', { KeyId: keys.signing, Message: b64('message'), SigningAlgorithm: 'ECDSA_SHA_256' })).Signature,
    mac: (await ok(role, 'GenerateMac', { KeyId: keys.hmac, Message: b64('message'), MacAlgorithm: 'HMAC_SHA_256' })).Mac,
    grantId: grant.GrantId,
    importToken: (await ok(role, 'GetParametersForImport', { KeyId: keys.external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).ImportToken,
    peerPublicKey: peer.toString('base64'),
  };
  await ok(role, 'ScheduleKeyDeletion', { KeyId: keys.symmetric2, PendingWindowInDays: 7 });
  await ok(role, 'CancelKeyDeletion', { KeyId: keys.symmetric2 });
  await ok(role, 'EnableKey', { KeyId: keys.symmetric2 });
  outsiders.push(
    { name: 'the bootstrap administrator', credentials: who.admin, arn: arn.admin, sameAccount: true },
    { name: 'a user with kms:* (alice)', credentials: who.alice, arn: arn.alice, sameAccount: true },
    { name: 'a user without policies (bob)', credentials: who.bob, arn: arn.bob, sameAccount: true },
    { name: 'a user with some kms permissions (dave)', credentials: who.dave, arn: arn.dave, sameAccount: true },
    { name: "the key account's root", credentials: who.rootA, arn: arn.rootA, sameAccount: true },
    {
      name: 'a session of another role with kms:* (OtherRole)',
      credentials: await assumeRole(url, who.alice, arn.otherRole, 'other'),
      arn: `arn:aws:sts::${arn.rootA.split(':')[4]}:assumed-role/OtherRole/other`,
      sameAccount: true,
    },
    {
      name: 'a session of a role of the key account assumed from account B',
      credentials: await assumeRole(url, who.carol, arn.crossAccountRole, 'cross'),
      arn: `arn:aws:sts::${arn.rootA.split(':')[4]}:assumed-role/CrossAccountRole/cross`,
      sameAccount: true,
    },
    { name: 'a user of account B with kms:* (carol)', credentials: who.carol, arn: arn.carol, sameAccount: false },
    { name: "account B's root", credentials: who.rootB, arn: arn.rootB, sameAccount: false },
  );
});
after(async () => {
  await t.cleanup();
});

describe('a key whose policy allows only KeyUserRole', () => {
  test('every implemented key operation has a request in this test (new operations are covered or fail here)', () => {
    const table = inputs(keys, material, arn.alice);
    const missing = operationNames.filter((op) => isImplemented(op) && !NOT_KEY_AUTHORIZED.has(op) && table[op] === undefined);
    assert.deepEqual(missing, []);
    const covered = operationNames.filter((op) => isImplemented(op) && !NOT_KEY_AUTHORIZED.has(op));
    for (const op of ['Encrypt', 'Decrypt', 'ReEncrypt', 'Sign', 'GenerateMac', 'DeriveSharedSecret', 'PutKeyPolicy', 'CreateGrant', 'ScheduleKeyDeletion'] as const) {
      assert.ok(covered.includes(op), `${op} is implemented and covered`);
    }
  });

  test('no one else can call any key operation on it: AccessDeniedException every time', async () => {
    const refusals: string[] = [];
    for (const outsider of outsiders) {
      const table = inputs(keys, material, outsider.arn);
      const requests: [OperationName, object][] = [
        ...operationNames.filter((op) => isImplemented(op) && !NOT_KEY_AUTHORIZED.has(op)).map((op): [OperationName, object] => [op, table[op]!]),
        ...indirectInputs(keys, material),
      ];
      for (const [operation, input] of requests) {
        const response = await kmsCall(t.server.url, outsider.credentials, operation, input);
        const type = response.json.__type as string | undefined;
        // An alias name is looked up in the caller's own account: another account finds no such alias (6.1).
        const namesAlias = 'AliasName' in input || String((input as { KeyId?: string }).KeyId).startsWith('alias/');
        const expected = !outsider.sameAccount && namesAlias ? ['AccessDeniedException', 'NotFoundException'] : ['AccessDeniedException'];
        if (response.status !== 400 || !expected.includes(type ?? '')) {
          refusals.push(`${outsider.name} ${operation} ${JSON.stringify(input).slice(0, 60)} → ${response.status} ${response.text.slice(0, 160)}`);
          continue;
        }
        if (type === 'AccessDeniedException' && 'KeyId' in input) {
          assert.match(response.json.Message, new RegExp(`^User: ${outsider.arn.replace(/[/]/g, '\\/')} is not authorized to perform: kms:`));
        }
      }
    }
    assert.deepEqual(refusals, [], 'every request by someone other than KeyUserRole must be denied');
  });

  test('and the refused requests changed nothing', async () => {
    for (const [name, keyArn] of Object.entries(keys)) {
      const { KeyMetadata } = await ok(role, 'DescribeKey', { KeyId: keyArn });
      assert.equal(KeyMetadata.KeyState, name === 'external' ? 'PendingImport' : 'Enabled', `${name} state`);
      assert.equal(KeyMetadata.DeletionDate, undefined);
      assert.equal((await ok(role, 'GetKeyPolicy', { KeyId: keyArn, PolicyName: 'default' })).Policy, ROLE_ONLY_POLICY);
      assert.deepEqual((await ok(role, 'ListResourceTags', { KeyId: keyArn })).Tags, [{ TagKey: 'team', TagValue: 'vault' }]);
    }
    const { KeyMetadata } = await ok(role, 'DescribeKey', { KeyId: keys.symmetric });
    assert.equal(KeyMetadata.Description, 'role only');
    assert.equal((await ok(role, 'GetKeyRotationStatus', { KeyId: keys.symmetric })).KeyRotationEnabled, false);
    const grants = (await ok(role, 'ListGrants', { KeyId: keys.symmetric })).Grants as { GrantId: string }[];
    assert.deepEqual(grants.map((g) => g.GrantId), [material.grantId]);
    const aliases = (await ok(role, 'ListAliases', {})).Aliases as { AliasName: string; TargetKeyId: string }[];
    assert.deepEqual(aliases.map((a) => [a.AliasName, a.TargetKeyId]), [['alias/role-only', keys.symmetric.split('/')[1]]]);
  });

  test('KeyUserRole itself succeeds with every one of those requests (they are valid requests)', async () => {
    const table = inputs(keys, material, arn.keyUserRole);
    // The key is not pending deletion; the key material is not real wrapped material; the key is single-Region, so it
    // can be neither replicated nor moved: all fail after authorization.
    const expectedFailures: Partial<Record<OperationName, string>> = {
      CancelKeyDeletion: 'KMSInvalidStateException',
      ImportKeyMaterial: 'InvalidCiphertextException',
      ReplicateKey: 'UnsupportedOperationException',
      UpdatePrimaryRegion: 'UnsupportedOperationException',
    };
    const failed: string[] = [];
    const ops = operationNames.filter((op) => isImplemented(op) && !NOT_KEY_AUTHORIZED.has(op));
    // Destructive operations last, so that the others still find the keys usable.
    const last = new Set<OperationName>(['RevokeGrant', 'DeleteAlias', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey']);
    for (const operation of [...ops.filter((op) => !last.has(op)), ...ops.filter((op) => last.has(op))]) {
      const response = await kmsCall(t.server.url, role, operation, table[operation]!);
      if (response.status !== 200 && response.json.__type !== expectedFailures[operation]) failed.push(`${operation}: ${response.text}`);
    }
    assert.deepEqual(failed, []);
  });
});
