// The reference server's SigV4 check accepts what AWS's signer produces and nothing else, so it is a fair reference:
// it does the verification work openkms does.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifySigV4 } from './reference-server.js';
import { signedRequest } from './signed-request.js';

const credentials = { accessKeyId: 'AKIABENCHTEST0000001', secretAccessKey: 'bench/test+secret/EXAMPLEKEY0123456789' };

async function signed(now = new Date()) {
  const request = await signedRequest('127.0.0.1', 4599, 'Encrypt', { KeyId: 'k', Plaintext: 'aGVsbG8=' }, credentials, now);
  return { headers: request.headers, body: Buffer.from(request.body) };
}

describe('verifySigV4', () => {
  test('accepts a request signed by @smithy/signature-v4', async () => {
    const { headers, body } = await signed();
    assert.equal(verifySigV4(headers, body, credentials, Date.now()), true);
  });

  test('rejects a changed body, a changed signed header, another secret and an expired signature', async () => {
    const now = new Date();
    const { headers, body } = await signed(now);
    assert.equal(verifySigV4(headers, Buffer.from(body.toString().replace('"k"', '"j"')), credentials, now.getTime()), false);
    assert.equal(verifySigV4({ ...headers, 'x-amz-target': 'TrentService.Decrypt' }, body, credentials, now.getTime()), false);
    assert.equal(verifySigV4(headers, body, { ...credentials, secretAccessKey: 'other' }, now.getTime()), false);
    assert.equal(verifySigV4(headers, body, credentials, now.getTime() + 6 * 60_000), false);
  });
});
