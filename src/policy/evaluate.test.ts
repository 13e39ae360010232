// Table of authorization decisions: key policy alone, delegation to IAM, explicit denies, Not* elements,
// cross-account, non-key operations, grants (docs/kms-behaviour.md 7.1), and the AccessDenied texts (7.2).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.js';
import { accessDenied, accessDeniedMessage } from './access-denied-message.js';
import { parsePolicyDocument } from './parse-policy.js';
import type { Caller, ContextValue, DecisionReason } from './policy-types.js';
import type { Grant } from './grant-match.js';

const ACCT = '111122223333';
const OTHER = '444455556666';
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY2 = `arn:aws:kms:us-east-1:${ACCT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const ALIAS = `arn:aws:kms:us-east-1:${ACCT}:alias/app`;
const root = (account: string) => `arn:aws:iam::${account}:root`;
const ALICE = `arn:aws:iam::${ACCT}:user/alice`;
const DAVE = `arn:aws:iam::${ACCT}:user/dave`;
const ROLE = `arn:aws:iam::${ACCT}:role/Admin`;
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/Admin/bob`;
const CAROL = `arn:aws:iam::${OTHER}:user/carol`;

const alice: Caller = { arn: ALICE, accountId: ACCT, kind: 'user', userName: 'alice' };
const ownerRoot: Caller = { arn: root(ACCT), accountId: ACCT, kind: 'root' };
const bob: Caller = { arn: SESSION, accountId: ACCT, kind: 'role-session', sessionName: 'bob' };
const carol: Caller = { arn: CAROL, accountId: OTHER, kind: 'user', userName: 'carol' };
const otherRoot: Caller = { arn: root(OTHER), accountId: OTHER, kind: 'root' };

type Json = Record<string, unknown>;
/** A key-policy statement; `principal` is the value of `"AWS"`, or `'*'` for the bare string form. */
const kp = (effect: string, principal: unknown, action: unknown = 'kms:*', extra: Json = {}): Json => ({
  Effect: effect,
  Principal: principal === '*' ? '*' : { AWS: principal },
  Action: action,
  Resource: '*',
  ...extra,
});
const allowKp = (principal: unknown, action?: unknown, extra?: Json) => kp('Allow', principal, action, extra);
const denyKp = (principal: unknown, action?: unknown, extra?: Json) => kp('Deny', principal, action, extra);
/** An identity-policy statement. */
const id = (effect: string, action: unknown = 'kms:*', resource: unknown = KEY, extra: Json = {}): Json => ({ Effect: effect, Action: action, Resource: resource, ...extra });
const allowId = (action?: unknown, resource?: unknown, extra?: Json) => id('Allow', action, resource, extra);
const denyId = (action?: unknown, resource?: unknown, extra?: Json) => id('Deny', action, resource, extra);
const DELEGATE = allowKp(root(ACCT));
/** A key policy that allows only someone else. */
const NOBODY_ELSE = [allowKp(DAVE)];

interface Row {
  title: string;
  /** Key-policy statements, or null for an operation not on a key. */
  key: Json[] | null;
  /** One list of statements per identity policy. */
  identity?: Json[][];
  caller?: Caller;
  action?: string;
  resource?: string;
  grants?: Grant[];
  ec?: Record<string, string>;
  context?: Record<string, ContextValue>;
  expect: DecisionReason;
}

const grant = (grantee: string, operations: string[], extra: Partial<Grant> = {}): Grant => ({
  grantId: 'a'.repeat(64),
  keyArn: KEY,
  granteePrincipal: grantee,
  operations,
  issuingAccount: root(ACCT),
  ...extra,
});

