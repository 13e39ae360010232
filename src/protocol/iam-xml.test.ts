// IAM's XML: results, empty results, lists as <member>, dates in whole seconds, escaping, and the error form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iamErrorXml, iamResponseXml } from './iam-xml.js';

test('a result with a list, a date, a boolean and escaped text; undefined members are left out', () => {
  const xml = iamResponseXml(
    'ListUsers',
    { Users: [{ UserName: 'a<b', CreateDate: new Date('2026-12-03T10:00:00.123Z') }], IsTruncated: false, Marker: undefined },
    'req-1',
  );
  assert.equal(
    xml,
    '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
      '  <ListUsersResult>\n' +
      '    <Users>\n' +
      '      <member>\n' +
      '        <UserName>a&lt;b</UserName>\n' +
      '        <CreateDate>2026-12-03T10:00:00Z</CreateDate>\n' +
      '      </member>\n' +
      '    </Users>\n' +
      '    <IsTruncated>false</IsTruncated>\n' +
      '  </ListUsersResult>\n' +
      '  <ResponseMetadata>\n' +
      '    <RequestId>req-1</RequestId>\n' +
      '  </ResponseMetadata>\n' +
      '</ListUsersResponse>\n',
  );
});

test('an action that returns nothing has no Result element; empty lists are empty elements', () => {
  assert.doesNotMatch(iamResponseXml('DeleteUser', {}, 'r'), /DeleteUserResult/);
  assert.match(iamResponseXml('ListUserPolicies', { PolicyNames: [] }, 'r'), /<PolicyNames\/>/);
});

test('errors: Type, Code, Message and RequestId in IAM namespace', () => {
  assert.equal(
    iamErrorXml('Sender', 'NoSuchEntity', 'The user with name x cannot be found.', 'r'),
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
      '  <Error>\n    <Type>Sender</Type>\n    <Code>NoSuchEntity</Code>\n    <Message>The user with name x cannot be found.</Message>\n  </Error>\n' +
      '  <RequestId>r</RequestId>\n' +
      '</ErrorResponse>\n',
  );
});

test('characters XML cannot carry are replaced, so an error quoting bad input still parses', () => {
  const xml = iamErrorXml('Sender', 'ValidationError', "Value 'a\u0000b\u001f\ud800c' at 'userName'", 'r');
  assert.match(xml, /<Message>Value &apos;a\uFFFDb\uFFFD\uFFFDc&apos; at &apos;userName&apos;<\/Message>/);
  assert.match(iamErrorXml('Sender', 'X', 'emoji \u{1F600} stays', 'r'), /emoji \u{1F600} stays/u);
});
