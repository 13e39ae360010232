// The holder of one signed request tries to turn it into another: a presigned URL re-targeted by an unsigned
// X-Amz-Target header, a presigned URL that signed UNSIGNED-PAYLOAD carrying a body of the holder's choosing, and a
// header-form signature that left X-Amz-Target out of its SignedHeaders, a scope Region that reads as part of an ARN.
// Each is refused, audited, and changes nothing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, GetKeyPolicyCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite, TEST_REGION, type TestServer } from '../support/test-server.js';

let t: TestServer;
let kms: KMSClient;
serveForSuite({}, (server, admin) => {
  t = server;
  kms = admin;
});

const credentials = { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY };

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

function requestFor(operation: string, body: string, extraHeaders: Record<string, string> = {}, service = 'kms'): HttpRequest {
  const url = new URL(t.server.url);
  const target = service === 'kms' ? `TrentService.${operation}` : `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.${operation}`;
  return new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extraHeaders },
    body,
  });
}

function signer(service = 'kms'): SignatureV4 {
  return new SignatureV4({ service, region: TEST_REGION, sha256: Hash.bind(null, 'sha256'), credentials });
}

/** A presigned URL (query string) and the headers the presigner left as headers. */
async function presign(operation: string, body: string, extraHeaders: Record<string, string> = {}) {
  const presigned = await signer().presign(requestFor(operation, body, extraHeaders), { expiresIn: 3600 });
  const query = Object.entries(presigned.query as Record<string, string>)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return { query, headers: presigned.headers as Record<string, string> };
}

