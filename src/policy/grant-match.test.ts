// Tables for grant matching (grantee, operation, encryption-context constraints) and for the rule that
// a grant created through a grant may only be narrower (docs/kms-behaviour.md 6.3).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { grantAllows, isGrantNarrower, type Grant, type GrantConstraints, type GrantRequest } from './grant-match.js';

const ACCT = '111122223333';
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
const ROLE = `arn:aws:iam::${ACCT}:role/App`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/App/s1`;

const grant = (operations: string[], constraints?: GrantConstraints, grantee = ALICE): Grant => ({
  grantId: 'b'.repeat(64),
  keyArn: `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  granteePrincipal: grantee,
  operations,
  issuingAccount: `arn:aws:iam::${ACCT}:root`,
  ...(constraints ? { constraints } : {}),
});
const req = (operation: string, encryptionContext?: Record<string, string>, who: Partial<GrantRequest> = {}): GrantRequest => ({
  callerArn: ALICE,
  callerAccountId: ACCT,
  operation,
  ...(encryptionContext ? { encryptionContext } : {}),
  ...who,
});
const EQ = (ec: Record<string, string>): GrantConstraints => ({ encryptionContextEquals: ec });
const SUB = (ec: Record<string, string>): GrantConstraints => ({ encryptionContextSubset: ec });

const allowRows: [title: string, grant: Grant, request: GrantRequest, expected: boolean][] = [
  ['a grant allows a listed operation for its grantee', grant(['Encrypt', 'Decrypt']), req('Decrypt'), true],
  ['a grant does not allow an unlisted operation', grant(['Encrypt']), req('Decrypt'), false],
  ['operation names are case-sensitive', grant(['encrypt']), req('Encrypt'), false],
  ['a grant does not allow another principal', grant(['Encrypt']), req('Encrypt', undefined, { callerArn: `arn:aws:iam::${ACCT}:user/dave` }), false],
  ['a grant to a role covers its sessions', grant(['Encrypt'], undefined, ROLE), req('Encrypt', undefined, { callerArn: SESSION, roleArn: ROLE }), true],
  ['a grant to a session covers that session', grant(['Encrypt'], undefined, SESSION), req('Encrypt', undefined, { callerArn: SESSION, roleArn: ROLE }), true],
  ['a grant to the account root covers principals of that account', grant(['Encrypt'], undefined, `arn:aws:iam::${ACCT}:root`), req('Encrypt'), true],
  ['a grant to the account root does not cover other accounts', grant(['Encrypt'], undefined, 'arn:aws:iam::444455556666:root'), req('Encrypt'), false],
  ['ReEncryptFrom and ReEncryptTo are separate grant operations', grant(['ReEncryptFrom']), req('ReEncryptTo'), false],
  ['Equals: the same pairs in another order', grant(['Decrypt'], EQ({ a: '1', b: '2' })), req('Decrypt', { b: '2', a: '1' }), true],
  ['Equals: an extra pair in the request', grant(['Decrypt'], EQ({ a: '1' })), req('Decrypt', { a: '1', b: '2' }), false],
  ['Equals: a missing pair in the request', grant(['Decrypt'], EQ({ a: '1', b: '2' })), req('Decrypt', { a: '1' }), false],
  ['Equals: values are case-sensitive', grant(['Decrypt'], EQ({ a: 'x' })), req('Decrypt', { a: 'X' }), false],
  ['Equals: keys are case-sensitive', grant(['Decrypt'], EQ({ a: 'x' })), req('Decrypt', { A: 'x' }), false],
  ['Equals: no encryption context in the request', grant(['Encrypt'], EQ({ a: '1' })), req('Encrypt'), false],
  ['Subset: the request contains the pairs', grant(['Encrypt'], SUB({ a: '1' })), req('Encrypt', { a: '1', b: '2' }), true],
  ['Subset: the exact pairs', grant(['Encrypt'], SUB({ a: '1', b: '2' })), req('Encrypt', { a: '1', b: '2' }), true],
  ['Subset: a pair with another value', grant(['Encrypt'], SUB({ a: '1' })), req('Encrypt', { a: '2' }), false],
  ['Subset: no encryption context in the request', grant(['Encrypt'], SUB({ a: '1' })), req('Encrypt'), false],
  ['Subset: an inherited property name is not a pair', grant(['Encrypt'], SUB({ toString: 'x' })), req('Encrypt', {}), false],
  ['Equals and Subset together both hold', grant(['Encrypt'], { ...EQ({ a: '1', b: '2' }), ...SUB({ a: '1' }) }), req('Encrypt', { a: '1', b: '2' }), true],
  ['Equals and Subset together: Subset fails', grant(['Encrypt'], { ...EQ({ a: '1' }), ...SUB({ c: '3' }) }), req('Encrypt', { a: '1' }), false],
  ['constraints are ignored for DescribeKey', grant(['DescribeKey'], EQ({ a: '1' })), req('DescribeKey'), true],
  ['constraints are ignored for RetireGrant', grant(['RetireGrant'], SUB({ a: '1' })), req('RetireGrant'), true],
  ['an EC constraint never matches Sign (no encryption context)', grant(['Sign'], SUB({ a: '1' })), req('Sign', { a: '1' }), false],
  ['an EC constraint never matches GenerateMac', grant(['GenerateMac'], EQ({ a: '1' })), req('GenerateMac'), false],
  ['an EC constraint never matches GetPublicKey', grant(['GetPublicKey'], EQ({ a: '1' })), req('GetPublicKey'), false],
  ['Sign without constraints is allowed', grant(['Sign']), req('Sign'), true],
  ['GenerateDataKeyPair honours a Subset constraint', grant(['GenerateDataKeyPair'], SUB({ a: '1' })), req('GenerateDataKeyPair', { a: '1' }), true],
  ['ReEncryptTo honours an Equals constraint', grant(['ReEncryptTo'], EQ({ a: '1' })), req('ReEncryptTo', { a: '2' }), false],
  ['an empty constraints object is no constraint', grant(['Encrypt'], {}), req('Encrypt'), true],
];

