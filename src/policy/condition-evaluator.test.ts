// Table of Condition blocks against request contexts: every operator, IfExists, Null, set operators,
// key-name case rules and policy variables (IAM "Condition operators", docs/kms-behaviour.md 7.3).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionsHold } from './condition-evaluator.js';
import { buildConditionContext } from './condition-context.js';
import { parsePolicyDocument } from './parse-policy.js';
import type { Caller, ContextValue } from './policy-types.js';

const alice: Caller = { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', kind: 'user', userName: 'alice', principalId: 'AIDAALICE' };
const session: Caller = {
  arn: 'arn:aws:sts::111122223333:assumed-role/Admin/bob',
  accountId: '111122223333',
  kind: 'role-session',
  sessionName: 'bob',
  principalId: 'AROAADMIN:bob',
};

type Row = [title: string, condition: Record<string, unknown>, context: Record<string, ContextValue>, expected: boolean, caller?: Caller, version?: string];

const ALG = 'kms:EncryptionAlgorithm';
const EC = 'kms:EncryptionContext:Department';
const KEYS = 'kms:EncryptionContextKeys';
const DAYS = 'kms:ScheduleKeyDeletionPendingWindowInDays';
const TIME = 'aws:CurrentTime';
const BYPASS = 'kms:BypassPolicyLockoutSafetyCheck';
const IP = 'aws:SourceIp';
const SRC = 'aws:SourceArn';
const ROLE = 'arn:aws:iam::111122223333:role/Admin';

const rows: Row[] = [
  // StringEquals / StringNotEquals
  ['StringEquals matches the exact value', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, true],
  ['StringEquals is case-sensitive on values', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'symmetric_default' }, false],
  ['StringEquals on an absent key is false', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, {}, false],
  ['StringEquals values are OR-ed (second value)', { StringEquals: { [ALG]: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] } }, { [ALG]: 'RSAES_OAEP_SHA_256' }, true],
  ['StringEquals with none of the values is false', { StringEquals: { [ALG]: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, false],
  ['condition key names in the policy are case-insensitive', { StringEquals: { 'KMS:ENCRYPTIONALGORITHM': 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, true],
  ['condition key names in the context are case-insensitive', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { 'kms:encryptionalgorithm': 'SYMMETRIC_DEFAULT' }, true],
  ['the key part of kms:EncryptionContext:<key> is case-insensitive', { StringEquals: { [EC]: 'IT' } }, { 'kms:EncryptionContext:department': 'IT' }, true],
  ['the value of an encryption context pair stays case-sensitive', { StringEquals: { [EC]: 'IT' } }, { [EC]: 'it' }, false],
  ['StringEquals does not treat * as a wildcard', { StringEquals: { [EC]: 'I*' } }, { [EC]: 'IT' }, false],
  ['StringEquals matches a literal *', { StringEquals: { [EC]: 'I*' } }, { [EC]: 'I*' }, true],
  ['a number in the policy compares as its text', { StringEquals: { [EC]: 5 } }, { [EC]: '5' }, true],
  ['a boolean in the policy compares as its text', { StringEquals: { [EC]: true } }, { [EC]: 'true' }, true],
  ['StringEquals matches an empty string', { StringEquals: { [EC]: '' } }, { [EC]: '' }, true],
  ['StringEquals with an empty value list matches nothing', { StringEquals: { [EC]: [] } }, { [EC]: 'IT' }, false],
  ['StringNotEquals holds for another value', { StringNotEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'RSAES_OAEP_SHA_1' }, true],
  ['StringNotEquals fails for the value', { StringNotEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, false],
  ['StringNotEquals holds when the key is absent', { StringNotEquals: { [ALG]: 'SYMMETRIC_DEFAULT' } }, {}, true],
  ['StringNotEquals with several values fails if any matches', { StringNotEquals: { [EC]: ['IT', 'HR'] } }, { [EC]: 'HR' }, false],
  ['StringNotEquals with several values holds if none matches', { StringNotEquals: { [EC]: ['IT', 'HR'] } }, { [EC]: 'Sales' }, true],
  // StringEqualsIgnoreCase / StringNotEqualsIgnoreCase
  ['StringEqualsIgnoreCase matches in another case', { StringEqualsIgnoreCase: { [EC]: 'it' } }, { [EC]: 'IT' }, true],
  ['StringEqualsIgnoreCase fails for another value', { StringEqualsIgnoreCase: { [EC]: 'it' } }, { [EC]: 'HR' }, false],
  ['StringEqualsIgnoreCase on an absent key is false', { StringEqualsIgnoreCase: { [EC]: 'it' } }, {}, false],
  ['StringNotEqualsIgnoreCase fails for the value in another case', { StringNotEqualsIgnoreCase: { [EC]: 'it' } }, { [EC]: 'IT' }, false],
  ['StringNotEqualsIgnoreCase holds for another value', { StringNotEqualsIgnoreCase: { [EC]: 'it' } }, { [EC]: 'HR' }, true],
  ['StringNotEqualsIgnoreCase holds when the key is absent', { StringNotEqualsIgnoreCase: { [EC]: 'it' } }, {}, true],
  // StringLike / StringNotLike
  ['StringLike * matches a prefix', { StringLike: { [EC]: 'Fin*' } }, { [EC]: 'Finance' }, true],
  ['StringLike ? matches exactly one character', { StringLike: { [EC]: 'H?' } }, { [EC]: 'HR' }, true],
  ['StringLike ? does not match two characters', { StringLike: { [EC]: 'H?' } }, { [EC]: 'HRX' }, false],
  ['StringLike is case-sensitive', { StringLike: { [EC]: 'fin*' } }, { [EC]: 'Finance' }, false],
  ['StringLike without wildcards is an exact match', { StringLike: { [EC]: 'Finance' } }, { [EC]: 'Finance' }, true],
  ['StringLike * matches the empty string', { StringLike: { [EC]: '*' } }, { [EC]: '' }, true],
  ['StringLike wildcard in the middle', { StringLike: { [EC]: 'a*z' } }, { [EC]: 'abcz' }, true],
  ['StringLike regex characters are literal', { StringLike: { [EC]: 'a.c' } }, { [EC]: 'abc' }, false],
  ['StringLike on an absent key is false', { StringLike: { [EC]: '*' } }, {}, false],
  ['StringNotLike fails when the pattern matches', { StringNotLike: { [EC]: 'Fin*' } }, { [EC]: 'Finance' }, false],
  ['StringNotLike holds when the pattern does not match', { StringNotLike: { [EC]: 'Fin*' } }, { [EC]: 'HR' }, true],
  ['StringNotLike holds when the key is absent', { StringNotLike: { [EC]: 'Fin*' } }, {}, true],
  ['StringNotLike with several patterns fails if any matches', { StringNotLike: { [EC]: ['Fin*', 'H*'] } }, { [EC]: 'HR' }, false],
  // Numeric
  ['NumericEquals equal numbers', { NumericEquals: { [DAYS]: '7' } }, { [DAYS]: 7 }, true],
  ['NumericEquals compares numerically (7.0 = 7)', { NumericEquals: { [DAYS]: 7 } }, { [DAYS]: '7.0' }, true],
  ['NumericEquals different numbers', { NumericEquals: { [DAYS]: '7' } }, { [DAYS]: 8 }, false],
  ['NumericNotEquals different numbers', { NumericNotEquals: { [DAYS]: '7' } }, { [DAYS]: 8 }, true],
  ['NumericNotEquals equal numbers', { NumericNotEquals: { [DAYS]: '7' } }, { [DAYS]: 7 }, false],
  ['NumericNotEquals holds when the key is absent', { NumericNotEquals: { [DAYS]: '7' } }, {}, true],
  ['NumericLessThan smaller', { NumericLessThan: { [DAYS]: '30' } }, { [DAYS]: 7 }, true],
  ['NumericLessThan equal is false', { NumericLessThan: { [DAYS]: '7' } }, { [DAYS]: 7 }, false],
  ['NumericLessThanEquals equal', { NumericLessThanEquals: { [DAYS]: '7' } }, { [DAYS]: 7 }, true],
  ['NumericLessThanEquals larger is false', { NumericLessThanEquals: { [DAYS]: '7' } }, { [DAYS]: 8 }, false],
  ['NumericGreaterThan larger', { NumericGreaterThan: { [DAYS]: '7' } }, { [DAYS]: 30 }, true],
  ['NumericGreaterThan equal is false', { NumericGreaterThan: { [DAYS]: '7' } }, { [DAYS]: 7 }, false],
  ['NumericGreaterThanEquals equal', { NumericGreaterThanEquals: { [DAYS]: '7' } }, { [DAYS]: 7 }, true],
  ['NumericGreaterThanEquals smaller is false', { NumericGreaterThanEquals: { [DAYS]: '7' } }, { [DAYS]: 6 }, false],
  ['NumericLessThan on an absent key is false', { NumericLessThan: { [DAYS]: '30' } }, {}, false],
  ['a policy value that is not a number never matches', { NumericLessThan: { [DAYS]: 'thirty' } }, { [DAYS]: 7 }, false],
  ['a request value that is not a number never matches', { NumericLessThan: { [DAYS]: '30' } }, { [DAYS]: 'seven' }, false],
  ['NumericNotEquals with a non-number policy value holds', { NumericNotEquals: { [DAYS]: 'x' } }, { [DAYS]: 7 }, true],
  // Date
  ['DateLessThan earlier ISO time', { DateLessThan: { [TIME]: '2030-01-01T00:00:00Z' } }, { [TIME]: '2025-06-01T12:00:00Z' }, true],
  ['DateLessThan later time is false', { DateLessThan: { [TIME]: '2020-01-01T00:00:00Z' } }, { [TIME]: '2025-06-01T12:00:00Z' }, false],
  ['DateGreaterThan with an epoch-seconds policy value', { DateGreaterThan: { [TIME]: '1700000000' } }, { [TIME]: '2025-06-01T12:00:00Z' }, true],
  ['DateEquals compares instants, not text', { DateEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, { [TIME]: '2025-06-01T14:00:00+02:00' }, true],
  ['DateNotEquals different instants', { DateNotEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, { [TIME]: '2025-06-01T12:00:01Z' }, true],
  ['DateNotEquals holds when the key is absent', { DateNotEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, {}, true],
  ['DateLessThanEquals equal instant', { DateLessThanEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, { [TIME]: '2025-06-01T12:00:00Z' }, true],
  ['DateGreaterThanEquals equal instant', { DateGreaterThanEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, { [TIME]: '2025-06-01T12:00:00Z' }, true],
  ['DateGreaterThanEquals earlier is false', { DateGreaterThanEquals: { [TIME]: '2025-06-01T12:00:00Z' } }, { [TIME]: '2025-06-01T11:59:59Z' }, false],
  ['a Date object in the context', { DateLessThan: { [TIME]: '2030-01-01T00:00:00Z' } }, { [TIME]: new Date('2025-01-01T00:00:00Z') }, true],
  ['an epoch-seconds number in the context (kms:ValidTo)', { DateLessThan: { 'kms:ValidTo': '2024-01-01T00:00:00Z' } }, { 'kms:ValidTo': 1700000000 }, true],
  ['an invalid policy date never matches', { DateLessThan: { [TIME]: 'tomorrow' } }, { [TIME]: '2025-06-01T12:00:00Z' }, false],
  // Bool
  ['Bool true matches a boolean true', { Bool: { [BYPASS]: 'true' } }, { [BYPASS]: true }, true],
  ['Bool true does not match false', { Bool: { [BYPASS]: 'true' } }, { [BYPASS]: false }, false],
  ['Bool values are case-insensitive', { Bool: { [BYPASS]: 'True' } }, { [BYPASS]: 'true' }, true],
  ['Bool with a JSON boolean in the policy', { Bool: { [BYPASS]: false } }, { [BYPASS]: false }, true],
  ['Bool on an absent key is false', { Bool: { [BYPASS]: 'false' } }, {}, false],
  // BinaryEquals
  ['BinaryEquals equal base64', { BinaryEquals: { 'kms:X': 'QmluYXJ5' } }, { 'kms:X': 'QmluYXJ5' }, true],
  ['BinaryEquals different base64', { BinaryEquals: { 'kms:X': 'QmluYXJ5' } }, { 'kms:X': 'QmluYXJa' }, false],
  // IpAddress / NotIpAddress
  ['IpAddress inside the CIDR block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.113.77' }, true],
  ['IpAddress outside the CIDR block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '198.51.100.1' }, false],
  ['IpAddress with a single address', { IpAddress: { [IP]: '203.0.113.5' } }, { [IP]: '203.0.113.5' }, true],
  ['IpAddress with an IPv6 block', { IpAddress: { [IP]: '2001:db8::/32' } }, { [IP]: '2001:db8:1::1' }, true],
  ['NotIpAddress outside the block', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '198.51.100.1' }, true],
  ['NotIpAddress inside the block', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.113.1' }, false],
  ['NotIpAddress holds when the key is absent', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, {}, true],
  ['IpAddress with a malformed block never matches', { IpAddress: { [IP]: '203.0.113.0/40' } }, { [IP]: '203.0.113.1' }, false],
  // ARN operators
  ['ArnEquals exact ARN', { ArnEquals: { [SRC]: ROLE } }, { [SRC]: ROLE }, true],
  ['ArnEquals also takes wildcards (like ArnLike)', { ArnEquals: { [SRC]: 'arn:aws:iam::111122223333:role/*' } }, { [SRC]: ROLE }, true],
  ['ArnLike wildcard in the resource part', { ArnLike: { [SRC]: 'arn:aws:iam::111122223333:role/Adm*' } }, { [SRC]: ROLE }, true],
  ['ArnLike wildcard in the account component', { ArnLike: { [SRC]: 'arn:aws:iam::*:role/Admin' } }, { [SRC]: ROLE }, true],
  ['ArnLike wildcards per component', { ArnLike: { [SRC]: 'arn:aws:kms:*:*:key/*' } }, { [SRC]: 'arn:aws:kms:us-east-1:111122223333:key/k1' }, true],
  ['ArnLike * in the resource part spans colons and slashes', { ArnLike: { [SRC]: 'arn:aws:s3:::bucket/*' } }, { [SRC]: 'arn:aws:s3:::bucket/a:b/c' }, true],
  ['ArnLike wildcards do not cross a colon in the first five components', { ArnLike: { [SRC]: 'arn:aws:iam::*:root' } }, { [SRC]: 'arn:aws:iam::111:x:root' }, false],
  ['ArnLike is case-sensitive', { ArnLike: { [SRC]: 'arn:aws:iam::111122223333:role/admin' } }, { [SRC]: ROLE }, false],
  ['ArnLike against a value that is not an ARN', { ArnLike: { [SRC]: 'arn:aws:iam::*:role/*' } }, { [SRC]: 'Admin' }, false],
  ['ArnNotEquals different ARN', { ArnNotEquals: { [SRC]: ROLE } }, { [SRC]: 'arn:aws:iam::111122223333:role/Other' }, true],
  ['ArnNotLike matching ARN is false', { ArnNotLike: { [SRC]: 'arn:aws:iam::*:role/*' } }, { [SRC]: ROLE }, false],
  ['ArnNotLike holds when the key is absent', { ArnNotLike: { [SRC]: 'arn:aws:iam::*:role/*' } }, {}, true],
  // IfExists
  ['StringEqualsIfExists holds when the key is absent', { StringEqualsIfExists: { [ALG]: 'SYMMETRIC_DEFAULT' } }, {}, true],
  ['StringEqualsIfExists with the key present and matching', { StringEqualsIfExists: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, true],
  ['StringEqualsIfExists with the key present and not matching', { StringEqualsIfExists: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'RSAES_OAEP_SHA_1' }, false],
  ['StringNotEqualsIfExists present and equal is false', { StringNotEqualsIfExists: { [ALG]: 'SYMMETRIC_DEFAULT' } }, { [ALG]: 'SYMMETRIC_DEFAULT' }, false],
  ['NumericLessThanIfExists holds when absent', { NumericLessThanIfExists: { [DAYS]: '10' } }, {}, true],
  ['BoolIfExists holds when absent', { BoolIfExists: { [BYPASS]: 'false' } }, {}, true],
  ['ArnLikeIfExists present and not matching', { ArnLikeIfExists: { [SRC]: 'arn:aws:iam::*:role/Other' } }, { [SRC]: ROLE }, false],
  ['DateLessThanIfExists holds when absent', { DateLessThanIfExists: { [TIME]: '2020-01-01T00:00:00Z' } }, {}, true],
  ['IfExists suffix is case-insensitive', { StringEqualsifexists: { [ALG]: 'X' } }, {}, true],
  // Null
  ['Null true holds when the key is absent', { Null: { [KEYS]: 'true' } }, {}, true],
  ['Null true fails when the key is present', { Null: { [KEYS]: 'true' } }, { [KEYS]: ['Department'] }, false],
  ['Null false holds when the key is present (EC required)', { Null: { [KEYS]: 'false' } }, { [KEYS]: ['Department'] }, true],
  ['Null false fails when the key is absent', { Null: { [KEYS]: 'false' } }, {}, false],
  ['Null treats an empty list as absent', { Null: { [KEYS]: 'true' } }, { [KEYS]: [] }, true],
  ['Null with a JSON boolean', { Null: { [EC]: false } }, { [EC]: 'IT' }, true],
  ['Null on a single-valued key present as empty string', { Null: { [EC]: 'true' } }, { [EC]: '' }, false],
  // Set operators
  ['ForAnyValue:StringEquals: one request value in the set', { 'ForAnyValue:StringEquals': { [KEYS]: ['Department', 'Project'] } }, { [KEYS]: ['Owner', 'Project'] }, true],
  ['ForAnyValue:StringEquals: no request value in the set', { 'ForAnyValue:StringEquals': { [KEYS]: ['Department', 'Project'] } }, { [KEYS]: ['Owner'] }, false],
  ['ForAnyValue on an absent key is false', { 'ForAnyValue:StringEquals': { [KEYS]: 'Department' } }, {}, false],
  ['ForAnyValue on an empty list is false', { 'ForAnyValue:StringEquals': { [KEYS]: 'Department' } }, { [KEYS]: [] }, false],
  ['ForAllValues:StringEquals: every request value in the set', { 'ForAllValues:StringEquals': { [KEYS]: ['Department', 'Project'] } }, { [KEYS]: ['Project', 'Department'] }, true],
  ['ForAllValues:StringEquals: one request value outside the set', { 'ForAllValues:StringEquals': { [KEYS]: ['Department', 'Project'] } }, { [KEYS]: ['Project', 'Owner'] }, false],
  ['ForAllValues on an absent key is true', { 'ForAllValues:StringEquals': { [KEYS]: 'Department' } }, {}, true],
  ['ForAllValues on an empty list is true', { 'ForAllValues:StringEquals': { [KEYS]: 'Department' } }, { [KEYS]: [] }, true],
  ['ForAllValues:StringLike every value matches a pattern', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['Cost*', 'Env'] } }, { 'aws:TagKeys': ['CostCenter', 'Env'] }, true],
  ['ForAnyValue:StringLike one value matches a pattern', { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'Cost*' } }, { 'aws:TagKeys': ['Env', 'CostCenter'] }, true],
  ['ForAllValues:StringNotEquals: no value in the list', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': ['Decrypt', 'ReEncryptFrom'] } }, { 'kms:GrantOperations': ['Encrypt', 'DescribeKey'] }, true],
  ['ForAllValues:StringNotEquals: one value in the list', { 'ForAllValues:StringNotEquals': { 'kms:GrantOperations': ['Decrypt', 'ReEncryptFrom'] } }, { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, false],
  ['ForAnyValue:StringNotEquals: one value outside the list', { 'ForAnyValue:StringNotEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }, { 'kms:GrantOperations': ['Encrypt', 'Sign'] }, true],
  ['ForAnyValue:StringNotEquals: every value in the list', { 'ForAnyValue:StringNotEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }, { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, false],
  ['ForAnyValue:StringNotEquals on an absent key is false', { 'ForAnyValue:StringNotEquals': { 'kms:GrantOperations': 'Decrypt' } }, {}, false],
  ['ForAllValues:StringNotLike on an absent key is true', { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, {}, true],
  ['ForAllValues:StringNotLike with a matching value is false', { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } }, { 'aws:TagKeys': ['key2', 'key1:legal'] }, false],
  ['ForAllValues with a single-valued key present', { 'ForAllValues:StringEquals': { [KEYS]: 'Department' } }, { [KEYS]: 'Department' }, true],
  ['ForAnyValue:StringEqualsIfExists on an absent key is true', { 'ForAnyValue:StringEqualsIfExists': { [KEYS]: 'Department' } }, {}, true],
  ['set operator prefix is case-insensitive', { 'forallvalues:StringEquals': { [KEYS]: 'Department' } }, { [KEYS]: ['Owner'] }, false],
  ['a multi-valued key without set operator: any value may match', { StringEquals: { [KEYS]: 'Department' } }, { [KEYS]: ['Owner', 'Department'] }, true],
  ['a multi-valued key with StringNotEquals: fails if any value matches', { StringNotEquals: { [KEYS]: 'Department' } }, { [KEYS]: ['Owner', 'Department'] }, false],
  // Combinations
  ['two keys under one operator are AND-ed (both hold)', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT', [EC]: 'IT' } }, { [ALG]: 'SYMMETRIC_DEFAULT', [EC]: 'IT' }, true],
  ['two keys under one operator are AND-ed (one fails)', { StringEquals: { [ALG]: 'SYMMETRIC_DEFAULT', [EC]: 'IT' } }, { [ALG]: 'SYMMETRIC_DEFAULT', [EC]: 'HR' }, false],
  ['two operators are AND-ed (both hold)', { StringEquals: { [EC]: 'IT' }, NumericLessThan: { [DAYS]: '10' } }, { [EC]: 'IT', [DAYS]: 7 }, true],
  ['two operators are AND-ed (one fails)', { StringEquals: { [EC]: 'IT' }, NumericLessThan: { [DAYS]: '10' } }, { [EC]: 'IT', [DAYS]: 30 }, false],
  ['an empty Condition block holds', {}, {}, true],
  // Policy variables
  ['${aws:username} resolves to the user name', { StringEquals: { [EC]: '${aws:username}' } }, { [EC]: 'alice' }, true],
  ['${aws:username} with another value', { StringEquals: { [EC]: '${aws:username}' } }, { [EC]: 'bob' }, false],
  ['variable names are case-insensitive', { StringEquals: { [EC]: '${AWS:UserName}' } }, { [EC]: 'alice' }, true],
  ['${aws:username} has no value for a role session: nothing matches', { StringEquals: { [EC]: '${aws:username}' } }, { [EC]: 'bob' }, false, session],
  ['StringNotEquals with an unresolved variable holds', { StringNotEquals: { [EC]: '${aws:username}' } }, { [EC]: 'bob' }, true, session],
  ['a default value is used when the variable has none', { StringEquals: { [EC]: "${aws:username, 'nobody'}" } }, { [EC]: 'nobody' }, true, session],
  ["two quotes in a default value are one quote", { StringEquals: { [EC]: "${aws:username, 'it''s'}" } }, { [EC]: "it's" }, true, session],
  ['${aws:PrincipalAccount} resolves to the caller account', { StringEquals: { 'kms:CallerAccount': '${aws:PrincipalAccount}' } }, {}, true],
  ['${aws:userid} resolves to the principal ID', { StringEquals: { [EC]: '${aws:userid}' } }, { [EC]: 'AROAADMIN:bob' }, true, session],
  ['${aws:PrincipalArn} of a session is its role ARN', { StringEquals: { [EC]: '${aws:PrincipalArn}' } }, { [EC]: ROLE }, true, session],
  ['a variable inside a StringLike pattern', { StringLike: { [EC]: 'home/${aws:username}/*' } }, { [EC]: 'home/alice/docs' }, true],
  ['${*} is a literal * in StringLike', { StringLike: { [EC]: 'a${*}' } }, { [EC]: 'abc' }, false],
  ['${*} matches a literal *', { StringLike: { [EC]: 'a${*}' } }, { [EC]: 'a*' }, true],
  ['${?} is a literal ?', { StringLike: { [EC]: 'a${?}' } }, { [EC]: 'ab' }, false],
  ['${$} is a literal $', { StringEquals: { [EC]: '${$}5' } }, { [EC]: '$5' }, true],
  ['a substituted value is literal, never a wildcard', { StringLike: { 'kms:EncryptionContext:path': '${kms:EncryptionContext:prefix}' } }, { 'kms:EncryptionContext:path': 'abc', 'kms:EncryptionContext:prefix': 'a*' }, false],
  ['a multi-valued key cannot be a variable', { StringEquals: { [EC]: '${kms:EncryptionContextKeys}' } }, { [EC]: 'Department', [KEYS]: ['Department'] }, false],
  ['variables are plain text in a 2008-10-17 policy', { StringEquals: { [EC]: '${aws:username}' } }, { [EC]: '${aws:username}' }, true, alice, '2008-10-17'],
  ['variables are plain text in a policy without Version', { StringEquals: { [EC]: '${aws:username}' } }, { [EC]: 'alice' }, false, alice, ''],
  ['an unterminated variable is plain text', { StringEquals: { [EC]: '${aws:username' } }, { [EC]: '${aws:username' }, true],
  ['a variable in a Date condition', { DateLessThan: { [TIME]: '${kms:ValidTo}' } }, { [TIME]: '2025-01-01T00:00:00Z', 'kms:ValidTo': 1800000000 }, true],
  ['IfExists with an unresolved variable and the key present fails', { StringEqualsIfExists: { [EC]: '${aws:username}' } }, { [EC]: 'bob' }, false, session],
];

describe('condition evaluation table', () => {
  for (const [title, condition, values, expected, caller = alice, version = '2012-10-17'] of rows) {
    test(title, () => {
      const statement = { Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: condition };
      const policy = parsePolicyDocument(JSON.stringify(version ? { Version: version, Statement: statement } : { Statement: statement }), { kind: 'identity' });
      const context = buildConditionContext(caller, values);
      assert.equal(conditionsHold(policy.statements[0].conditions, context), expected);
    });
  }
});
