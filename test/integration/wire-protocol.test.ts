// The wire protocol with raw HTTP requests: AWS's errors and statuses for requests no SDK would send — no signature,
// bad or expired signatures, unknown keys and targets, malformed or oversize bodies, wrong JSON types — never a 500.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, startTestServer, type TestServer } from '../support/test-server.js';

let t: TestServer;
let host: string;
before(async () => {
  t = await startTestServer();
  host = new URL(t.server.url).host;
});
after(async () => {
  await t.cleanup();
});

interface RawOptions {
  target?: string;
  body?: string | Buffer;
  contentType?: string;
  secret?: string;
  accessKeyId?: string;
  sign?: boolean;
  signingDate?: Date;
  method?: string;
  service?: string;
}

async function signedRequest(options: RawOptions = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = options.body ?? '{}';
  const headers: Record<string, string> = { host, 'content-type': options.contentType ?? 'application/x-amz-json-1.1' };
  if (options.target !== '') headers['x-amz-target'] = options.target ?? 'TrentService.ListKeys';
  let request = new HttpRequest({ method: options.method ?? 'POST', protocol: 'http:', hostname: host.split(':')[0], port: Number(host.split(':')[1]), path: '/', headers, body });
  if (options.sign !== false) {
    const signer = new SignatureV4({
      service: options.service ?? 'kms',
      region: 'us-east-1',
      sha256: Hash.bind(null, 'sha256'),
      credentials: { accessKeyId: options.accessKeyId ?? ADMIN_ACCESS_KEY_ID, secretAccessKey: options.secret ?? ADMIN_SECRET_ACCESS_KEY },
    });
    request = (await signer.sign(request, { signingDate: options.signingDate ?? new Date() })) as HttpRequest;
  }
  const response = await fetch(`${t.server.url}/`, { method: request.method, headers: request.headers, body: request.method === 'GET' ? undefined : body });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

describe('authentication', () => {
  test('a request with no signature → MissingAuthenticationTokenException', async () => {
    const r = await signedRequest({ sign: false });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'MissingAuthenticationTokenException');
    assert.equal(r.body.message, 'Missing Authentication Token');
  });

  test('a wrong secret → InvalidSignatureException with AWS text', async () => {
    const r = await signedRequest({ secret: 'not-the-secret' });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'InvalidSignatureException');
    assert.equal(
      r.body.message,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  test('an unknown access key → UnrecognizedClientException', async () => {
    const r = await signedRequest({ accessKeyId: 'AKIAUNKNOWNUNKNOWN00' });
    assert.equal(r.body.__type, 'UnrecognizedClientException');
    assert.equal(r.body.message, 'The security token included in the request is invalid.');
  });

  test('a signature older than 5 minutes is expired', async () => {
    const r = await signedRequest({ signingDate: new Date(Date.now() - 6 * 60_000) });
    assert.equal(r.body.__type, 'InvalidSignatureException');
    assert.match(String(r.body.message), /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
  });

  test('a truncated Authorization header → IncompleteSignatureException', async () => {
    const response = await fetch(`${t.server.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.ListKeys',
        'x-amz-date': '20260101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${ADMIN_ACCESS_KEY_ID}/20260101/us-east-1/kms/aws4_request`,
      },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { __type: string }).__type, 'IncompleteSignatureException');
  });

  test('credentials scoped to another service are refused', async () => {
    const r = await signedRequest({ service: 's3' });
    assert.equal(r.body.__type, 'InvalidSignatureException');
  });

  test('a correctly signed raw request succeeds and carries x-amzn-RequestId', async () => {
    const r = await signedRequest({});
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body.Keys));
    assert.match(r.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('a presigned (query-string) request is verified too', async () => {
    const signer = new SignatureV4({
      service: 'kms',
      region: 'us-east-1',
      sha256: Hash.bind(null, 'sha256'),
      credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
    });
    const [hostname, port] = host.split(':');
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname,
      port: Number(port),
      path: '/',
      headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    });
    const presigned = await signer.presign(request, { expiresIn: 300 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const ok = await fetch(`${t.server.url}/?${query}`, { method: 'POST', headers: presigned.headers, body: '{}' });
    assert.equal(ok.status, 200);
    const tampered = await fetch(`${t.server.url}/?${query.replace(/X-Amz-Signature=([0-9a-f])/, (_, c) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`)}`, {
      method: 'POST',
      headers: presigned.headers,
      body: '{}',
    });
    assert.equal(tampered.status, 400);
    assert.equal(((await tampered.json()) as { __type: string }).__type, 'InvalidSignatureException');
  });
});

describe('protocol errors', () => {
  test('an unknown target → UnknownOperationException with no message', async () => {
    const r = await signedRequest({ target: 'TrentService.MakeCoffee' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { __type: 'UnknownOperationException' });
  });

  test('no target at all → UnknownOperationException', async () => {
    const r = await signedRequest({ target: '' });
    assert.equal(r.body.__type, 'UnknownOperationException');
  });

  test('malformed and truncated JSON → SerializationException', async () => {
    for (const body of ['{"Limit": ', 'not json', '[1,2]', '"text"']) {
      const r = await signedRequest({ body });
      assert.equal(r.status, 400, body);
      assert.equal(r.body.__type, 'SerializationException', body);
    }
  });

  test('wrong JSON types → SerializationException, changing nothing', async () => {
    const before = await t.kms.send(new ListKeysCommand({}));
    for (const body of ['{"Description": 5}', '{"Tags": "x"}', '{"MultiRegion": "yes"}']) {
      const r = await signedRequest({ target: 'TrentService.CreateKey', body });
      assert.equal(r.status, 400, body);
      assert.equal(r.body.__type, 'SerializationException', body);
    }
    const afterwards = await t.kms.send(new ListKeysCommand({}));
    assert.equal(afterwards.Keys?.length, before.Keys?.length);
  });

  test('a body that is not UTF-8 → SerializationException: byte FF in an encryption context is not read as U+FFFD', async () => {
    const keyId = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const withByte = (byte: number) =>
      Buffer.concat([Buffer.from(`{"KeyId":"${keyId}","Plaintext":"aGk=","EncryptionContext":{"k":"`), Buffer.from([byte]), Buffer.from('"}}')]);
    for (const byte of [0xff, 0xfe]) {
      const r = await signedRequest({ target: 'TrentService.Encrypt', body: withByte(byte) });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { __type: 'SerializationException', message: 'The request body is not valid UTF-8.' });
    }
  });

  test('a lone surrogate escape in an encryption context → SerializationException', async () => {
    const keyId = (await t.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const r = await signedRequest({
      target: 'TrentService.Encrypt',
      body: `{"KeyId":"${keyId}","Plaintext":"aGk=","EncryptionContext":{"k":"\\ud800"}}`,
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'SerializationException');
  });

  test('a wrong content type → SerializationException', async () => {
    const r = await signedRequest({ contentType: 'text/plain' });
    assert.equal(r.status, 400);
    assert.equal(r.body.__type, 'SerializationException');
  });

  test('unknown members are ignored', async () => {
    const r = await signedRequest({ body: '{"Limit": 5, "Bogus": {"x": 1}}' });
    assert.equal(r.status, 200);
  });

  test('an oversize body is refused without reading it all', async () => {
    const response = await fetch(`${t.server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { __type: string }).__type, 'SerializationException');
  });

  test('every one of the 54 operations is routed: not-yet-built ones answer UnsupportedOperationException', async () => {
    const r = await signedRequest({ target: 'TrentService.ConnectCustomKeyStore', body: '{"CustomKeyStoreId":"cks-1234567890abcdef0"}' });
    assert.equal(r.status, 400);
    assert.notEqual(r.body.__type, 'UnknownOperationException');
  });
});