describe('grantAllows', () => {
  for (const [title, g, request, expected] of allowRows) {
    test(title, () => assert.equal(grantAllows(g, request), expected));
  }
});

type Shape = { operations: string[]; constraints?: GrantConstraints };
const shape = (operations: string[], constraints?: GrantConstraints): Shape => (constraints ? { operations, constraints } : { operations });

const narrowRows: [title: string, parent: Shape, child: Shape, expected: boolean][] = [
  ['the same operations, no constraints', shape(['Encrypt', 'Decrypt']), shape(['Encrypt', 'Decrypt']), true],
  ['a subset of the operations', shape(['Encrypt', 'Decrypt', 'CreateGrant']), shape(['Decrypt']), true],
  ['an operation the parent lacks', shape(['Encrypt']), shape(['Encrypt', 'Decrypt']), false],
  ['adding a constraint under an unconstrained parent', shape(['Encrypt']), shape(['Encrypt'], SUB({ a: '1' })), true],
  ['dropping the parent Subset constraint', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt']), false],
  ['the same Subset constraint', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt'], SUB({ a: '1' })), true],
  ['adding pairs to a Subset constraint', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt'], SUB({ a: '1', b: '2' })), true],
  ['changing a Subset value', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt'], SUB({ a: '2' })), false],
  ['turning Subset into Equals that contains it', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt'], EQ({ a: '1', b: '2' })), true],
  ['turning Subset into Equals that lacks a pair', shape(['Encrypt'], SUB({ a: '1' })), shape(['Encrypt'], EQ({ b: '2' })), false],
  ['turning Equals into Subset', shape(['Encrypt'], EQ({ a: '1' })), shape(['Encrypt'], SUB({ a: '1' })), false],
  ['the same Equals constraint', shape(['Encrypt'], EQ({ a: '1' })), shape(['Encrypt'], EQ({ a: '1' })), true],
  ['a different Equals constraint', shape(['Encrypt'], EQ({ a: '1' })), shape(['Encrypt'], EQ({ a: '1', b: '2' })), false],
  ['dropping the parent Equals constraint', shape(['Encrypt'], EQ({ a: '1' })), shape(['Encrypt']), false],
  ['Equals plus Subset parent, child with the same Equals', shape(['Encrypt'], { ...EQ({ a: '1', b: '2' }), ...SUB({ a: '1' }) }), shape(['Encrypt'], EQ({ a: '1', b: '2' })), true],
];

describe('isGrantNarrower', () => {
  for (const [title, parent, child, expected] of narrowRows) {
    test(title, () => assert.equal(isGrantNarrower(parent, child), expected));
  }
});
