// The authentication errors parseSignature raises for absent or malformed signatures, with AWS's
// exception names and message texts (kms-behaviour.md 8.3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScopeService, parseSignature, type IncomingSignedRequest } from './sigv4.js';

const CREDENTIAL = 'AKIAOPENKMSEXAMPLE01/20240101/eu-west-3/kms/aws4_request';
const SIGNATURE = 'a'.repeat(64);
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=${SIGNATURE}`;

function request(headers: Record<string, string>, query = ''): IncomingSignedRequest {
  return {
    method: 'POST',
    path: '/',
    query,
    headers: { host: 'kms.example.test', 'content-type': 'application/x-amz-json-1.1', ...headers },
    body: Buffer.from('{}'),
  };
}

/** `amzDate` null sends no X-Amz-Date header. */
function withAuthorization(authorization: string, amzDate: string | null = '20240101T000500Z'): IncomingSignedRequest {
  return request(amzDate === null ? { authorization } : { authorization, 'x-amz-date': amzDate });
}

function presigned(params: Record<string, string>): IncomingSignedRequest {
  const all: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': CREDENTIAL,
    'X-Amz-Date': '20240101T000500Z',
    'X-Amz-Expires': '900',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': SIGNATURE,
    ...params,
  };
  const query = Object.entries(all)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return request({}, query);
}

function refuses(req: IncomingSignedRequest, name: string, message: string): void {
  assert.throws(() => parseSignature(req), { name, message });
}

describe('parseSignature: absent signature', () => {
  test('no Authorization header and no query signature: Missing Authentication Token', () => {
    refuses(request({ 'x-amz-date': '20240101T000500Z' }), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  test('ordinary query parameters alone are no signature', () => {
    refuses(request({}, 'Action=ListKeys'), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });
});

describe('parseSignature: malformed Authorization header', () => {
  test('each missing part is listed, then the header as sent', () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${CREDENTIAL}`;
    refuses(
      withAuthorization(authorization),
      'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        `Authorization=${authorization}`,
    );
  });

  test('another scheme without a date lacks all four parts', () => {
    const authorization = 'AWS AKIAI2HBJEUM7LRSTWOQ:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=';
    refuses(
      withAuthorization(authorization, null),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
        `a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
    );
  });

  test('a complete header without X-Amz-Date or Date', () => {
    refuses(
      withAuthorization(AUTHORIZATION, null),
      'IncompleteSignatureException',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${AUTHORIZATION}`,
    );
  });

  test('a parameter without an equal sign (a space inside the credential)', () => {
    const authorization = AUTHORIZATION.replace('EXAMPLE01/', 'EXAMPLE01 /');
    refuses(
      withAuthorization(authorization),
      'IncompleteSignatureException',
      `'/20240101/eu-west-3/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    );
  });

  test('parameters separated by commas without spaces are accepted', () => {
    const claims = parseSignature(withAuthorization(AUTHORIZATION.replace(/, /g, ',')));
    assert.equal(claims.accessKeyId, 'AKIAOPENKMSEXAMPLE01');
  });

  test('a credential without five elements', () => {
    refuses(
      withAuthorization(AUTHORIZATION.replace(CREDENTIAL, 'AKIAOPENKMSEXAMPLE01/20240101/kms/aws4_request')),
      'IncompleteSignatureException',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIAOPENKMSEXAMPLE01/20240101/kms/aws4_request'",
    );
  });

  test('a credential scope with another terminator', () => {
    refuses(
      withAuthorization(AUTHORIZATION.replace('aws4_request', 'aws4_reqest')),
      'InvalidSignatureException',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'. ",
    );
  });

  test('the credential scope date must be the day of X-Amz-Date', () => {
    refuses(
      withAuthorization(AUTHORIZATION, '20231231T235959Z'),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240101' != '20231231', from '20231231T235959Z'.",
    );
  });

  test('X-Amz-Date must be in ISO 8601 basic format', () => {
    refuses(
      withAuthorization(AUTHORIZATION, '2024-01-01T00:05:00Z'),
      'IncompleteSignatureException',
      "Date must be in ISO-8601 'basic format'. Got '2024-01-01T00:05:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  test('host must be among the signed headers', () => {
    refuses(
      withAuthorization(AUTHORIZATION.replace('content-type;host;x-amz-date', 'content-type;x-amz-date')),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('every signed header must be in the request', () => {
    refuses(
      withAuthorization(AUTHORIZATION.replace('content-type;host;x-amz-date', 'content-type;host;x-amz-date;x-amz-target')),
      'IncompleteSignatureException',
      "'x-amz-target' is named as a SignedHeader, but it does not exist in the HTTP request.",
    );
  });

  test('an Authorization header and a query signature together', () => {
    const req = withAuthorization(AUTHORIZATION);
    req.query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${SIGNATURE}`;
    refuses(
      req,
      'IncompleteSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  });

  test('any region name is accepted and the scope service is passed through', () => {
    const claims = parseSignature(withAuthorization(AUTHORIZATION.replace('eu-west-3/kms', 'moon-base-1/cloudtrail')));
    assert.equal(claims.region, 'moon-base-1');
    assert.equal(claims.service, 'cloudtrail');
  });
});

describe('parseSignature: malformed presigned query', () => {
  test('each missing query parameter is listed', () => {
    refuses(
      presigned({ 'X-Amz-Date': '', 'X-Amz-SignedHeaders': '' }),
      'IncompleteSignatureException',
      "AWS query-string parameters must include 'X-Amz-Date'. AWS query-string parameters must include " +
        "'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
  });

  test('another algorithm', () => {
    refuses(
      presigned({ 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' }),
      'IncompleteSignatureException',
      "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'",
    );
  });

  test('X-Amz-Expires must be a number of seconds, at most one week', () => {
    refuses(presigned({ 'X-Amz-Expires': 'soon' }), 'IncompleteSignatureException', 'X-Amz-Expires should be a number');
    refuses(presigned({ 'X-Amz-Expires': '-1' }), 'IncompleteSignatureException', 'X-Amz-Expires must be non-negative');
    refuses(
      presigned({ 'X-Amz-Expires': '604801' }),
      'IncompleteSignatureException',
      'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    );
    assert.equal(parseSignature(presigned({ 'X-Amz-Expires': '604800' })).form, 'query');
  });

  test('host must be among the signed headers', () => {
    refuses(
      presigned({ 'X-Amz-SignedHeaders': 'content-type' }),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  test('a presigned request is recognised by X-Amz-Credential alone', () => {
    refuses(
      request({}, `X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}`),
      'IncompleteSignatureException',
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include " +
        "'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. AWS query-string parameters " +
        "must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Expires'. " +
        'Re-examine the query-string parameters.',
    );
  });
});

describe('checkScopeService', () => {
  test('a credential scoped to a service the endpoint serves passes', () => {
    checkScopeService('sts', ['kms', 'sts', 'cloudtrail']);
  });

  test('a credential scoped to another service is refused as AWS does', () => {
    assert.throws(() => checkScopeService('s3', ['kms', 'sts']), {
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'kms'. ",
    });
  });
});
