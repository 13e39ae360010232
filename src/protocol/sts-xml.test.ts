// STS XML: the response and error envelopes in STS's namespace, with every value escaped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stsErrorXml, stsResponseXml } from './sts-xml.js';

test('a response wraps its result and the request id in <Action>Response', () => {
  assert.equal(
    stsResponseXml('GetCallerIdentity', { Arn: 'arn:aws:iam::111122223333:user/a', UserId: 'AIDA', Account: '111122223333' }, 'r-1'),
    [
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
      '  <GetCallerIdentityResult>',
      '    <Arn>arn:aws:iam::111122223333:user/a</Arn>',
      '    <UserId>AIDA</UserId>',
      '    <Account>111122223333</Account>',
      '  </GetCallerIdentityResult>',
      '  <ResponseMetadata>',
      '    <RequestId>r-1</RequestId>',
      '  </ResponseMetadata>',
      '</GetCallerIdentityResponse>',
      '',
    ].join('\n'),
  );
});

test('an error is <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>, with markup escaped', () => {
  const xml = stsErrorXml('Sender', 'ValidationError', `Value '<x & "y">' is bad`, 'r-2');
  assert.match(xml, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\n  <Error>\n    <Type>Sender<\/Type>\n    <Code>ValidationError<\/Code>/);
  assert.ok(xml.includes('<Message>Value &apos;&lt;x &amp; &quot;y&quot;&gt;&apos; is bad</Message>'));
  assert.ok(xml.includes('  <RequestId>r-2</RequestId>\n</ErrorResponse>'));
});
