// Table of policy documents that parse and that AWS rejects, with the exception and message of each
// rejection (docs/kms-behaviour.md 2.6, Appendix A), plus the 32 KB key-policy limit.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKeyPolicySize, KEY_POLICY_MAX_BYTES, parsePolicyDocument, POLICY_MESSAGES as M, type ParsePolicyOptions } from './parse-policy.js';
import { INVALID_PRINCIPALS } from './parse-principal.js';

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const ok = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const with_ = (extra: Record<string, unknown>, base: Record<string, unknown> = ok) => doc({ ...base, ...extra });
const without = (name: string) => doc(Object.fromEntries(Object.entries(ok).filter(([k]) => k !== name)));
const KEY: ParsePolicyOptions = { kind: 'key' };
const IDENTITY: ParsePolicyOptions = { kind: 'identity' };
const identityOk = { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' };
const EC_TEXT = M.overlyPermissive('encryption context');

/** Accounts and principals that "exist" for the principalExists rows. */
const KNOWN = new Set([ACCT, ROOT, `arn:aws:iam::${ACCT}:user/alice`, `arn:aws:iam::${ACCT}:role/Admin`]);
const EXISTS: ParsePolicyOptions = { kind: 'key', principalExists: (p) => KNOWN.has(p) };

type Row = [title: string, text: string, options: ParsePolicyOptions, expected: 'ok' | string];

const rows: Row[] = [
  // Accepted documents
  ['a minimal key policy', doc(ok), KEY, 'ok'],
  ['a statement given as a single object', JSON.stringify({ Version: '2012-10-17', Statement: ok }), KEY, 'ok'],
  ['a policy without Version', JSON.stringify({ Statement: [ok] }), KEY, 'ok'],
  ['Version 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: [ok] }), KEY, 'ok'],
  ['an Id and Sid with spaces', JSON.stringify({ Version: '2012-10-17', Id: 'key-consolepolicy-3', Statement: [{ Sid: 'Enable IAM User Permissions', ...ok }] }), KEY, 'ok'],
  ['Principal "*"', with_({ Principal: '*' }), KEY, 'ok'],
  ['Principal {"AWS": "*"}', with_({ Principal: { AWS: '*' } }), KEY, 'ok'],
  ['a bare account ID', with_({ Principal: { AWS: ACCT } }), KEY, 'ok'],
  ['a list of user, role, session and federated-user ARNs', with_({ Principal: { AWS: [`arn:aws:iam::${ACCT}:user/alice`, `arn:aws:iam::${ACCT}:role/path/to/Admin`, `arn:aws:sts::${ACCT}:assumed-role/Admin/bob`, `arn:aws:sts::${ACCT}:federated-user/fed`] } }), KEY, 'ok'],
  ['a root ARN in another partition', with_({ Principal: { AWS: 'arn:aws-cn:iam::111122223333:root' } }), KEY, 'ok'],
  ['a service principal', with_({ Principal: { Service: 'logs.us-east-1.amazonaws.com' } }), KEY, 'ok'],
  ['AWS and Service principals together', with_({ Principal: { AWS: ROOT, Service: ['a.amazonaws.com', 'b.amazonaws.com'] } }), KEY, 'ok'],
  ['NotPrincipal instead of Principal', doc({ Effect: 'Deny', NotPrincipal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }), KEY, 'ok'],
  ['NotAction and NotResource', doc({ Effect: 'Allow', Principal: '*', NotAction: 'kms:Decrypt', NotResource: 'arn:aws:kms:*:*:key/x' }), KEY, 'ok'],
  ['a statement without Action is accepted (no effect)', without('Action'), KEY, 'ok'],
  ['a statement without Resource is accepted (no effect)', without('Resource'), KEY, 'ok'],
  ['Action "*" and wildcard actions', with_({ Action: ['*', 'kms:Describe*', 'kms:?ncrypt'] }), KEY, 'ok'],
  ['every condition operator family', with_({ Condition: { StringLike: { 'kms:EncryptionContext:a': 'x*' }, NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 10 }, DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, Bool: { 'kms:BypassPolicyLockoutSafetyCheck': false }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' }, Null: { 'kms:EncryptionContextKeys': 'false' }, BinaryEquals: { 'kms:X': 'AA==' } } }), KEY, 'ok'],
  ['ForAnyValue with kms:EncryptionContext:<key> is accepted', with_({ Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContext:app': 'web' } } }), KEY, 'ok'],
  ['ForAllValues with kms:EncryptionContextKeys is accepted', with_({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['a', 'b'] } } }), KEY, 'ok'],
  ['IfExists forms', with_({ Condition: { StringEqualsIfExists: { 'kms:X': 'a' }, 'ForAnyValue:StringLikeIfExists': { 'kms:Y': 'b*' } } }), KEY, 'ok'],
  ['condition values as numbers and booleans', with_({ Condition: { StringEquals: { 'kms:X': [1, true, 'x'] } } }), KEY, 'ok'],
  ['an identity policy without Principal', doc(identityOk), IDENTITY, 'ok'],
  ['an identity policy on key ARN patterns', doc({ ...identityOk, Resource: ['arn:aws:kms:*:111122223333:key/*', 'arn:aws:kms:us-east-1:111122223333:alias/*'] }), IDENTITY, 'ok'],
  ['known principals pass principalExists', with_({ Principal: { AWS: [ACCT, ROOT, `arn:aws:iam::${ACCT}:role/Admin`] } }), EXISTS, 'ok'],
  ['"*" and service principals are not looked up', with_({ Principal: { AWS: '*', Service: 'x.amazonaws.com' } }), EXISTS, 'ok'],
  ['ForAllValues with an EC key is allowed in identity policies', doc({ ...identityOk, Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:app': 'web' } } }), IDENTITY, 'ok'],
  // Syntax and structure
  ['invalid JSON', '{"Version": "2012-10-17", "Statement": [', KEY, M.syntax],
  ['a JSON array instead of an object', '[]', KEY, M.syntax],
  ['a JSON string instead of an object', '"policy"', KEY, M.syntax],
  ['an empty text', '', KEY, M.syntax],
  ['an unknown top-level element', JSON.stringify({ Version: '2012-10-17', Statement: [ok], Extra: 1 }), KEY, M.unknownElement('Extra')],
  ['element names are case-sensitive', JSON.stringify({ version: '2012-10-17', Statement: [ok] }), KEY, M.unknownElement('version')],
  ['a statement element at the top level', JSON.stringify({ Version: '2012-10-17', Effect: 'Allow', Statement: [ok] }), KEY, M.statementElementAtTop('Effect')],
  ['a top-level element inside a statement', with_({ Version: '2012-10-17' }), KEY, M.topElementInStatement('Version')],
  ['an unknown statement element', with_({ Actions: 'kms:*' }), KEY, M.unknownElement('Actions')],
  ['an invalid Version', JSON.stringify({ Version: '2020-01-01', Statement: [ok] }), KEY, M.invalidVersion('2020-01-01')],
  ['a non-string Id', JSON.stringify({ Id: 5, Statement: [ok] }), KEY, M.syntax],
  ['Statement missing', JSON.stringify({ Version: '2012-10-17' }), KEY, M.noStatement],
  ['Statement empty', JSON.stringify({ Version: '2012-10-17', Statement: [] }), KEY, M.noStatement],
  ['a statement that is not an object', doc('Allow'), KEY, M.syntax],
  ['a null statement', JSON.stringify({ Statement: null }), KEY, M.syntax],
  ['a non-string Sid', with_({ Sid: 1 }), KEY, M.syntax],
  // Effect
  ['Effect missing', without('Effect'), KEY, M.missingEffect],
  ['Effect in the wrong case', with_({ Effect: 'allow' }), KEY, M.invalidEffect('allow')],
  ['Effect not Allow or Deny', with_({ Effect: 'Permit' }), KEY, M.invalidEffect('Permit')],
  // Principal
  ['Principal missing in a key policy', without('Principal'), KEY, M.noPrincipal],
  ['Principal and NotPrincipal together', with_({ NotPrincipal: { AWS: ROOT } }), KEY, M.both('Principal', 'NotPrincipal')],
  ['Principal in an identity policy', doc({ ...identityOk, Principal: '*' }), IDENTITY, M.principalInIdentityPolicy],
  ['NotPrincipal in an identity policy', doc({ ...identityOk, NotPrincipal: { AWS: ROOT } }), IDENTITY, M.principalInIdentityPolicy],
  ['an unknown principal type', with_({ Principal: { IAM: ROOT } }), KEY, INVALID_PRINCIPALS],
  ['an empty Principal object', with_({ Principal: {} }), KEY, INVALID_PRINCIPALS],
  ['an empty AWS principal list', with_({ Principal: { AWS: [] } }), KEY, INVALID_PRINCIPALS],
  ['a principal that is not an ARN or account', with_({ Principal: { AWS: 'alice' } }), KEY, INVALID_PRINCIPALS],
  ['an account ID of 11 digits', with_({ Principal: { AWS: '11112222333' } }), KEY, INVALID_PRINCIPALS],
  ['a wildcard inside a principal ARN', with_({ Principal: { AWS: `arn:aws:iam::${ACCT}:user/*` } }), KEY, INVALID_PRINCIPALS],
  ['a group ARN as principal', with_({ Principal: { AWS: `arn:aws:iam::${ACCT}:group/admins` } }), KEY, INVALID_PRINCIPALS],
  ['a KMS key ARN as principal', with_({ Principal: { AWS: `arn:aws:kms:us-east-1:${ACCT}:key/x` } }), KEY, INVALID_PRINCIPALS],
  ['a principal that is a number', with_({ Principal: { AWS: 111122223333 } }), KEY, INVALID_PRINCIPALS],
  ['Principal as an array', with_({ Principal: ['*'] }), KEY, INVALID_PRINCIPALS],
  ['an empty service principal', with_({ Principal: { Service: '' } }), KEY, INVALID_PRINCIPALS],
  ['an unknown account fails principalExists', with_({ Principal: { AWS: '999999999999' } }), EXISTS, INVALID_PRINCIPALS],
  ['an unknown root ARN fails principalExists', with_({ Principal: { AWS: 'arn:aws:iam::999999999999:root' } }), EXISTS, INVALID_PRINCIPALS],
  ['an unknown user fails principalExists', with_({ Principal: { AWS: [ROOT, `arn:aws:iam::${ACCT}:user/ghost`] } }), EXISTS, INVALID_PRINCIPALS],
  ['an unknown principal in NotPrincipal fails principalExists', doc({ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:role/Ghost` }, Action: 'kms:*', Resource: '*' }), EXISTS, INVALID_PRINCIPALS],
  // Action and Resource
  ['Action and NotAction together', with_({ NotAction: 'kms:Decrypt' }), KEY, M.both('Action', 'NotAction')],
  ['Resource and NotResource together', with_({ NotResource: '*' }), KEY, M.both('Resource', 'NotResource')],
  ['an action without a service prefix', with_({ Action: 'Encrypt' }), KEY, M.vendorPrefix],
  ['an action with an empty name', with_({ Action: 'kms:' }), KEY, M.vendorPrefix],
  ['an action with two colons', with_({ Action: 'kms:Encrypt:x' }), KEY, M.oneColon],
  ['an action that is not a string', with_({ Action: ['kms:Encrypt', 5] }), KEY, M.syntax],
  ['a resource that is neither "*" nor an ARN', with_({ Resource: 'my-key' }), KEY, M.resourceFormat('my-key')],
  ['a resource that is not a string', with_({ Resource: { Key: 1 } }), KEY, M.syntax],
  ['missing Action rejected when requireActionAndResource', without('Action'), { kind: 'key', requireActionAndResource: true }, M.missingAction],
  ['missing Resource rejected when requireActionAndResource', without('Resource'), { kind: 'key', requireActionAndResource: true }, M.missingResource],
  // Condition
  ['an unknown condition operator', with_({ Condition: { StringEqualz: { 'kms:X': 'a' } } }), KEY, M.conditionType('StringEqualz')],
  ['an unknown set operator', with_({ Condition: { 'ForSomeValues:StringEquals': { 'kms:X': 'a' } } }), KEY, M.conditionType('ForSomeValues:StringEquals')],
  ['NullIfExists is not an operator', with_({ Condition: { NullIfExists: { 'kms:X': 'true' } } }), KEY, M.conditionType('NullIfExists')],
  ['ForAnyValue:Null is not an operator', with_({ Condition: { 'ForAnyValue:Null': { 'kms:X': 'true' } } }), KEY, M.conditionType('ForAnyValue:Null')],
  ['a Condition that is not an object', with_({ Condition: 'StringEquals' }), KEY, M.syntax],
  ['an operator block that is not an object', with_({ Condition: { StringEquals: ['kms:X'] } }), KEY, M.syntax],
  ['a condition value that is an object', with_({ Condition: { StringEquals: { 'kms:X': { a: 1 } } } }), KEY, M.syntax],
  ['a condition value that is null', with_({ Condition: { StringEquals: { 'kms:X': null } } }), KEY, M.syntax],
  ['a condition key without a service prefix', with_({ Condition: { StringEquals: { EncryptionContext: 'a' } } }), KEY, M.vendorPrefix],
  ['ForAllValues with kms:EncryptionContext:<key>', with_({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:app': 'web' } } }), KEY, EC_TEXT],
  ['ForAllValues with kms:EncryptionContext:<key> in another case', with_({ Condition: { 'forallvalues:StringLike': { 'KMS:ENCRYPTIONCONTEXT:App': 'w*' } } }), KEY, EC_TEXT],
  ['ForAllValues with aws:RequestTag/<key>', with_({ Condition: { 'ForAllValues:StringEquals': { 'aws:RequestTag/Project': 'alpha' } } }), KEY, M.overlyPermissive('tag')],
];

describe('policy validation table', () => {
  for (const [title, text, options, expected] of rows) {
    test(title, () => {
      if (expected === 'ok') {
        const policy = parsePolicyDocument(text, options);
        assert.ok(policy.statements.length >= 1);
        assert.equal(policy.kind, options.kind);
        return;
      }
      assert.throws(() => parsePolicyDocument(text, options), { name: 'MalformedPolicyDocumentException', message: expected });
    });
  }
});

describe('the parsed form', () => {
  test('keeps Version, Id, Sid and Effect', () => {
    const policy = parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Id: 'p1', Statement: [{ Sid: 'S 1', ...ok }] }), KEY);
    assert.equal(policy.version, '2012-10-17');
    assert.equal(policy.id, 'p1');
    assert.equal(policy.statements[0].sid, 'S 1');
    assert.equal(policy.statements[0].effect, 'Allow');
  });
  test('normalises a root ARN and a bare account ID to the same account', () => {
    const policy = parsePolicyDocument(with_({ Principal: { AWS: [ROOT, '444455556666'] } }), KEY);
    assert.deepEqual(policy.statements[0].principal?.accounts, [ACCT, '444455556666']);
  });
  test('passes bare account IDs and ARNs as written to principalExists', () => {
    const seen: string[] = [];
    parsePolicyDocument(with_({ Principal: { AWS: [ACCT, ROOT, '*'], Service: 's.amazonaws.com' } }), { kind: 'key', principalExists: (p) => (seen.push(p), true) });
    assert.deepEqual(seen, [ACCT, ROOT]);
  });
  test('lower-cases condition key names', () => {
    const policy = parsePolicyDocument(with_({ Condition: { StringEquals: { 'kms:EncryptionContext:Dept': 'IT' } } }), KEY);
    assert.equal(policy.statements[0].conditions[0].key, 'kms:encryptioncontext:dept');
  });
});

describe('key policy size (docs/kms-behaviour.md 2.6)', () => {
  test('a policy of exactly 32768 bytes is accepted', () => {
    assert.doesNotThrow(() => checkKeyPolicySize('x'.repeat(KEY_POLICY_MAX_BYTES)));
  });
  test('a policy over 32768 bytes is LimitExceededException', () => {
    assert.throws(() => checkKeyPolicySize('x'.repeat(KEY_POLICY_MAX_BYTES + 1)), { name: 'LimitExceededException', message: M.tooLarge(KEY_POLICY_MAX_BYTES + 1) });
  });
  test('the size counts UTF-8 bytes, not characters', () => {
    assert.throws(() => checkKeyPolicySize('é'.repeat(KEY_POLICY_MAX_BYTES / 2 + 1)), { name: 'LimitExceededException' });
  });
});