const rows: Row[] = [
  // The key policy alone, same account
  { title: 'key policy naming the user allows it alone', key: [allowKp(ALICE, 'kms:Encrypt')], expect: 'allowed' },
  { title: 'key policy naming the user for another action', key: [allowKp(ALICE, 'kms:Decrypt')], expect: 'no-resource-policy' },
  { title: 'Principal "*" allows every caller', key: [allowKp('*', 'kms:Encrypt')], expect: 'allowed' },
  { title: 'Principal {"AWS": "*"} allows every caller', key: [allowKp(['*'], 'kms:Encrypt')], expect: 'allowed' },
  { title: 'kms:* allows every KMS action', key: [allowKp(ALICE, 'kms:*')], action: 'kms:ScheduleKeyDeletion', expect: 'allowed' },
  { title: 'Action "*" allows every action', key: [allowKp(ALICE, '*')], expect: 'allowed' },
  { title: 'kms:Describe* allows kms:DescribeKey', key: [allowKp(ALICE, 'kms:Describe*')], action: 'kms:DescribeKey', expect: 'allowed' },
  { title: 'action names are case-insensitive', key: [allowKp(ALICE, 'KMS:encrypt')], expect: 'allowed' },
  { title: 'action ? matches one character', key: [allowKp(ALICE, 'kms:?ncrypt')], expect: 'allowed' },
  { title: 'kms:ReEncrypt* allows kms:ReEncryptFrom', key: [allowKp(ALICE, 'kms:ReEncrypt*')], action: 'kms:ReEncryptFrom', expect: 'allowed' },
  { title: 'kms:GenerateDataKey* allows kms:GenerateDataKeyWithoutPlaintext', key: [allowKp(ALICE, 'kms:GenerateDataKey*')], action: 'kms:GenerateDataKeyWithoutPlaintext', expect: 'allowed' },
  { title: 'kms:GenerateDataKey* does not allow kms:Decrypt', key: [allowKp(ALICE, 'kms:GenerateDataKey*')], action: 'kms:Decrypt', expect: 'no-resource-policy' },
  { title: 'an action list allows each listed action', key: [allowKp(ALICE, ['kms:Decrypt', 'kms:Encrypt'])], expect: 'allowed' },
  { title: 'an action of another service does not match', key: [allowKp(ALICE, 's3:*')], expect: 'no-resource-policy' },
  { title: 'NotAction allows actions it does not list', key: [{ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction: 'kms:ScheduleKeyDeletion', Resource: '*' }], expect: 'allowed' },
  { title: 'NotAction does not allow the actions it lists', key: [{ Effect: 'Allow', Principal: { AWS: ALICE }, NotAction: ['kms:Encrypt'], Resource: '*' }], expect: 'no-resource-policy' },
  { title: 'a statement without Action has no effect', key: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Resource: '*' }], expect: 'no-resource-policy' },
  { title: 'a statement without Resource has no effect', key: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*' }], expect: 'no-resource-policy' },
  { title: 'a Deny without Action denies nothing', key: [allowKp(ALICE), { Effect: 'Deny', Principal: '*', Resource: '*' }], expect: 'allowed' },
  { title: 'key policy Resource may be the key ARN', key: [allowKp(ALICE, 'kms:*', { Resource: KEY })], expect: 'allowed' },
  { title: 'key policy Resource naming another key does not match', key: [allowKp(ALICE, 'kms:*', { Resource: KEY2 })], expect: 'no-resource-policy' },
  { title: 'NotResource naming another key matches this key', key: [{ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'kms:*', NotResource: KEY2 }], expect: 'allowed' },
  { title: 'a role ARN in the key policy allows its sessions', key: [allowKp(ROLE)], caller: bob, expect: 'allowed' },
  { title: 'a session ARN in the key policy allows that session', key: [allowKp(SESSION)], caller: bob, expect: 'allowed' },
  { title: 'a session ARN in the key policy does not allow another session', key: [allowKp(`arn:aws:sts::${ACCT}:assumed-role/Admin/eve`)], caller: bob, expect: 'no-resource-policy' },
  { title: 'a user ARN in the key policy does not allow another user', key: [allowKp(DAVE)], expect: 'no-resource-policy' },
  { title: 'a service principal never matches a caller', key: [{ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:*', Resource: '*' }], expect: 'no-resource-policy' },
  { title: 'statements are OR-ed: a later Allow suffices', key: [allowKp(DAVE), allowKp(ALICE, 'kms:Encrypt')], expect: 'allowed' },
  // Delegation to IAM through the account principal
  { title: 'default key policy with an IAM allow', key: [DELEGATE], identity: [[allowId('kms:Encrypt')]], expect: 'allowed' },
  { title: 'default key policy without IAM policies', key: [DELEGATE], expect: 'no-identity-policy' },
  { title: 'default key policy with an IAM allow for another action', key: [DELEGATE], identity: [[allowId('kms:Decrypt')]], expect: 'no-identity-policy' },
  { title: 'IAM Resource pattern arn:aws:kms:*:<acct>:key/* matches the key', key: [DELEGATE], identity: [[allowId('kms:*', `arn:aws:kms:*:${ACCT}:key/*`)]], expect: 'allowed' },
  { title: 'IAM Resource naming another key does not match', key: [DELEGATE], identity: [[allowId('kms:*', KEY2)]], expect: 'no-identity-policy' },
  { title: 'IAM Resource "*" matches the key', key: [DELEGATE], identity: [[allowId('kms:*', '*')]], expect: 'allowed' },
  { title: 'IAM NotResource naming another key matches the key', key: [DELEGATE], identity: [[{ Effect: 'Allow', Action: 'kms:*', NotResource: KEY2 }]], expect: 'allowed' },
  { title: 'IAM Resource matching is case-sensitive', key: [DELEGATE], identity: [[allowId('kms:*', KEY.replace('1234abcd', '1234ABCD'))]], expect: 'no-identity-policy' },
  { title: 'IAM Resource with ${aws:PrincipalAccount} variable', key: [DELEGATE], identity: [[allowId('kms:*', 'arn:aws:kms:*:${aws:PrincipalAccount}:key/*')]], expect: 'allowed' },
  { title: 'a bare account ID delegates like the root ARN', key: [allowKp(ACCT)], identity: [[allowId()]], expect: 'allowed' },
  { title: 'the account principal alone does not allow a user', key: [allowKp(ACCT)], expect: 'no-identity-policy' },
  { title: 'delegation for another action only', key: [allowKp(root(ACCT), 'kms:Decrypt')], identity: [[allowId()]], expect: 'no-resource-policy' },
  { title: 'an IAM allow without key-policy delegation is ineffective', key: [allowKp(DAVE)], identity: [[allowId()]], expect: 'no-resource-policy' },
  { title: 'the second identity policy may allow', key: [DELEGATE], identity: [[allowId('kms:Decrypt')], [allowId('kms:Encrypt')]], expect: 'allowed' },
  { title: 'the role session uses its identity policies under delegation', key: [DELEGATE], identity: [[allowId()]], caller: bob, expect: 'allowed' },
  { title: 'the account root has every IAM permission in its account', key: [DELEGATE], caller: ownerRoot, expect: 'allowed' },
  { title: 'the account root still needs the key policy to allow the account', key: [allowKp(ALICE)], caller: ownerRoot, expect: 'no-resource-policy' },
  { title: 'the account root is allowed by a root-ARN statement', key: [allowKp(root(ACCT), 'kms:PutKeyPolicy')], caller: ownerRoot, action: 'kms:PutKeyPolicy', expect: 'allowed' },
  // Explicit deny
  { title: 'a key-policy Deny beats an Allow', key: [allowKp(ALICE), denyKp(ALICE, 'kms:Encrypt')], expect: 'explicit-deny-resource' },
  { title: 'a key-policy Deny on the account principal denies its users', key: [allowKp(ALICE), denyKp(root(ACCT), 'kms:Encrypt')], expect: 'explicit-deny-resource' },
  { title: 'a key-policy Deny on the account denies its root', key: [DELEGATE, denyKp(ACCT, 'kms:Encrypt')], caller: ownerRoot, expect: 'explicit-deny-resource' },
  { title: 'a Deny whose condition holds', key: [allowKp('*'), denyKp('*', 'kms:*', { Condition: { StringNotEquals: { 'kms:EncryptionContext:app': 'payroll' } } })], context: { 'kms:EncryptionContext:app': 'web' }, expect: 'explicit-deny-resource' },
  { title: 'a Deny whose condition fails does not deny', key: [allowKp('*'), denyKp('*', 'kms:*', { Condition: { StringNotEquals: { 'kms:EncryptionContext:app': 'payroll' } } })], context: { 'kms:EncryptionContext:app': 'payroll' }, expect: 'allowed' },
  { title: 'a Deny for another principal does not apply', key: [allowKp(ALICE), denyKp(DAVE)], expect: 'allowed' },
  { title: 'a Deny for another action does not apply', key: [allowKp(ALICE), denyKp(ALICE, 'kms:Decrypt')], expect: 'allowed' },
  { title: 'an IAM Deny beats a key-policy Allow', key: [allowKp(ALICE)], identity: [[denyId('kms:Encrypt')]], expect: 'explicit-deny-identity' },
  { title: 'an IAM Deny with kms:* beats delegation and IAM allow', key: [DELEGATE], identity: [[allowId()], [denyId('kms:*', '*')]], expect: 'explicit-deny-identity' },
  { title: 'an IAM Deny on another key does not apply', key: [allowKp(ALICE)], identity: [[denyId('kms:*', KEY2)]], expect: 'allowed' },
  { title: 'an explicit deny beats a grant', key: [denyKp(ALICE)], grants: [grant(ALICE, ['Encrypt'])], expect: 'explicit-deny-resource' },
  { title: 'an IAM deny beats a grant', key: [DELEGATE], identity: [[denyId()]], grants: [grant(ALICE, ['Encrypt'])], expect: 'explicit-deny-identity' },
  { title: 'a key-policy Deny is reported before an IAM deny', key: [denyKp('*')], identity: [[denyId()]], expect: 'explicit-deny-resource' },
  { title: 'a Deny with kms:* and NotAction exceptions', key: [allowKp(ALICE), { Effect: 'Deny', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' }], expect: 'explicit-deny-resource' },
  // NotPrincipal
  { title: 'Deny+NotPrincipal listing the user and its account spares the user', key: [allowKp(ALICE), { Effect: 'Deny', NotPrincipal: { AWS: [ALICE, root(ACCT)] }, Action: 'kms:*', Resource: '*' }], expect: 'allowed' },
  { title: 'Deny+NotPrincipal listing the user but not its account still denies', key: [allowKp(ALICE), { Effect: 'Deny', NotPrincipal: { AWS: ALICE }, Action: 'kms:*', Resource: '*' }], expect: 'explicit-deny-resource' },
  { title: 'Deny+NotPrincipal denies users it does not list', key: [allowKp('*'), { Effect: 'Deny', NotPrincipal: { AWS: [DAVE, ACCT] }, Action: 'kms:*', Resource: '*' }], expect: 'explicit-deny-resource' },
  { title: 'Deny+NotPrincipal spares a session when role, session and account are listed', key: [allowKp(ROLE), { Effect: 'Deny', NotPrincipal: { AWS: [ROLE, SESSION, ACCT] }, Action: 'kms:*', Resource: '*' }], caller: bob, expect: 'allowed' },
  { title: 'Deny+NotPrincipal denies a session when only the role and account are listed', key: [allowKp(ROLE), { Effect: 'Deny', NotPrincipal: { AWS: [ROLE, ACCT] }, Action: 'kms:*', Resource: '*' }], caller: bob, expect: 'explicit-deny-resource' },
  { title: 'Deny+NotPrincipal listing the account spares its root', key: [DELEGATE, { Effect: 'Deny', NotPrincipal: { AWS: root(ACCT) }, Action: 'kms:*', Resource: '*' }], caller: ownerRoot, expect: 'allowed' },
  { title: 'Allow+NotPrincipal allows callers it does not list', key: [{ Effect: 'Allow', NotPrincipal: { AWS: DAVE }, Action: 'kms:*', Resource: '*' }], expect: 'allowed' },
  // Cross-account
  { title: 'cross-account: key policy allows the account and IAM allows', key: [DELEGATE, allowKp(root(OTHER), 'kms:Encrypt')], identity: [[allowId('kms:Encrypt')]], caller: carol, expect: 'allowed' },
  { title: 'cross-account: key policy allows the account but no IAM policy', key: [allowKp(root(OTHER))], caller: carol, expect: 'no-identity-policy' },
  { title: 'cross-account: key policy names the user and IAM allows', key: [allowKp(CAROL)], identity: [[allowId()]], caller: carol, expect: 'allowed' },
  { title: 'cross-account: key policy names the user but no IAM policy', key: [allowKp(CAROL)], caller: carol, expect: 'no-identity-policy' },
  { title: 'cross-account: IAM allows but the key policy does not name the account', key: [DELEGATE], identity: [[allowId()]], caller: carol, expect: 'no-resource-policy' },
  { title: 'cross-account: the other account root needs only the key policy', key: [allowKp(OTHER)], caller: otherRoot, expect: 'allowed' },
  { title: 'cross-account: the other account root without key policy', key: [DELEGATE], caller: otherRoot, expect: 'no-resource-policy' },
  { title: 'cross-account: Principal "*" still needs an IAM policy', key: [allowKp('*')], caller: carol, expect: 'no-identity-policy' },
  { title: 'cross-account: IAM deny in the caller account', key: [allowKp(root(OTHER))], identity: [[allowId()], [denyId('kms:Encrypt', '*')]], caller: carol, expect: 'explicit-deny-identity' },
  { title: 'cross-account: key-policy deny on the other account', key: [allowKp(root(OTHER)), denyKp(OTHER, 'kms:Encrypt')], identity: [[allowId()]], caller: carol, expect: 'explicit-deny-resource' },
  // Operations not on a key
  { title: 'CreateKey allowed by an IAM policy on "*"', key: null, identity: [[allowId('kms:CreateKey', '*')]], action: 'kms:CreateKey', resource: '*', expect: 'allowed' },
  { title: 'CreateKey without IAM policies', key: null, action: 'kms:CreateKey', resource: '*', expect: 'no-identity-policy' },
  { title: 'CreateKey with an IAM policy on key ARNs only', key: null, identity: [[allowId('kms:CreateKey', `arn:aws:kms:*:${ACCT}:key/*`)]], action: 'kms:CreateKey', resource: '*', expect: 'no-identity-policy' },
  { title: 'CreateKey by the account root', key: null, caller: ownerRoot, action: 'kms:CreateKey', resource: '*', expect: 'allowed' },
  { title: 'ListKeys denied by an IAM Deny', key: null, identity: [[allowId('kms:*', '*'), denyId('kms:List*', '*')]], action: 'kms:ListKeys', resource: '*', expect: 'explicit-deny-identity' },
  { title: 'CreateAlias alias half: IAM policy on the alias ARN', key: null, identity: [[allowId('kms:CreateAlias', `arn:aws:kms:us-east-1:${ACCT}:alias/app*`)]], action: 'kms:CreateAlias', resource: ALIAS, expect: 'allowed' },
  { title: 'CreateAlias alias half: IAM policy on another alias', key: null, identity: [[allowId('kms:CreateAlias', `arn:aws:kms:us-east-1:${ACCT}:alias/db`)]], action: 'kms:CreateAlias', resource: ALIAS, expect: 'no-identity-policy' },
  { title: 'grants do not apply to operations not on a key', key: null, grants: [grant(ALICE, ['Encrypt'], { keyArn: '*' })], expect: 'no-identity-policy' },
  // Conditions with request context
  { title: 'key policy EC condition that holds', key: [allowKp(ALICE, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } } })], action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'IT' }, expect: 'allowed' },
  { title: 'key policy EC condition that fails', key: [allowKp(ALICE, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:Department': 'IT' } } })], action: 'kms:Decrypt', context: { 'kms:EncryptionContext:Department': 'HR' }, expect: 'no-resource-policy' },
  { title: 'kms:CallerAccount comes from the caller', key: [allowKp('*', 'kms:Encrypt', { Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } })], expect: 'allowed' },
  { title: 'kms:CallerAccount of another account fails', key: [allowKp('*', 'kms:Encrypt', { Condition: { StringEquals: { 'kms:CallerAccount': OTHER } } })], expect: 'no-resource-policy' },
  { title: 'aws:PrincipalArn of a session is its role', key: [allowKp('*', 'kms:*', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Adm*` } } })], caller: bob, expect: 'allowed' },
  { title: 'aws:PrincipalArn of a user', key: [allowKp('*', 'kms:*', { Condition: { ArnEquals: { 'aws:PrincipalArn': ALICE } } })], expect: 'allowed' },
  { title: 'Bool kms:BypassPolicyLockoutSafetyCheck deny', key: [allowKp(ALICE), denyKp('*', 'kms:PutKeyPolicy', { Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } })], action: 'kms:PutKeyPolicy', context: { 'kms:BypassPolicyLockoutSafetyCheck': true }, expect: 'explicit-deny-resource' },
  { title: 'kms:RequestAlias condition', key: [allowKp(ALICE, 'kms:Encrypt', { Condition: { StringEquals: { 'kms:RequestAlias': 'alias/app' } } })], context: { 'kms:RequestAlias': 'alias/app' }, expect: 'allowed' },
  { title: 'kms:ViaService condition fails when the key is absent', key: [allowKp(ALICE, 'kms:Encrypt', { Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } } })], expect: 'no-resource-policy' },
  { title: 'kms:ResourceAliases with ForAnyValue in an IAM policy', key: [DELEGATE], identity: [[allowId('kms:*', '*', { Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app*' } } })]], context: { 'kms:ResourceAliases': ['alias/other', 'alias/app-1'] }, expect: 'allowed' },
  { title: 'aws:ResourceTag condition in an IAM policy (ABAC)', key: [DELEGATE], identity: [[allowId('kms:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/Project': 'alpha' } } })]], context: { 'aws:ResourceTag/Project': 'beta' }, expect: 'no-identity-policy' },
  { title: 'a condition in the identity policy that holds', key: [DELEGATE], identity: [[allowId('kms:*', KEY, { Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } } })]], context: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }, expect: 'allowed' },
  // Grants
  { title: 'a grant to the user allows without any policy', key: [DELEGATE], grants: [grant(ALICE, ['Encrypt'])], expect: 'allowed' },
  { title: 'a grant for another operation does not allow', key: [DELEGATE], grants: [grant(ALICE, ['Decrypt'])], expect: 'no-identity-policy' },
  { title: 'a grant to another user does not allow', key: [allowKp(DAVE)], grants: [grant(DAVE, ['Encrypt'])], expect: 'no-resource-policy' },
  { title: 'a grant to the role allows its sessions', key: [allowKp(DAVE)], grants: [grant(ROLE, ['Encrypt'])], caller: bob, expect: 'allowed' },
  { title: 'a grant with an EncryptionContextEquals constraint that holds', key: NOBODY_ELSE, grants: [grant(ALICE, ['Encrypt'], { constraints: { encryptionContextEquals: { app: 'web' } } })], ec: { app: 'web' }, expect: 'allowed' },
  { title: 'a grant with an EncryptionContextEquals constraint that fails', key: NOBODY_ELSE, grants: [grant(ALICE, ['Encrypt'], { constraints: { encryptionContextEquals: { app: 'web' } } })], ec: { app: 'web', x: 'y' }, expect: 'no-resource-policy' },
  { title: 'a grant with an EncryptionContextSubset constraint that holds', key: NOBODY_ELSE, grants: [grant(ALICE, ['Decrypt'], { constraints: { encryptionContextSubset: { app: 'web' } } })], action: 'kms:Decrypt', ec: { app: 'web', x: 'y' }, expect: 'allowed' },
  { title: 'a grant on another key is ignored', key: NOBODY_ELSE, grants: [grant(ALICE, ['Encrypt'], { keyArn: KEY2 })], expect: 'no-resource-policy' },
  { title: 'a grant to the account root needs an IAM allow', key: NOBODY_ELSE, grants: [grant(root(ACCT), ['Encrypt'])], expect: 'no-identity-policy' },
  { title: 'a grant to the account root with an IAM allow', key: NOBODY_ELSE, grants: [grant(root(ACCT), ['Encrypt'])], identity: [[allowId()]], expect: 'allowed' },
  { title: 'a cross-account grant with an IAM allow in the grantee account', key: NOBODY_ELSE, grants: [grant(CAROL, ['Encrypt'])], identity: [[allowId()]], caller: carol, expect: 'allowed' },
  { title: 'a cross-account grant without an IAM allow', key: NOBODY_ELSE, grants: [grant(CAROL, ['Encrypt'])], caller: carol, expect: 'no-identity-policy' },
  { title: 'a grant for DescribeKey ignores its EC constraint', key: NOBODY_ELSE, grants: [grant(ALICE, ['DescribeKey'], { constraints: { encryptionContextEquals: { app: 'web' } } })], action: 'kms:DescribeKey', expect: 'allowed' },
  { title: 'a grant names ReEncryptFrom for kms:ReEncryptFrom', key: NOBODY_ELSE, grants: [grant(ALICE, ['ReEncryptFrom'])], action: 'kms:ReEncryptFrom', expect: 'allowed' },
];

const keyPolicyOf = (statements: Json[]) => parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements }), { kind: 'key' });

describe('authorization decision table', () => {
  for (const row of rows) {
    test(row.title, () => {
      const decision = evaluate({
        caller: row.caller ?? alice,
        action: row.action ?? 'kms:Encrypt',
        resource: row.resource ?? KEY,
        keyPolicy: row.key === null ? undefined : keyPolicyOf(row.key),
        identityPolicies: (row.identity ?? []).map((s) => parsePolicyDocument(JSON.stringify({ Version: '2012-10-17', Statement: s }), { kind: 'identity' })),
        keyOwnerAccount: ACCT,
        ...(row.grants ? { grants: row.grants } : {}),
        ...(row.ec ? { encryptionContext: row.ec } : {}),
        ...(row.context ? { context: row.context } : {}),
      });
      assert.deepEqual(decision, { allowed: row.expect === 'allowed', reason: row.expect });
    });
  }
});

describe('AccessDeniedException messages (docs/kms-behaviour.md 7.2)', () => {
  const head = `User: ${ALICE} is not authorized to perform: kms:Decrypt on resource: ${KEY}`;
  const cases: [DecisionReason, string][] = [
    ['no-resource-policy', `${head} because no resource-based policy allows the kms:Decrypt action`],
    ['no-identity-policy', `${head} because no identity-based policy allows the kms:Decrypt action`],
    ['explicit-deny-resource', `${head} with an explicit deny in a resource-based policy`],
    ['explicit-deny-identity', `${head} with an explicit deny in an identity-based policy`],
  ];
  for (const [reason, message] of cases) {
    test(`message for ${reason}`, () => {
      assert.equal(accessDeniedMessage(ALICE, 'kms:Decrypt', KEY, reason), message);
    });
  }
  test('CreateKey names resource "*"', () => {
    assert.equal(
      accessDeniedMessage(ALICE, 'kms:CreateKey', '*', 'no-identity-policy'),
      `User: ${ALICE} is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action`,
    );
  });
  test('accessDenied builds an AccessDeniedException carrying the message', () => {
    const error = accessDenied(SESSION, 'kms:Encrypt', KEY, 'explicit-deny-resource');
    assert.equal(error.name, 'AccessDeniedException');
    assert.equal(error.message, `User: ${SESSION} is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in a resource-based policy`);
  });
  test('there is no message for an allowed request', () => {
    assert.throws(() => accessDeniedMessage(ALICE, 'kms:Decrypt', KEY, 'allowed'));
  });
});
