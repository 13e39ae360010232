// Round trips through AWS's own signer (@smithy/signature-v4) for service `kms`, header and presigned
// forms: what verifies, what tampering and clock skew are refused with, and the claims parsed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { InvalidSignatureException } from '../api/errors.js';
import {
  parseSignature,
  SIGNATURE_MISMATCH_MESSAGE,
  verifySignature,
  type IncomingSignedRequest,
} from './sigv4.js';

const ACCESS_KEY_ID = 'AKIAOPENKMSEXAMPLE01';
const SECRET = 'openkms/test+secret/EXAMPLEKEY0123456789abc';
const SIGNED_AT = new Date('2024-01-01T00:05:00Z');
const BODY = '{"KeyId":"alias/example","Plaintext":"aGVsbG8="}';

class Sha256 extends Hash {
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    super('sha256', secret);
  }
}

function signer(sessionToken?: string, secret = SECRET): SignatureV4 {
  return new SignatureV4({
    service: 'kms',
    region: 'eu-west-3',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: secret, sessionToken },
    sha256: Sha256,
  });
}

function kmsRequest(body = BODY): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'kms.example.test',
    path: '/',
    headers: {
      host: 'kms.example.test',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'TrentService.Encrypt',
    },
    body,
  });
}

/** RFC 3986 escaping, as the SDK's query-string builder writes URLs. */
const escape = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The parts of a signed request that reach the server. */
interface SignedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string;
}

