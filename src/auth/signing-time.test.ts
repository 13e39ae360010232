// The SigV4 request-time rules: ISO 8601 basic format, the Date header fallback, clock skew and
// presigned expiry, with AWS's "Signature expired" / "Signature not yet current" texts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSigningTime, formatAmzDate, parseAmzDate, requestDateTime } from './signing-time.js';

describe('parseAmzDate / formatAmzDate', () => {
  test('yyyymmddThhmmssZ round-trips', () => {
    const date = parseAmzDate('20150830T123600Z');
    assert.equal(date?.toISOString(), '2015-08-30T12:36:00.000Z');
    assert.equal(formatAmzDate(date as Date), '20150830T123600Z');
  });

  test('milliseconds are dropped when formatting', () => {
    assert.equal(formatAmzDate(new Date('2015-08-30T12:36:00.999Z')), '20150830T123600Z');
  });

  test('extended format, missing Z and impossible dates are not basic format', () => {
    for (const value of ['2015-08-30T12:36:00Z', '20150830T123600', '20150231T000000Z', '20150830T246000Z', '']) {
      assert.equal(parseAmzDate(value), undefined, value);
    }
  });
});

describe('requestDateTime', () => {
  test('a Date header may be an HTTP date; the string to sign gets its basic form', () => {
    const { longDate, date } = requestDateTime('Sun, 30 Aug 2015 12:36:00 GMT', true);
    assert.equal(longDate, '20150830T123600Z');
    assert.equal(date.toISOString(), '2015-08-30T12:36:00.000Z');
  });

  test('X-Amz-Date must be basic format', () => {
    assert.throws(() => requestDateTime('Sun, 30 Aug 2015 12:36:00 GMT', false), {
      name: 'IncompleteSignatureException',
      message: "Date must be in ISO-8601 'basic format'. Got 'Sun, 30 Aug 2015 12:36:00 GMT'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });
});

describe('checkSigningTime', () => {
  const signed = new Date('2024-01-01T00:05:00Z');

  test('within 5 minutes either way passes', () => {
    checkSigningTime(signed, '20240101T000500Z', new Date('2024-01-01T00:10:00.999Z'), undefined);
    checkSigningTime(signed, '20240101T000500Z', new Date('2024-01-01T00:00:00Z'), undefined);
  });

  test('the messages show our clock truncated to the second', () => {
    assert.throws(() => checkSigningTime(signed, '20240101T000500Z', new Date('2024-01-01T00:10:01.500Z'), undefined), {
      name: 'InvalidSignatureException',
      message: 'Signature expired: 20240101T000500Z is now earlier than 20240101T000501Z (20240101T001001Z - 5 min.)',
    });
  });

  test('a presigned expiry that is not whole minutes is shown in seconds', () => {
    assert.throws(() => checkSigningTime(signed, '20240101T000500Z', new Date('2024-01-01T00:06:31Z'), 90), {
      name: 'InvalidSignatureException',
      message: 'Signature expired: 20240101T000500Z is now earlier than 20240101T000501Z (20240101T000631Z - 90 sec.)',
    });
  });

  test('a presigned expiry longer than the skew keeps an old request valid', () => {
    checkSigningTime(signed, '20240101T000500Z', new Date('2024-01-01T01:05:00Z'), 3600);
  });
});
