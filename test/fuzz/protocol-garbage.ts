// Requests that are broken below the operation's input: garbage X-Amz-Target values, content types, bodies that are
// not JSON, not UTF-8, empty or past the size limit, broken or missing SigV4 (Authorization, date, token, scope,
// secret, a body changed after signing), other methods and paths; and raw bytes on a TCP socket. Each HTTP case
// carries what its answer may be, derived from how the router picks an API (docs/request-flow.md).

import fc from 'fast-check';
import { CLOUDTRAIL_TARGET_PREFIXES, cloudTrailOperationOf } from '../../src/protocol/cloudtrail-pipeline.js';

const [CLOUDTRAIL_TARGET_PREFIX, SHORT_CLOUDTRAIL_TARGET_PREFIX] = CLOUDTRAIL_TARGET_PREFIXES;
import { MAX_BODY_BYTES } from '../../src/server/http-listener.js';
import { operationNames, operations, type OperationName } from '../../src/api/model.generated.js';
import { who } from '../support/authorization-fixture.js';
import type { Api, Expectation } from './answer-checks.js';
import type { FuzzFixture } from './fuzz-fixture.js';
import { isUtf8 } from './json-text.js';
import type { HttpCase } from './send-request.js';

export interface GarbageCase {
  kind: 'http';
  group: string;
  label: string;
  http: HttpCase;
  expect: Expectation;
}

/** Raw bytes on a socket; `signed` parts are a signed HTTP request written out at send time. */
export interface RawCase {
  kind: 'raw';
  group: string;
  label: string;
  parts: (Buffer | { signed: HttpCase })[];
  /** The status the first answer on the connection must have, and why. */
  firstStatus?: { status: number; because: string };
}

const AUTH_ERRORS = ['MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException', 'UnrecognizedClientException'];

/** The text of a header value node's client will send: printable ASCII (raw bytes go through the socket cases). */
const headerText = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const labelled = <T extends { label: string }>(value: T): T => {
  Object.defineProperty(value, fc.toStringMethod, { enumerable: false, value: () => value.label });
  return value;
};

/**
 * The valid requests the garbage is made from: reads, and writes whose refusal must change nothing. All aim at a
 * scratch key, since a garbage target may turn a body into another operation's (` TrentService.DisableKey `).
 */
function baseRequests(fixture: FuzzFixture): { operation: OperationName; input: object }[] {
  const scratch = fixture.keys['us-east-1'].scratch.find((k) => k.kind === 'symmetric')!;
  return [
    { operation: 'ListKeys', input: {} },
    { operation: 'DescribeKey', input: { KeyId: scratch.aliasName } },
    { operation: 'Encrypt', input: { KeyId: scratch.keyId, Plaintext: Buffer.from('garbage').toString('base64') } },
    { operation: 'UpdateKeyDescription', input: { KeyId: scratch.keyId, Description: 'changed by garbage' } },
    { operation: 'TagResource', input: { KeyId: scratch.keyId, Tags: [{ TagKey: 'garbage', TagValue: 'yes' }] } },
    { operation: 'CreateAlias', input: { AliasName: 'alias/fuzz-garbage', TargetKeyId: scratch.keyId } },
  ];
}