/** What node's HTTP server would hand us for `signed`: lower-case header names, raw query. */
function received(signed: SignedRequest): IncomingSignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  const query = Object.entries(signed.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${escape(name)}=${escape(v ?? '')}`))
    .join('&');
  return { method: signed.method, path: signed.path, query, headers, body: Buffer.from(signed.body ?? '', 'utf8') };
}

async function signHeaderForm(options: { sessionToken?: string; at?: Date; body?: string } = {}): Promise<IncomingSignedRequest> {
  const signed = await signer(options.sessionToken).sign(kmsRequest(options.body), { signingDate: options.at ?? SIGNED_AT });
  return received(signed);
}

async function presign(
  options: { sessionToken?: string; at?: Date; expiresIn?: number; request?: HttpRequest } = {},
): Promise<IncomingSignedRequest> {
  const signed = await signer(options.sessionToken).presign(options.request ?? kmsRequest(), {
    signingDate: options.at ?? SIGNED_AT,
    expiresIn: options.expiresIn ?? 900,
  });
  return received(signed);
}

function mismatch(e: unknown): boolean {
  return e instanceof InvalidSignatureException && e.message === SIGNATURE_MISMATCH_MESSAGE;
}

async function verify(req: IncomingSignedRequest, now = SIGNED_AT, secret = SECRET): Promise<void> {
  await verifySignature(req, parseSignature(req), secret, now);
}

/** What parseSignature must claim for a request the test signer signed. */
function expectedClaims(form: 'header' | 'query') {
  const signedHeaders =
    form === 'header' ? ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-target'] : ['content-type', 'host'];
  return { accessKeyId: ACCESS_KEY_ID, region: 'eu-west-3', service: 'kms', signingDate: SIGNED_AT, form, signedHeaders };
}

describe('header form, signed by @smithy/signature-v4', () => {
  test('a KMS request verifies, and the claims name its key, scope, time and form', async () => {
    const req = await signHeaderForm();
    const claims = parseSignature(req);
    assert.deepEqual(claims, expectedClaims('header'));
    await verifySignature(req, claims, SECRET, SIGNED_AT);
  });

  test('the parsed internals stay out of the claims object keys', async () => {
    const claims = parseSignature(await signHeaderForm());
    assert.deepEqual(Object.keys(claims).sort(), ['accessKeyId', 'form', 'region', 'service', 'signedHeaders', 'signingDate']);
  });

  test('the signer sends x-amz-content-sha256 by default, and it matches the body', async () => {
    const req = await signHeaderForm();
    assert.equal(req.headers['x-amz-content-sha256'], createHash('sha256').update(BODY).digest('hex'));
    await verify(req);
  });

  test('a session token is carried into the claims, and it is signed', async () => {
    const req = await signHeaderForm({ sessionToken: 'FwoGZXIvYXdzEXAMPLE//token==' });
    assert.equal(parseSignature(req).securityToken, 'FwoGZXIvYXdzEXAMPLE//token==');
    await verify(req);
    req.headers['x-amz-security-token'] = 'FwoGZXIvYXdzEXAMPLE//other==';
    await assert.rejects(verify(req), mismatch);
  });

  test('a tampered body is refused', async () => {
    const req = await signHeaderForm();
    req.body = Buffer.from(BODY.replace('alias/example', 'alias/other'));
    await assert.rejects(verify(req), mismatch);
  });

  test('a tampered body is refused even with a matching x-amz-content-sha256 claim', async () => {
    const req = await signHeaderForm();
    req.body = Buffer.from('{}');
    req.headers['x-amz-content-sha256'] = createHash('sha256').update('{}').digest('hex');
    await assert.rejects(verify(req), mismatch);
  });

  test('a tampered signed header is refused', async () => {
    const req = await signHeaderForm();
    req.headers['x-amz-target'] = 'TrentService.ScheduleKeyDeletion';
    await assert.rejects(verify(req), mismatch);
  });

  test('an unsigned header may be added or changed', async () => {
    const req = await signHeaderForm();
    req.headers['user-agent'] = 'aws-cli/2.15.0';
    req.headers['amz-sdk-invocation-id'] = 'a8e6f0a4-7e5c-4c8e-9f38-1d0f5b7d2a11';
    await verify(req);
  });

  test('a tampered X-Amz-Date is refused', async () => {
    const req = await signHeaderForm();
    req.headers['x-amz-date'] = '20240101T000501Z';
    await assert.rejects(verify(req), mismatch);
  });

  test('another secret is refused with the signature mismatch message', async () => {
    await assert.rejects(verify(await signHeaderForm(), SIGNED_AT, `${SECRET}x`), {
      name: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH_MESSAGE,
    });
  });

  test('a signing key cached for one secret is not reused for another', async () => {
    const req = await signHeaderForm();
    await verify(req);
    await assert.rejects(verify(req, SIGNED_AT, `${SECRET}x`), mismatch);
    await verify(req);
  });

  test('a truncated or upper-case signature is refused', async () => {
    const req = await signHeaderForm();
    const authorization = req.headers['authorization'] as string;
    req.headers['authorization'] = authorization.slice(0, -1);
    await assert.rejects(verify(req), mismatch);
    req.headers['authorization'] = authorization.replace(/Signature=(\w+)/, (_, s: string) => `Signature=${s.toUpperCase()}`);
    await assert.rejects(verify(req), mismatch);
  });

  test('a repeated signed header arrives joined (headersDistinct arrays) and verifies', async () => {
    const request = kmsRequest();
    request.headers['x-custom'] = 'a,b';
    const req = received(await signer().sign(request, { signingDate: SIGNED_AT }));
    req.headers['x-custom'] = ['a', 'b'];
    await verify(req);
  });

  test('exactly 5 minutes of clock skew either way is accepted', async () => {
    const req = await signHeaderForm();
    await verify(req, new Date(SIGNED_AT.getTime() + 300_000));
    await verify(req, new Date(SIGNED_AT.getTime() - 300_000));
  });

  test('a request signed more than 5 minutes ago has expired', async () => {
    const req = await signHeaderForm({ at: new Date('2024-01-01T00:00:00Z') });
    await assert.rejects(verify(req, new Date('2024-01-01T00:10:00Z')), {
      name: 'InvalidSignatureException',
      message: 'Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)',
    });
  });

  test('a request signed more than 5 minutes ahead is not yet current', async () => {
    const req = await signHeaderForm({ at: new Date('2024-01-01T00:10:01Z') });
    await assert.rejects(verify(req, new Date('2024-01-01T00:05:00Z')), {
      name: 'InvalidSignatureException',
      message: 'Signature not yet current: 20240101T001001Z is still later than 20240101T001000Z (20240101T000500Z + 5 min.)',
    });
  });

  test('a request dated by a Date header instead of X-Amz-Date verifies', async () => {
    const date = 'Mon, 01 Jan 2024 00:05:00 GMT';
    const bodyHash = createHash('sha256').update(BODY).digest('hex');
    const canonical = `POST\n/\n\ndate:${date}\nhost:kms.example.test\n\ndate;host\n${bodyHash}`;
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20240101T000500Z',
      '20240101/eu-west-3/kms/aws4_request',
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    let key: Buffer = createHmac('sha256', `AWS4${SECRET}`).update('20240101').digest();
    for (const part of ['eu-west-3', 'kms', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    const req: IncomingSignedRequest = {
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        host: 'kms.example.test',
        date,
        authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20240101/eu-west-3/kms/aws4_request, SignedHeaders=date;host, Signature=${signature}`,
      },
      body: Buffer.from(BODY),
    };
    assert.equal(parseSignature(req).signingDate.toISOString(), '2024-01-01T00:05:00.000Z');
    await verify(req);
  });
});

