// Requests signed by the real AWS SDK (@aws-sdk/client-kms), captured before they leave the client,
// must verify: the SDK's headers, body and signing choices are what openkms receives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { parseSignature, verifySignature, type IncomingSignedRequest } from './sigv4.js';

const ACCESS_KEY_ID = 'AKIAOPENKMSEXAMPLE02';
const SECRET = 'sdk/test+secret/EXAMPLEKEY9876543210xyz';

/** A KMS client whose handler records the signed request and answers `answer` without a network. */
function capturingClient(answer: string, sessionToken?: string): { client: KMSClient; sent: IncomingSignedRequest[] } {
  const sent: IncomingSignedRequest[] = [];
  const client = new KMSClient({
    region: 'ap-southeast-2',
    endpoint: 'http://127.0.0.1:4000',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: HttpRequest) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
        sent.push({
          method: request.method,
          path: request.path,
          query: new URLSearchParams(request.query as Record<string, string>).toString(),
          headers,
          // The SDK hands its serialized JSON body over as a Uint8Array.
          body: Buffer.from(request.body as Uint8Array),
        });
        return {
          response: new HttpResponse({
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(answer)]),
          }),
        };
      },
    },
  });
  return { client, sent };
}

describe('requests signed by @aws-sdk/client-kms', () => {
  test('an Encrypt request verifies, with the scope the SDK chose', async () => {
    const { client, sent } = capturingClient('{"KeyId":"k","CiphertextBlob":"AA==","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}');
    await client.send(new EncryptCommand({ KeyId: 'alias/example', Plaintext: Buffer.from('hello') }));
    const [req] = sent as [IncomingSignedRequest];
    assert.equal(req.headers['x-amz-target'], 'TrentService.Encrypt');
    const claims = parseSignature(req);
    assert.equal(claims.accessKeyId, ACCESS_KEY_ID);
    assert.equal(claims.region, 'ap-southeast-2');
    assert.equal(claims.service, 'kms');
    assert.equal(claims.form, 'header');
    await verifySignature(req, claims, SECRET, new Date());
  });

  test('a ListKeys request with a session token verifies and carries the token', async () => {
    const { client, sent } = capturingClient('{"Keys":[],"Truncated":false}', 'IQoJb3JpZ2luX2VjEXAMPLETOKEN==');
    await client.send(new ListKeysCommand({}));
    const [req] = sent as [IncomingSignedRequest];
    const claims = parseSignature(req);
    assert.equal(claims.securityToken, 'IQoJb3JpZ2luX2VjEXAMPLETOKEN==');
    await verifySignature(req, claims, SECRET, new Date());
  });

  test('the SDK-signed request with one byte of the body changed is refused', async () => {
    const { client, sent } = capturingClient('{"Keys":[],"Truncated":false}');
    await client.send(new ListKeysCommand({ Limit: 10 }));
    const [req] = sent as [IncomingSignedRequest];
    const signedBody = req.body.toString();
    req.body = Buffer.from(signedBody.replace('10', '11'));
    assert.notEqual(req.body.toString(), signedBody);
    await assert.rejects(verifySignature(req, parseSignature(req), SECRET, new Date()), {
      name: 'InvalidSignatureException',
    });
  });
});
