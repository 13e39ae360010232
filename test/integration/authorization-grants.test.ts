// Grants end to end (docs/kms-behaviour.md 6.3): CreateGrant with operations, constraints, Name and tokens; what a
// grant allows and what it does not; ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant; AWS's exceptions.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { serveForSuite, TEST_REGION, type TestServer } from '../support/test-server.js';
import { ACCOUNT_A, arn, assumeRole, b64, kmsCaller, who, writePrincipalsFile, type Credentials } from '../support/authorization-fixture.js';

let t: TestServer;
serveForSuite({ principalsFile: writePrincipalsFile() }, (server) => (t = server));

const { ok, refused, createKey } = kmsCaller(() => t.server.url);
const grant = async (input: object, as: Credentials = who.admin) => (await ok(as, 'CreateGrant', input)) as { GrantId: string; GrantToken: string };
const grantsOf = async (keyId: string) => (await ok(who.admin, 'ListGrants', { KeyId: keyId })).Grants as Record<string, any>[];
const NEVER_ISSUED = b64('a grant token that openkms never issued');

describe('what a grant allows', () => {
  test('the grantee may use the operations it names at once, with or without the token, and nothing else', async () => {
    const key = await createKey();
    const { GrantToken } = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt', 'Decrypt', 'DescribeKey'] });
    const { CiphertextBlob } = await ok(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x'), GrantTokens: [GrantToken] });
    await ok(who.bob, 'Decrypt', { CiphertextBlob });
    await ok(who.bob, 'DescribeKey', { KeyId: key.Arn });
    await refused(who.bob, 'GenerateDataKey', { KeyId: key.Arn, KeySpec: 'AES_256' }, 'AccessDeniedException');
    await refused(who.bob, 'ScheduleKeyDeletion', { KeyId: key.Arn }, 'AccessDeniedException');
    await refused(who.bob, 'CreateGrant', { KeyId: key.Arn, GranteePrincipal: arn.dave, Operations: ['Encrypt'] }, 'AccessDeniedException');
  });

  test('a grant token that was never issued → InvalidGrantTokenException, even for a caller who needs none', async () => {
    const key = await createKey();
    await refused(who.admin, 'Encrypt', { KeyId: key.KeyId, Plaintext: b64('x'), GrantTokens: [NEVER_ISSUED] }, 'InvalidGrantTokenException');
    await refused(who.admin, 'CreateGrant', { KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'], GrantTokens: [NEVER_ISSUED] }, 'InvalidGrantTokenException');
    assert.deepEqual(await grantsOf(key.KeyId), []);
  });

  test('DescribeKey, whose model lists no InvalidGrantTokenException, does not check its grant tokens: one never issued allows nothing', async () => {
    const key = await createKey();
    await ok(who.admin, 'DescribeKey', { KeyId: key.KeyId, GrantTokens: [NEVER_ISSUED] });
    await refused(who.bob, 'DescribeKey', { KeyId: key.Arn, GrantTokens: [NEVER_ISSUED] }, 'AccessDeniedException');
  });

  test('EncryptionContextSubset and EncryptionContextEquals constraints', async () => {
    const key = await createKey();
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'], Constraints: { EncryptionContextSubset: { dept: 'a' } } });
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.dave, Operations: ['GenerateDataKey'], Constraints: { EncryptionContextEquals: { dept: 'a' } } });
    await ok(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x'), EncryptionContext: { dept: 'a', extra: '1' } });
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x'), EncryptionContext: { dept: 'b' } }, 'AccessDeniedException');
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'AccessDeniedException');
    await ok(who.dave, 'GenerateDataKey', { KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: { dept: 'a' } });
    await refused(who.dave, 'GenerateDataKey', { KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: { dept: 'a', extra: '1' } }, 'AccessDeniedException');
  });

  test('an explicit deny in the key policy beats a grant', async () => {
    const key = await createKey({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: arn.rootA }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Principal: { AWS: arn.bob }, Action: 'kms:Encrypt', Resource: '*' },
        ],
      }),
    });
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'] });
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'AccessDeniedException', /with an explicit deny in a resource-based policy$/);
  });

  test('a grant to a role covers its sessions; a grant to another account needs that account identity policy', async () => {
    const key = await createKey();
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.keyUserRole, Operations: ['Encrypt'] });
    const session = await assumeRole(t.server.url, who.alice, arn.keyUserRole, 'granted');
    await ok(session, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') });
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.carol, Operations: ['Encrypt'] });
    await ok(who.carol, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') });
    await refused(who.rootB, 'DescribeKey', { KeyId: key.Arn }, 'AccessDeniedException');
  });

  test('a grant allows nothing while its key is disabled, and CreateGrant is refused then', async () => {
    const key = await createKey();
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'] });
    await ok(who.admin, 'DisableKey', { KeyId: key.KeyId });
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'DisabledException');
    await refused(who.admin, 'CreateGrant', { KeyId: key.KeyId, GranteePrincipal: arn.dave, Operations: ['Encrypt'] }, 'DisabledException');
    assert.equal((await grantsOf(key.KeyId)).length, 1);
  });

  test('a principal with CreateGrant from a grant may only create narrower grants', async () => {
    const key = await createKey();
    await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { dept: 'a' } } });
    await ok(who.bob, 'CreateGrant', { KeyId: key.Arn, GranteePrincipal: arn.dave, Operations: ['Encrypt'], Constraints: { EncryptionContextSubset: { dept: 'a', team: 'x' } } });
    await ok(who.bob, 'CreateGrant', { KeyId: key.Arn, GranteePrincipal: arn.dave, Operations: ['Encrypt'], Constraints: { EncryptionContextEquals: { dept: 'a' } } });
    await refused(who.bob, 'CreateGrant', { KeyId: key.Arn, GranteePrincipal: arn.dave, Operations: ['Encrypt', 'Decrypt'], Constraints: { EncryptionContextSubset: { dept: 'a' } } }, 'AccessDeniedException');
    await refused(who.bob, 'CreateGrant', { KeyId: key.Arn, GranteePrincipal: arn.dave, Operations: ['Encrypt'] }, 'AccessDeniedException');
    assert.equal((await grantsOf(key.KeyId)).length, 3);
  });
});

