// Policy-variable parsing and substitution, and IAM wildcard matching (IAM "Variables and tags").

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, templateString } from './policy-variables.js';
import { wildcardMatch } from './wildcard.js';

const context = new Map<string, string | string[]>([
  ['aws:username', 'alice'],
  ['aws:principalaccount', '111122223333'],
  ['kms:encryptioncontextkeys', ['a', 'b']],
]);

const rows: [title: string, text: string, expected: string | undefined][] = [
  ['plain text is unchanged', 'arn:aws:kms:*:*:key/*', 'arn:aws:kms:*:*:key/*'],
  ['a variable is substituted', 'home/${aws:username}', 'home/alice'],
  ['two variables', '${aws:PrincipalAccount}/${aws:username}', '111122223333/alice'],
  ['spaces inside the braces are ignored', '${ aws:username }', 'alice'],
  ['an unknown variable without default is unresolved', '${aws:TokenIssueTime}', undefined],
  ['a default is used for an unknown variable', "${aws:TokenIssueTime, 'never'}", 'never'],
  ['a default is not used when the variable has a value', "${aws:username, 'nobody'}", 'alice'],
  ['a default may contain a closing brace', "${aws:x, 'a}b'}", 'a}b'],
  ['a default may be empty', "${aws:x, ''}", ''],
  ['a multi-valued key is unresolved', '${kms:EncryptionContextKeys}', undefined],
  ['${*} is a literal *', 'a${*}', 'a*'],
  ['${?} is a literal ?', '${?}', '?'],
  ['${$} is a literal $', '${$}{aws:username}', '${aws:username}'],
  ['an empty variable is unresolved', '${}', undefined],
  ['an unterminated variable is text', 'x${aws:username', 'x${aws:username'],
  ['substitution happens once (no recursion)', "${aws:x, '${aws:username}'}", '${aws:username}'],
];

describe('policy variables', () => {
  for (const [title, text, expected] of rows) {
    test(title, () => assert.equal(templateString(parseTemplate(text, true), context), expected));
  }
  test('variables are disabled for policies before 2012-10-17', () => {
    assert.equal(templateString(parseTemplate('${aws:username}', false), context), '${aws:username}');
  });
  test('hasVariables is set only by real variables', () => {
    assert.equal(parseTemplate('a${*}', true).hasVariables, false);
    assert.equal(parseTemplate('${aws:username}', true).hasVariables, true);
  });
});

const wildcardRows: [pattern: string, value: string, ignoreCase: boolean, expected: boolean][] = [
  ['*', 'anything', false, true],
  ['kms:*', 'kms:encrypt', false, true],
  ['kms:Describe*', 'kms:DescribeKey', false, true],
  ['kms:Describe*', 'kms:describekey', false, false],
  ['kms:Describe*', 'kms:describekey', true, true],
  ['kms:?ncrypt', 'kms:Encrypt', false, true],
  ['kms:?ncrypt', 'kms:Encrypt2', false, false],
  ['a.b', 'axb', false, false],
  ['a(b)+', 'a(b)+', false, true],
  ['line*', 'line1\nline2', false, true],
  ['exact', 'EXACT', true, true],
];

describe('wildcard matching', () => {
  for (const [pattern, value, ignoreCase, expected] of wildcardRows) {
    test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(value)}${ignoreCase ? ' (ignoring case)' : ''}`, () => {
      assert.equal(wildcardMatch(pattern, value, ignoreCase), expected);
    });
  }
});
