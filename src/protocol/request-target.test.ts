// Which X-Amz-Target routes a request, and when it counts as signed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiRequest } from './http-request.js';
import { assertTargetSigned, requestTarget } from './request-target.js';

function request(query: string, headers: Record<string, string> = {}): ApiRequest {
  return { method: 'POST', path: '/', query, headers, body: Buffer.alloc(0), sourceIp: '127.0.0.1' };
}

const HEADER_FORM = { signedHeaders: ['host', 'x-amz-date', 'x-amz-target'] };
const TARGET_UNSIGNED = { signedHeaders: ['host', 'x-amz-date'] };

describe('requestTarget', () => {
  test('the header form is routed by its header', () => {
    assert.equal(requestTarget(request('', { 'x-amz-target': 'TrentService.Encrypt' })), 'TrentService.Encrypt');
  });

  test('a presigned request is routed by its signed query parameter, not by a header that says otherwise', () => {
    const req = request('X-Amz-Signature=ab&x-amz-target=TrentService.DescribeKey', { 'x-amz-target': 'TrentService.ScheduleKeyDeletion' });
    assert.equal(requestTarget(req), 'TrentService.DescribeKey');
  });

  test('the query is decoded as the signature check decodes it: a plus sign stays a plus sign', () => {
    assert.equal(requestTarget(request('X-Amz-Target=TrentService.Encrypt+')), 'TrentService.Encrypt+');
  });

  test('two X-Amz-Target parameters route as neither one', () => {
    const target = requestTarget(request('X-Amz-Target=TrentService.DescribeKey&x-amz-target=TrentService.DisableKey'));
    assert.equal(target, 'TrentService.DescribeKey,TrentService.DisableKey');
  });

  test('no target anywhere is undefined', () => {
    assert.equal(requestTarget(request('Action=GetCallerIdentity')), undefined);
  });
});

describe('assertTargetSigned', () => {
  test('a header listed among SignedHeaders is signed', () => {
    assert.doesNotThrow(() => assertTargetSigned(request('', { 'x-amz-target': 'TrentService.Encrypt' }), HEADER_FORM));
  });

  test('a header the signature does not cover is refused', () => {
    assert.throws(() => assertTargetSigned(request('', { 'x-amz-target': 'TrentService.Encrypt' }), TARGET_UNSIGNED), {
      name: 'InvalidSignatureException',
      message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  test('no target at all is refused as unsigned', () => {
    assert.throws(() => assertTargetSigned(request(''), TARGET_UNSIGNED), { name: 'InvalidSignatureException' });
  });

  test('a query target is signed whatever the signed headers; an equal header is accepted', () => {
    assert.doesNotThrow(() => assertTargetSigned(request('X-Amz-Target=TrentService.Encrypt'), TARGET_UNSIGNED));
    assert.doesNotThrow(() =>
      assertTargetSigned(request('X-Amz-Target=TrentService.Encrypt', { 'x-amz-target': 'TrentService.Encrypt' }), TARGET_UNSIGNED),
    );
  });

  test('a header that contradicts the signed query parameter is refused, even when it is itself signed', () => {
    const req = request('X-Amz-Target=TrentService.DescribeKey', { 'x-amz-target': 'TrentService.ScheduleKeyDeletion' });
    assert.throws(() => assertTargetSigned(req, HEADER_FORM), {
      name: 'InvalidSignatureException',
      message: "The 'X-Amz-Target' header does not match the signed 'X-Amz-Target' query parameter.",
    });
  });
});