describe('CreateGrant parameters', () => {
  test('Name makes a retry idempotent: same GrantId, a new token; other parameters make a new grant', async () => {
    const key = await createKey();
    const input = { KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt', 'Decrypt'], Name: 'app-grant' };
    const first = await grant(input);
    const retry = await grant({ ...input, Operations: ['Decrypt', 'Encrypt'] });
    assert.equal(retry.GrantId, first.GrantId);
    assert.notEqual(retry.GrantToken, first.GrantToken);
    const other = await grant({ ...input, Operations: ['Encrypt'] });
    assert.notEqual(other.GrantId, first.GrantId);
    const unnamed = { KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'] };
    assert.notEqual((await grant(unnamed)).GrantId, (await grant(unnamed)).GrantId);
    assert.equal((await grantsOf(key.KeyId)).length, 4);
  });

  test('operations and constraints must suit the key; principals must exist; nothing is created otherwise', async () => {
    const symmetric = await createKey();
    const signing = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const cases: [string, object, string, string | RegExp][] = [
      ['Sign on a symmetric key', { KeyId: symmetric.KeyId, GranteePrincipal: arn.bob, Operations: ['Sign'] }, 'ValidationException', 'Grant operations Sign are not valid for this KMS key.'],
      ['only CreateGrant', { KeyId: symmetric.KeyId, GranteePrincipal: arn.bob, Operations: ['CreateGrant'] }, 'ValidationException', 'Grants must not contain only the CreateGrant operation.'],
      [
        'an encryption context constraint on a signing key',
        { KeyId: signing.KeyId, GranteePrincipal: arn.bob, Operations: ['Sign'], Constraints: { EncryptionContextSubset: { a: 'b' } } },
        'ValidationException',
        /only valid for symmetric encryption KMS keys/,
      ],
      ['a user that does not exist', { KeyId: symmetric.KeyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT_A}:user/mallory`, Operations: ['Encrypt'] }, 'InvalidArnException', `ARN does not refer to a valid principal: arn:aws:iam::${ACCOUNT_A}:user/mallory`],
      ['something that is not a principal ARN', { KeyId: symmetric.KeyId, GranteePrincipal: 'bob', Operations: ['Encrypt'] }, 'InvalidArnException', 'ARN does not refer to a valid principal: bob'],
      ['a retiring principal that does not exist', { KeyId: symmetric.KeyId, GranteePrincipal: arn.bob, RetiringPrincipal: 'arn:aws:iam::999988887777:root', Operations: ['Encrypt'] }, 'InvalidArnException', /999988887777/],
      ['no grantee', { KeyId: symmetric.KeyId, Operations: ['Encrypt'] }, 'ValidationException', /GranteePrincipal/],
      ['nine constraint pairs', { KeyId: symmetric.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'], Constraints: { EncryptionContextEquals: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v'])) } }, 'ValidationException', /at most 8/],
    ];
    for (const [what, input, type, message] of cases) {
      await refused(who.admin, 'CreateGrant', input, type, message).catch((error: Error) => assert.fail(`${what}: ${error.message}`));
    }
    assert.deepEqual(await grantsOf(symmetric.KeyId), []);
    assert.deepEqual(await grantsOf(signing.KeyId), []);
  });

  test('kms:GrantOperations and kms:GrantIsForAWSResource conditions', async () => {
    const key = await createKey({
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: arn.rootA }, Action: 'kms:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: arn.bob },
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, Bool: { 'kms:GrantIsForAWSResource': 'false' } },
          },
        ],
      }),
    });
    await ok(who.bob, 'CreateGrant', { KeyId: key.KeyId, GranteePrincipal: arn.dave, Operations: ['Encrypt'] });
    await refused(who.bob, 'CreateGrant', { KeyId: key.KeyId, GranteePrincipal: arn.dave, Operations: ['Encrypt', 'GenerateDataKey'] }, 'AccessDeniedException');
  });

  test('at most 50,000 grants per key → LimitExceededException', async () => {
    const key = await createKey();
    await t.server.store.write(async (tx) => {
      for (let i = 0; i < 50_000; i++) {
        await tx.putGrant({
          accountId: ACCOUNT_A,
          region: TEST_REGION,
          keyId: key.KeyId,
          keyArn: key.Arn,
          grantId: createHash('sha256').update(`grant-${i}`).digest('hex'),
          creationDate: new Date(),
          granteePrincipal: arn.dave,
          issuingAccount: ACCOUNT_A,
          operations: ['Encrypt'],
        });
      }
    });
    await refused(who.admin, 'CreateGrant', { KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'] }, 'LimitExceededException');
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'AccessDeniedException');
  });
});

describe('listing, retiring and revoking grants', () => {
  test('ListGrants: AWS entries, filters, pagination, InvalidGrantIdException', async () => {
    const key = await createKey();
    const a = await grant({
      KeyId: key.KeyId,
      GranteePrincipal: arn.bob,
      RetiringPrincipal: arn.alice,
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { dept: 'a' } },
      Name: 'first',
    });
    const b = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.dave, Operations: ['DescribeKey'] });
    const [entry] = await grantsOf(key.KeyId);
    assert.deepEqual({ ...entry, CreationDate: typeof entry!.CreationDate }, {
      KeyId: key.Arn,
      GrantId: a.GrantId,
      Name: 'first',
      CreationDate: 'number',
      GranteePrincipal: arn.bob,
      RetiringPrincipal: arn.alice,
      IssuingAccount: arn.rootA,
      Operations: ['Encrypt', 'Decrypt'],
      Constraints: { EncryptionContextSubset: { dept: 'a' } },
    });
    assert.match(a.GrantId, /^[0-9a-f]{64}$/);
    const byId = await ok(who.admin, 'ListGrants', { KeyId: key.Arn, GrantId: b.GrantId });
    assert.deepEqual(byId.Grants.map((g: { GrantId: string }) => g.GrantId), [b.GrantId]);
    const byGrantee = await ok(who.admin, 'ListGrants', { KeyId: key.KeyId, GranteePrincipal: arn.bob });
    assert.deepEqual(byGrantee.Grants.map((g: { GrantId: string }) => g.GrantId), [a.GrantId]);
    const page1 = await ok(who.admin, 'ListGrants', { KeyId: key.KeyId, Limit: 1 });
    assert.equal(page1.Truncated, true);
    const page2 = await ok(who.admin, 'ListGrants', { KeyId: key.KeyId, Limit: 1, Marker: page1.NextMarker });
    assert.deepEqual([page1.Grants[0].GrantId, page2.Grants[0].GrantId], [a.GrantId, b.GrantId]);
    assert.equal(page2.Truncated, false);
    assert.equal((await grantsOf(key.KeyId))[1]!.Name, '');
    await refused(who.admin, 'ListGrants', { KeyId: key.KeyId, GrantId: 'not-a-grant-id' }, 'InvalidGrantIdException');
    await refused(who.bob, 'ListGrants', { KeyId: key.Arn }, 'AccessDeniedException');
  });

  test('ListRetirableGrants: by a retiring principal of the caller account, needs kms:ListRetirableGrants', async () => {
    const key = await createKey();
    const g = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, RetiringPrincipal: arn.dave, Operations: ['Encrypt'] });
    const listed = await ok(who.alice, 'ListRetirableGrants', { RetiringPrincipal: arn.dave });
    assert.ok(listed.Grants.some((entry: { GrantId: string; KeyId: string }) => entry.GrantId === g.GrantId && entry.KeyId === key.Arn));
    await refused(who.bob, 'ListRetirableGrants', { RetiringPrincipal: arn.dave }, 'AccessDeniedException');
    await refused(who.carol, 'ListRetirableGrants', { RetiringPrincipal: arn.dave }, 'AccessDeniedException');
  });

  test('RetireGrant: by token, by key ARN and grant id; by the retiring principal, the grantee with RetireGrant, the account', async () => {
    const key = await createKey();
    const byRetiring = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, RetiringPrincipal: arn.dave, Operations: ['Encrypt'] });
    const byGrantee = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt', 'RetireGrant'] });
    const byAccount = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, Operations: ['Encrypt'] });
    // Outside the grant and the account: refused, and the grants stay.
    await refused(who.carol, 'RetireGrant', { GrantToken: byRetiring.GrantToken }, 'AccessDeniedException');
    await refused(who.bob, 'RetireGrant', { GrantToken: byRetiring.GrantToken }, 'AccessDeniedException');
    await refused(who.bob, 'RetireGrant', { KeyId: key.Arn, GrantId: byAccount.GrantId }, 'AccessDeniedException');
    assert.equal((await grantsOf(key.KeyId)).length, 3);
    await ok(who.dave, 'RetireGrant', { GrantToken: byRetiring.GrantToken });
    await ok(who.bob, 'RetireGrant', { KeyId: key.Arn, GrantId: byGrantee.GrantId });
    // alice has kms:* in the key's account, which may delegate retiring to its IAM principals.
    await ok(who.alice, 'RetireGrant', { KeyId: key.Arn, GrantId: byAccount.GrantId });
    assert.deepEqual(await grantsOf(key.KeyId), []);
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'AccessDeniedException');
    await refused(who.dave, 'RetireGrant', { GrantToken: byRetiring.GrantToken }, 'NotFoundException');
    await refused(who.admin, 'RetireGrant', { GrantToken: NEVER_ISSUED }, 'InvalidGrantTokenException');
    await refused(who.admin, 'RetireGrant', { KeyId: key.Arn, GrantId: 'nope' }, 'InvalidGrantIdException');
    await refused(who.admin, 'RetireGrant', { KeyId: key.Arn, GrantId: 'a'.repeat(64) }, 'NotFoundException');
    await refused(who.admin, 'RetireGrant', {}, 'ValidationException');
  });

  test('RevokeGrant: key administrators revoke; others are refused; the grant stops working', async () => {
    const key = await createKey();
    const g = await grant({ KeyId: key.KeyId, GranteePrincipal: arn.bob, RetiringPrincipal: arn.bob, Operations: ['Encrypt', 'RetireGrant'] });
    await refused(who.bob, 'RevokeGrant', { KeyId: key.Arn, GrantId: g.GrantId }, 'AccessDeniedException');
    await ok(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') });
    await ok(who.admin, 'RevokeGrant', { KeyId: key.KeyId, GrantId: g.GrantId });
    await refused(who.bob, 'Encrypt', { KeyId: key.Arn, Plaintext: b64('x') }, 'AccessDeniedException');
    await refused(who.admin, 'RevokeGrant', { KeyId: key.KeyId, GrantId: g.GrantId }, 'NotFoundException');
    await refused(who.admin, 'RevokeGrant', { KeyId: key.KeyId, GrantId: 'bad' }, 'InvalidGrantIdException');
  });
});