async function send(query: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(`${t.server.url}/${query ? `?${query}` : ''}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function newKey(): Promise<string> {
  return (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
}

async function keyState(keyId: string): Promise<string | undefined> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState;
}

describe('a presigned URL cannot be re-targeted by an unsigned X-Amz-Target header', () => {
  test('a presigned DescribeKey sent with the header TrentService.ScheduleKeyDeletion is refused; the key stays Enabled', async () => {
    const keyId = await newKey();
    const body = JSON.stringify({ KeyId: keyId });
    const { query, headers } = await presign('DescribeKey', body);
    assert.match(query, /x-amz-target=TrentService\.DescribeKey/);
    const answer = await send(query, { ...headers, 'x-amz-target': 'TrentService.ScheduleKeyDeletion' }, body);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, {
      __type: 'InvalidSignatureException',
      message: "The 'X-Amz-Target' header does not match the signed 'X-Amz-Target' query parameter.",
    });
    assert.equal(await keyState(keyId), 'Enabled');
  });

  test('the same presigned URL without the header still works, and with an equal header too', async () => {
    const keyId = await newKey();
    const body = JSON.stringify({ KeyId: keyId });
    const { query, headers } = await presign('DescribeKey', body);
    const plain = await send(query, headers, body);
    assert.equal(plain.status, 200);
    assert.equal((plain.json.KeyMetadata as { KeyId: string }).KeyId, keyId);
    const echoed = await send(query, { ...headers, 'x-amz-target': 'TrentService.DescribeKey' }, body);
    assert.equal(echoed.status, 200);
  });

  test('a second X-Amz-Target query parameter added to a presigned URL breaks its signature', async () => {
    const keyId = await newKey();
    const body = JSON.stringify({ KeyId: keyId });
    const { query, headers } = await presign('DescribeKey', body);
    const answer = await send(`${query}&X-Amz-Target=TrentService.ScheduleKeyDeletion`, headers, body);
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'InvalidSignatureException');
    assert.equal(await keyState(keyId), 'Enabled');
  });
});

describe('a presigned URL cannot carry an unsigned body', () => {
  test('a presigned Decrypt that signed UNSIGNED-PAYLOAD does not decrypt another ciphertext', async () => {
    const keyId = await newKey();
    const secret = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('the other secret') }));
    const { query, headers } = await presign('Decrypt', '{}', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    assert.match(query, /x-amz-content-sha256=UNSIGNED-PAYLOAD/);
    const body = JSON.stringify({ CiphertextBlob: Buffer.from(secret.CiphertextBlob!).toString('base64') });
    const answer = await send(query, headers, body);
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'InvalidSignatureException');
    assert.match(String(answer.json.message), /UNSIGNED-PAYLOAD/);
    assert.equal(answer.json.Plaintext, undefined);
  });

  test('a presigned GetKeyRotationStatus re-targeted to PutKeyPolicy with an unsigned body does not replace the policy', async () => {
    const keyId = await newKey();
    const before = (await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy;
    const { query, headers } = await presign('GetKeyRotationStatus', '{}', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    const openPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }],
    });
    const body = JSON.stringify({ KeyId: keyId, PolicyName: 'default', Policy: openPolicy, BypassPolicyLockoutSafetyCheck: true });
    for (const target of [undefined, 'TrentService.PutKeyPolicy']) {
      const answer = await send(query, { ...headers, ...(target ? { 'x-amz-target': target } : {}) }, body);
      assert.equal(answer.status, 400);
      assert.equal(answer.json.__type, 'InvalidSignatureException');
    }
    assert.equal((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy, before);
  });

  test('STREAMING payloads are refused in the header form too', async () => {
    const request = requestFor('ListKeys', '{}', { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    const signed = await signer().sign(request);
    const answer = await send('', signed.headers as Record<string, string>, '{}');
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'InvalidSignatureException');
    assert.match(String(answer.json.message), /STREAMING-AWS4-HMAC-SHA256-PAYLOAD/);
  });

  test('a presigned request signs its body by hash: the same URL with another body is refused', async () => {
    const keyId = await newKey();
    const { query, headers } = await presign('DescribeKey', JSON.stringify({ KeyId: keyId }));
    const other = await newKey();
    const answer = await send(query, headers, JSON.stringify({ KeyId: other }));
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'InvalidSignatureException');
  });
});

describe('the header form must sign X-Amz-Target', () => {
  /** Signs a DescribeKey body with no X-Amz-Target header, then sends it with one the signature does not cover. */
  async function replayAs(target: string, body: string, service = 'kms'): Promise<Answer> {
    const request = requestFor('DescribeKey', body, {}, service);
    delete request.headers['x-amz-target'];
    const signed = await signer(service).sign(request);
    const headers = signed.headers as Record<string, string>;
    assert.doesNotMatch(headers.authorization ?? '', /x-amz-target/);
    return send('', { ...headers, 'x-amz-target': target }, body);
  }

  test('a DescribeKey signed without X-Amz-Target is refused as DisableKey, EnableKey and RotateKeyOnDemand', async () => {
    const keyId = await newKey();
    const body = JSON.stringify({ KeyId: keyId });
    for (const operation of ['DisableKey', 'EnableKey', 'RotateKeyOnDemand', 'DescribeKey']) {
      const answer = await replayAs(`TrentService.${operation}`, body);
      assert.equal(answer.status, 400, operation);
      assert.deepEqual(answer.json, {
        __type: 'InvalidSignatureException',
        message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
      });
    }
    assert.equal(await keyState(keyId), 'Enabled');
  });

  test('CloudTrail LookupEvents signed without X-Amz-Target is refused the same way', async () => {
    const answer = await replayAs('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', '{}', 'cloudtrail');
    assert.equal(answer.status, 400);
    assert.equal(answer.json.__type, 'InvalidSignatureException');
    assert.equal(answer.json.Events, undefined);
  });

  test('the refusal is in the audit trail, with the caller who signed', async () => {
    const keyId = await newKey();
    await replayAs('TrentService.DisableKey', JSON.stringify({ KeyId: keyId }));
    const lookup = await signer('cloudtrail').sign(
      requestFor('LookupEvents', JSON.stringify({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DisableKey' }] }), {}, 'cloudtrail'),
    );
    const answer = await send('', lookup.headers as Record<string, string>, lookup.body as string);
    assert.equal(answer.status, 200);
    const records = (answer.json.Events as { CloudTrailEvent: string }[]).map((event) => JSON.parse(event.CloudTrailEvent));
    const refused = records.find((record) => record.errorCode === 'InvalidSignatureException');
    assert.ok(refused, 'a DisableKey record with errorCode InvalidSignatureException');
    assert.equal(refused.userIdentity.accessKeyId, ADMIN_ACCESS_KEY_ID);
  });
});

describe('the Region comes from the signature and must be a Region name', () => {
  test('a scope Region of us-east-1:444455556666 is refused and creates no key whose ARN names another account', async () => {
    const before = (await kms.send(new ListKeysCommand({}))).Keys?.length;
    // The SDK itself refuses such a Region, so the request is signed by hand, as an attacker would.
    const forged = new SignatureV4({ service: 'kms', region: 'us-east-1:444455556666', sha256: Hash.bind(null, 'sha256'), credentials });
    const signed = await forged.sign(requestFor('CreateKey', '{}'));
    const answer = await send('', signed.headers as Record<string, string>, '{}');
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.json, {
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'us-east-1:444455556666'. ",
    });
    assert.equal((await kms.send(new ListKeysCommand({}))).Keys?.length, before);
  });

  test('Regions of every partition shape work', async () => {
    for (const region of ['us-gov-west-1', 'eu-isoe-west-1', 'cn-north-1']) {
      const client = t.clientFor(credentials, region);
      const created = await client.send(new CreateKeyCommand({}));
      client.destroy();
      assert.match(created.KeyMetadata!.Arn!, new RegExp(`^arn:aws(-[a-z-]+)?:kms:${region}:111122223333:key/`));
    }
  });
});