function signedCase(operation: string, body: Buffer, headers: Record<string, string> = {}): HttpCase {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}`, ...headers },
    body,
    sign: { credentials: who.admin, region: 'us-east-1', service: 'kms', signingDate: new Date() },
  };
}

/** The API the router hands a request to (protocol/router.ts), which decides the errors it may answer. */
export function routeOf(c: HttpCase): Api {
  const [path, query = ''] = c.path.split('?');
  const headers = Object.fromEntries(Object.entries(c.headers).map(([name, value]) => [name.toLowerCase(), value.trim()]));
  const queryTarget = [...new URLSearchParams(query)].find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  const target = headers['x-amz-target'] ?? queryTarget;
  const atRoot = c.method === 'POST' && path === '/';
  if (atRoot && target?.startsWith('TrentService.')) {
    const name = target.slice('TrentService.'.length);
    return { api: 'kms', operation: Object.hasOwn(operations, name) ? (name as OperationName) : undefined };
  }
  if (atRoot && target !== undefined && cloudTrailOperationOf(target) !== undefined) return { api: 'cloudtrail' };
  const form = headers['content-type']?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
  if (target === undefined && path === '/' && ((c.method === 'POST' && form) || (c.method === 'GET' && new URLSearchParams(query).has('Action')))) return { api: 'sts' };
  return { api: 'kms', operation: undefined };
}

function targetGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  const op = fc.constantFrom(...operationNames);
  const target = fc.oneof(
    headerText(40),
    op.map((o) => `TrentService.${o.toLowerCase()}`),
    op.map((o) => `TrentService.${o}X`),
    op.map((o) => `trentservice.${o}`),
    op.map((o) => ` TrentService.${o} `),
    op.map((o) => `TrentService.${o}.${o}`),
    op.map((o) => `TrentService..${o}`),
    op.map((o) => `kms.${o}`),
    fc.constantFrom(
      'TrentService.', 'TrentService', 'TrentService.constructor', 'TrentService.__proto__', 'TrentService.toString',
      'TrentService.hasOwnProperty', 'TrentService.valueOf', 'TrentService.ListKeys,TrentService.DisableKey',
      `${CLOUDTRAIL_TARGET_PREFIX}LookupEvents`, `${SHORT_CLOUDTRAIL_TARGET_PREFIX}LookupEvents`, `${CLOUDTRAIL_TARGET_PREFIX}CreateTrail`, `${CLOUDTRAIL_TARGET_PREFIX}`,
      'CloudTrail_20131101.LookupEvents', 'AWSSecurityTokenServiceV20110615.GetCallerIdentity', '',
    ),
  );
  return fc.tuple(target, fc.constantFrom(...baseRequests(fixture))).map(([t, base]) => {
    const http = signedCase(base.operation, Buffer.from(JSON.stringify(base.input)), { 'x-amz-target': t });
    return labelled({ kind: 'http', group: 'garbage: target', label: `X-Amz-Target ${JSON.stringify(t)}`, http, expect: { target: routeOf(http) } });
  });
}

function contentTypeGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  const type = fc.oneof(
    headerText(30),
    fc.constantFrom(
      'text/plain', 'application/json', 'application/x-amz-json-1.0', 'application/x-amz-json-1.1; charset=utf-8',
      'APPLICATION/X-AMZ-JSON-1.1', 'multipart/form-data; boundary=x', '', 'application/xml', ';', 'application/x-amz-json-1.1;;',
      'application/x-www-form-urlencoded', 'application/cbor', 'application/x-amz-json-1.2',
    ),
  );
  return fc.tuple(fc.option(type, { nil: undefined }), fc.constantFrom(...baseRequests(fixture))).map(([t, base]) => {
    const http = signedCase(base.operation, Buffer.from(JSON.stringify(base.input)));
    if (t === undefined) delete http.headers['content-type'];
    else http.headers['content-type'] = t;
    return labelled({ kind: 'http', group: 'garbage: content type', label: `${base.operation} with Content-Type ${JSON.stringify(t)}`, http, expect: { target: routeOf(http) } });
  });
}

function bodyGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  const valid = fc.constantFrom(...baseRequests(fixture)).map((b) => ({ operation: b.operation, text: JSON.stringify(b.input) }));
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }).map((b) => ({ what: 'random bytes', bytes: Buffer.from(b) })),
    fc.string({ unit: 'binary', maxLength: 500 }).map((s) => ({ what: 'random text', bytes: Buffer.from(s) })),
    fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => ({ what: 'JSON, not an object', bytes: Buffer.from(JSON.stringify(v)) })),
    fc.constantFrom('', ' ', '\n', '{}', '\ufeff{}', '{} ', '{}\u0000', '{"a":1,}', "{'a':1}", '{"a":1}//c', '{"a" 1}', '[', '"', '\\', 'null', '{"a":"\\u00"}', '{"a":"\\x41"}', '{"__proto__":{"KeyId":"x"}}')
      .map((t) => ({ what: 'JSON-like text', bytes: Buffer.from(t) })),
    // JSON that is only broken by not being UTF-8 (latin1 text, say) is the invalid-utf8 property's.
    fc.constant({ what: 'JSON in UTF-16', bytes: Buffer.from('{"Description":"é"}', 'utf16le') }),
    fc.constantFrom(MAX_BODY_BYTES - 20, MAX_BODY_BYTES + 1, 2 * MAX_BODY_BYTES).map((size) => ({ what: `a ${size}-byte body`, bytes: Buffer.from(`{"Description":"${'a'.repeat(Math.max(0, size - 18))}"}`) })),
    fc.constant({ what: '500,000 levels of nesting', bytes: Buffer.from('{"Tags":' + '['.repeat(500_000) + ']'.repeat(500_000) + '}') }),
  );
  const truncated = fc.tuple(valid, fc.nat()).map(([v, cut]) => ({ operation: v.operation, what: 'truncated JSON', bytes: Buffer.from(v.text.slice(0, cut % Math.max(1, v.text.length))) }));
  const whole = fc.tuple(valid, body).map(([v, b]) => ({ operation: v.operation, ...b }));
  return fc.oneof(whole, truncated).map(({ operation, what, bytes }) => {
    const http = signedCase(operation, bytes);
    const expect: Expectation = { target: routeOf(http) };
    if (bytes.length > MAX_BODY_BYTES) {
      expect.otherStatuses = [413];
      expect.error = { types: ['SerializationException'], because: 'the body is larger than the server takes' };
    } else if (!isUtf8(bytes)) {
      expect.error = { types: ['SerializationException'], because: 'a JSON body must be UTF-8 (RFC 8259 section 8.1)' };
    }
    return labelled({ kind: 'http', group: 'garbage: body', label: `${operation} with ${what} (${bytes.length} bytes): ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))}`, http, expect });
  });
}

interface Tampering {
  what: string;
  /** A signature broken this way never verifies: the answer must be an authentication error. */
  breaks: boolean;
  apply(c: HttpCase): void;
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

function tamperings(): fc.Arbitrary<Tampering> {
  const header = (name: string, value: string | undefined, what: string, breaks = true): Tampering => ({ what, breaks, apply: (c) => (c.tamper = { ...c.tamper, [name]: value }) });
  const signAs = (what: string, breaks: boolean, change: (sign: NonNullable<HttpCase['sign']>) => void): Tampering => ({ what, breaks, apply: (c) => change(c.sign!) });
  const authorization = fc.oneof(
    headerText(200),
    fc.constantFrom(
      '', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256 Credential=', 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00',
      'AWS4-HMAC-SHA512 Credential=AKIAOPENKMSTESTADMIN/20260101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00',
      'AWS4-HMAC-SHA256 Credential=AKIAOPENKMSTESTADMIN/20260101/us-east-1/kms/aws4_request, SignedHeaders=, Signature=',
      'AWS4-HMAC-SHA256 Credential=AKIAOPENKMSTESTADMIN/20260101/us-east-1/kms/aws4_request,SignedHeaders=host;x-amz-date,Signature=' + '0'.repeat(64),
      'AWS4-HMAC-SHA256 Credential=AKIAOPENKMSTESTADMIN//us-east-1/kms/aws4_request, SignedHeaders=host, Signature=' + 'f'.repeat(64),
      'AWS4-HMAC-SHA256 Credential=AKIAOPENKMSTESTADMIN/20260101/us-east-1/kms/aws4_request/extra, SignedHeaders=host, Signature=ab',
      'AWS4-HMAC-SHA256 Credential=AKIAOPENKMSTESTADMIN/20260101/us-east-1/kms, SignedHeaders=host, Signature=ab',
      'AWS4-HMAC-SHA256 Credential=A=B=C, SignedHeaders=host, SignedHeaders=host, Signature=ab, Signature=cd',
      'Bearer abc', 'AWS AKIAOPENKMSTESTADMIN:c2lnbmF0dXJl', 'Basic YWRtaW46YWRtaW4=', 'AWS4-HMAC-SHA256 ' + 'x'.repeat(8_000),
    ),
  ).map((value) => header('authorization', value, `Authorization ${JSON.stringify(value.slice(0, 80))}`));
  const fromSigned = (what: string, change: (authorization: string) => string): Tampering => ({
    what,
    breaks: true,
    apply: (c) => (c.tamper = { ...c.tamper, authorization: (signed) => change(signed ?? '') }),
  });
  return fc.oneof(
    authorization,
    fc.nat().map((cut) => fromSigned(`signed Authorization cut at ${cut}`, (a) => a.slice(0, cut % a.length))),
    fc.nat().map((at) => fromSigned(`signed Authorization with character ${at} changed`, (a) => {
      const i = a.length - 1 - (at % 64);
      return a.slice(0, i) + (a[i] === '0' ? '1' : '0') + a.slice(i + 1);
    })),
    fc.constant(fromSigned('SignedHeaders without host', (a) => a.replace(/(SignedHeaders=[^,]*?)host;?/, '$1'))),
    fc.constant(fromSigned('lower-case algorithm', (a) => a.replace('AWS4-HMAC-SHA256', 'aws4-hmac-sha256'))),
    fc.constantFrom(undefined, '', 'yesterday', '20260101T000000Z', '2026-01-01T00:00:00Z', '99999999T999999Z', '20260230T120000Z').map((v) => header('x-amz-date', v, `X-Amz-Date ${JSON.stringify(v)}`)),
    headerText(100).map((v) => header('x-amz-security-token', v, `X-Amz-Security-Token ${JSON.stringify(v)}`)),
    fc.constant<Tampering>({ what: 'body changed after signing', breaks: true, apply: (c) => (c.sentBody = Buffer.concat([c.body, Buffer.from(' ')])) }),
    fc.constant(header('content-type', 'application/json', 'a signed header changed after signing')),
    fc.constant<Tampering>({ what: 'unsigned', breaks: true, apply: (c) => delete c.sign }),
    fc.constant(signAs('a wrong secret', true, (s) => (s.credentials = { ...s.credentials, secretAccessKey: 'not-the-secret' }))),
    fc.constant(signAs('an unknown access key', true, (s) => (s.credentials = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }))),
    fc.constantFrom('sts', 's3', 'KMS', 'kms ', '').map((service) => signAs(`signed for service ${JSON.stringify(service)}`, true, (s) => (s.service = service))),
    fc.constantFrom(-60 * 24, -20, -6, 6, 20, 60 * 24 * 400).map((n) => signAs(`signed ${n} minutes off`, true, (s) => (s.signingDate = minutes(n)))),
    fc.constantFrom(-4, 4).map((n) => signAs(`signed ${n} minutes off (allowed)`, false, (s) => (s.signingDate = minutes(n)))),
    fc.constantFrom('us-west-2', 'cn-north-1', 'mars-north-9', 'US-EAST-1').map((region) => signAs(`signed for Region ${region}`, false, (s) => (s.region = region))),
  );
}

function authenticationGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  return fc.tuple(fc.constantFrom(...baseRequests(fixture)), tamperings()).map(([base, tampering]) => {
    const http = signedCase(base.operation, Buffer.from(JSON.stringify(base.input)));
    tampering.apply(http);
    const expect: Expectation = { target: routeOf(http) };
    if (tampering.breaks) expect.error = { types: AUTH_ERRORS, because: `the signature cannot verify (${tampering.what})` };
    return labelled({ kind: 'http', group: 'garbage: authentication', label: `${base.operation} with ${tampering.what}`, http, expect });
  });
}

function methodAndPathGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  const method = fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST');
  const path = fc.constantFrom('/', '/x', '//', '/?a=b', '/%2e%2e/', '/?X-Amz-Target=TrentService.ListKeys', '/kms', '/?', '/#x', '/%00', `/${'a'.repeat(4_000)}`);
  return fc.tuple(method, path, fc.constantFrom(...baseRequests(fixture)), fc.boolean()).map(([m, p, base, withTarget]) => {
    const http = signedCase(base.operation, Buffer.from(JSON.stringify(base.input)));
    http.method = m;
    http.path = p;
    if (!withTarget) delete http.headers['x-amz-target'];
    return labelled({ kind: 'http', group: 'garbage: method and path', label: `${m} ${p.slice(0, 40)} ${withTarget ? base.operation : 'without target'}`, http, expect: { target: routeOf(http) } });
  });
}

/** Values that break a member whatever its type: every JSON type, deep nesting, huge and fractional numbers. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, 0, 2 ** 31, 1e308, 0.5, '', 'x'.repeat(5_000), '2030-01-01T00:00:00Z', '-1e400'),
  fc.constant('['.repeat(10_000) + ']'.repeat(10_000)),
);

/** CloudTrail LookupEvents on the same endpoint, signed for `cloudtrail`, with broken and odd inputs. */
function cloudTrailGarbage(): fc.Arbitrary<GarbageCase> {
  const or = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: usual }, { weight: 1, arbitrary: anyJson });
  const attribute = fc.record(
    {
      AttributeKey: or(fc.constantFrom('EventName', 'EventId', 'Username', 'ResourceName', 'ResourceType', 'ReadOnly', 'AccessKeyId', 'EventSource', 'eventname', '')),
      AttributeValue: or(fc.oneof(fc.constantFrom('Encrypt', 'true', 'kms.amazonaws.com', '%', '*', ''), fc.string({ maxLength: 300 }))),
    },
    { requiredKeys: [] },
  );
  const input = fc.record(
    {
      LookupAttributes: or(fc.array(attribute, { maxLength: 3 })),
      StartTime: or(fc.integer({ min: -1e10, max: 4e9 })),
      EndTime: or(fc.integer({ min: -1e10, max: 4e9 })),
      EventCategory: or(fc.constantFrom('insight', 'Insight', '')),
      MaxResults: or(fc.integer({ min: -5, max: 100 })),
      NextToken: or(fc.oneof(fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 80 }))),
    },
    { requiredKeys: [] },
  );
  const operation = fc.oneof({ weight: 9, arbitrary: fc.constant('LookupEvents') }, { weight: 1, arbitrary: fc.constantFrom('CreateTrail', 'lookupEvents', '') });
  const signedFor = fc.oneof({ weight: 4, arbitrary: fc.constant('cloudtrail') }, { weight: 1, arbitrary: fc.constant('kms') });
  return fc.tuple(input, operation, signedFor).map(([body, op, service]) => {
    const http = signedCase('ListKeys', Buffer.from(JSON.stringify(body)), { 'x-amz-target': `${CLOUDTRAIL_TARGET_PREFIX}${op}` });
    http.sign!.service = service;
    return labelled({ kind: 'http', group: 'garbage: cloudtrail', label: `CloudTrail ${op} signed for ${service}: ${JSON.stringify(body).slice(0, 200)}`, http, expect: { target: routeOf(http) } });
  });
}

/** STS's query protocol on the same endpoint: AssumeRole and GetCallerIdentity with broken and odd parameters. */
function stsGarbage(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  const roles = fixture.principals.filter((arn) => arn.includes(':role/'));
  const parameters = fc.record(
    {
      Action: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('AssumeRole', 'GetCallerIdentity') }, { weight: 1, arbitrary: fc.constantFrom('assumerole', 'GetSessionToken', '') }),
      Version: fc.oneof({ weight: 4, arbitrary: fc.constant('2011-06-15') }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }),
      RoleArn: fc.oneof(fc.constantFrom(...roles, 'arn:aws:iam::999999999999:role/Nobody', 'arn:aws:iam::111122223333:user/alice', ''), fc.string({ maxLength: 100 })),
      RoleSessionName: fc.oneof(fc.stringMatching(/^[\w+=,.@-]{2,64}$/), fc.string({ maxLength: 80 })),
      DurationSeconds: fc.oneof(fc.constantFrom('900', '3600', '43201', '0', '-1', '1e3', '99999999999999999999', 'NaN', ''), fc.string({ maxLength: 8 })),
      ExternalId: fc.string({ maxLength: 1_300 }),
      Policy: fc.constantFrom('{}', '{"Version":"2012-10-17","Statement":[]}', 'not json'),
    },
    { requiredKeys: ['Action'] },
  );
  const caller = fc.constantFrom(who.admin, who.alice, who.bob, who.carol);
  const signedFor = fc.oneof({ weight: 4, arbitrary: fc.constant('sts') }, { weight: 1, arbitrary: fc.constant('kms') });
  return fc.tuple(parameters, caller, signedFor).map(([params, credentials, service]) => {
    const http: HttpCase = {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: Buffer.from(new URLSearchParams(params as Record<string, string>).toString()),
      sign: { credentials, region: 'us-east-1', service, signingDate: new Date() },
    };
    return labelled({ kind: 'http', group: 'garbage: sts', label: `STS as ${credentials.accessKeyId} signed for ${service}: ${http.body.toString().slice(0, 200)}`, http, expect: { target: routeOf(http) } });
  });
}

export function garbageCase(fixture: FuzzFixture): fc.Arbitrary<GarbageCase> {
  return fc.oneof(
    targetGarbage(fixture),
    contentTypeGarbage(fixture),
    bodyGarbage(fixture),
    authenticationGarbage(fixture),
    methodAndPathGarbage(fixture),
    cloudTrailGarbage(),
    stsGarbage(fixture),
  );
}

const crlf = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

/**
 * A valid request and then garbage on the same connection: the valid one is answered first (RFC 9112 section 9.3.2:
 * answers go in the order of the requests), whatever happens to the garbage: the listener (src/server/http-listener.ts)
 * holds its 400 for the garbage until the answer in flight is written.
 */
export function pipelinedGarbageCase(fixture: FuzzFixture): fc.Arbitrary<RawCase> {
  // ListKeys by the administrator succeeds whatever the other properties did to the fixture's keys and aliases.
  const valid = fc.constantFrom(signedCase('ListKeys', Buffer.from('{}')), signedCase('ListKeys', Buffer.from('{"Limit":1}')));
  const garbage = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ what: 'random bytes', bytes: Buffer.from(b) })),
    fc.constantFrom('FOO BAR BAZ QUX\r\n\r\n', 'POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n').map((t) => ({ what: 'a malformed request', bytes: Buffer.from(t) })),
  );
  return fc.tuple(valid, garbage).map(([request, g]) =>
    labelled<RawCase>({
      kind: 'raw',
      group: 'raw socket: valid request, then garbage',
      label: `${request.headers['x-amz-target']} then ${g.what} ${JSON.stringify(g.bytes.subarray(0, 40).toString('latin1'))}`,
      parts: [{ signed: request }, g.bytes],
      firstStatus: { status: 200, because: 'the valid request before the garbage is answered first (RFC 9112 section 9.3.2)' },
    }),
  );
}

export function rawCase(fixture: FuzzFixture): fc.Arbitrary<RawCase> {
  const listKeys = signedCase('ListKeys', Buffer.from('{}'));
  const describe = signedCase('DescribeKey', Buffer.from(JSON.stringify(baseRequests(fixture)[1]!.input)));
  const raw = (label: string, ...parts: RawCase['parts']) => labelled<RawCase>({ kind: 'raw', group: 'raw socket', label, parts });
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 3_000 }).map((b) => raw(`random bytes ${Buffer.from(b.subarray(0, 40)).toString('hex')}`, Buffer.from(b))),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }).map((s) => raw(`random text ${JSON.stringify(s.slice(0, 40))}`, Buffer.from(s))),
    fc.constant(raw('two pipelined requests', { signed: listKeys }, { signed: describe })),
    fc.tuple(fc.constantFrom('TrentService.List', 'TrentService.ListKeys'), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([t, b]) =>
      raw('non-ASCII bytes in X-Amz-Target', crlf('POST / HTTP/1.1', 'Host: x', 'Content-Type: application/x-amz-json-1.1', `X-Amz-Target: ${t}`), Buffer.from(b), crlf('', 'Content-Length: 2', '', '{}')),
    ),
    fc.constantFrom(
      ['incomplete headers', crlf('POST / HTTP/1.1', 'Host: x', 'X-Amz')],
      ['a body shorter than its Content-Length', crlf('POST / HTTP/1.1', 'Host: x', 'X-Amz-Target: TrentService.ListKeys', 'Content-Length: 100', '', '{}')],
      ['Content-Length not a number', crlf('POST / HTTP/1.1', 'Host: x', 'Content-Length: abc', '', '{}')],
      ['a negative Content-Length', crlf('POST / HTTP/1.1', 'Host: x', 'Content-Length: -1', '', '{}')],
      ['Content-Length and Transfer-Encoding', crlf('POST / HTTP/1.1', 'Host: x', 'Content-Length: 2', 'Transfer-Encoding: chunked', '', '2', '{}', '0', '', '')],
      ['a broken chunk', crlf('POST / HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked', '', 'zz', '')],
      ['a chunk longer than said', crlf('POST / HTTP/1.1', 'Host: x', 'X-Amz-Target: TrentService.ListKeys', 'Transfer-Encoding: chunked', '', '1', '{}', '0', '', '')],
      ['a 20 KB header', crlf('POST / HTTP/1.1', 'Host: x', `X-A: ${'a'.repeat(20_000)}`, '', '')],
      ['2,000 headers', crlf('POST / HTTP/1.1', 'Host: x', ...Array.from({ length: 2_000 }, (_, i) => `X-H${i}: v`), '', '')],
      ['a header without a colon', crlf('POST / HTTP/1.1', 'Host: x', 'X-Amz-Target TrentService.ListKeys', '', '')],
      ['an unsigned KMS request', crlf('POST / HTTP/1.1', 'Host: x', 'Content-Type: application/x-amz-json-1.1', 'X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', '', '{}')],
      ['HTTP/1.0 without Host', crlf('POST / HTTP/1.0', 'X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', '', '{}')],
      ['HTTP/0.9', crlf('GET /', '')],
      ['HTTP/2 preface', crlf('PRI * HTTP/2.0', '', 'SM', '', '')],
      ['a TLS ClientHello', Buffer.from('16030100a5010000a10303' + '00'.repeat(32) + '000020c02bc02fc02cc030', 'hex')],
      ['a request line of garbage', crlf('FOO BAR BAZ QUX', '', '')],
      ['a 10 KB path', crlf(`POST /${'a'.repeat(10_000)} HTTP/1.1`, 'Host: x', '', '')],
      ['nothing at all', Buffer.alloc(0)],
      ['Expect: 100-continue', crlf('POST / HTTP/1.1', 'Host: x', 'Expect: 100-continue', 'X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', '', '')],
      ['Connection: Upgrade', crlf('GET / HTTP/1.1', 'Host: x', 'Connection: Upgrade', 'Upgrade: websocket', '', '')],
    ).map(([label, bytes]) => raw(label as string, bytes as Buffer)),
  );
}