describe('presigned query form, signed by @smithy/signature-v4', () => {
  test('a presigned KMS request verifies; X-Amz-Target travels in the query', async () => {
    const req = await presign();
    assert.equal(req.headers['x-amz-target'], undefined);
    // The signer hoists every x-amz-* header into the query, keeping the header's spelling.
    assert.match(req.query, /(^|&)x-amz-target=TrentService\.Encrypt(&|$)/);
    const claims = parseSignature(req);
    assert.deepEqual(claims, expectedClaims('query'));
    await verifySignature(req, claims, SECRET, SIGNED_AT);
  });

  test('a session token in the query is carried into the claims and signed', async () => {
    const req = await presign({ sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/=' });
    assert.equal(parseSignature(req).securityToken, 'IQoJb3JpZ2luX2VjEXAMPLE+/=');
    await verify(req);
    req.query = req.query.replace('X-Amz-Security-Token=IQoJ', 'X-Amz-Security-Token=IQoK');
    await assert.rejects(verify(req), mismatch);
  });

  test('the body is signed by its hash: a tampered body is refused', async () => {
    const req = await presign();
    req.body = Buffer.from('{"KeyId":"alias/other"}');
    await assert.rejects(verify(req), mismatch);
  });

  test('a presigner that signed UNSIGNED-PAYLOAD is refused: a KMS body must be signed by its hash', async () => {
    const request = kmsRequest();
    request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const req = await presign({ request });
    assert.match(req.query, /x-amz-content-sha256=UNSIGNED-PAYLOAD/);
    req.body = Buffer.from('{"KeyId":"alias/other"}');
    assert.throws(() => parseSignature(req), {
      name: 'InvalidSignatureException',
      message: "The payload hash 'UNSIGNED-PAYLOAD' is not accepted: a KMS request must sign the SHA-256 hash of its body in x-amz-content-sha256.",
    });
  });

  test('UNSIGNED-PAYLOAD left as a header of a presigned request, or sent twice, is refused too', async () => {
    const req = await presign();
    for (const value of ['UNSIGNED-PAYLOAD', ['0'.repeat(64), 'UNSIGNED-PAYLOAD'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']) {
      assert.throws(() => parseSignature({ ...req, headers: { ...req.headers, 'x-amz-content-sha256': value } }), {
        name: 'InvalidSignatureException',
      });
    }
    assert.throws(() => parseSignature({ ...req, query: `${req.query}&X-Amz-Content-SHA256=UNSIGNED-PAYLOAD` }), {
      name: 'InvalidSignatureException',
    });
  });

  test('a tampered query parameter is refused', async () => {
    const req = await presign();
    req.query = req.query.replace('TrentService.Encrypt', 'TrentService.Decrypt');
    await assert.rejects(verify(req), mismatch);
  });

  test('a presigned request is valid until X-Amz-Expires has passed, then expired', async () => {
    const req = await presign({ expiresIn: 900 });
    await verify(req, new Date(SIGNED_AT.getTime() + 900_000));
    await assert.rejects(verify(req, new Date(SIGNED_AT.getTime() + 901_000)), {
      name: 'InvalidSignatureException',
      message: 'Signature expired: 20240101T000500Z is now earlier than 20240101T000501Z (20240101T002001Z - 15 min.)',
    });
  });

  test('a presigned request dated more than 5 minutes ahead is not yet current', async () => {
    const req = await presign({ at: new Date('2024-01-01T00:10:01Z') });
    await assert.rejects(verify(req, new Date('2024-01-01T00:05:00Z')), {
      name: 'InvalidSignatureException',
      message: 'Signature not yet current: 20240101T001001Z is still later than 20240101T001000Z (20240101T000500Z + 5 min.)',
    });
  });
});
