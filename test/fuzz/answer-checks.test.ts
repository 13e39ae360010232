// The fuzzer's answer checks catch what they are there for: 5xx, slow answers, error bodies that are not AWS's shape
// or name a __type the operation cannot answer, missing headers, and answers other than the one AWS would give.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerProblems, type Expectation } from './answer-checks.js';
import type { Answer } from './send-request.js';

const json = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '1f0c3b1e-0000-4000-8000-000000000000' };
const answer = (status: number, body: unknown, headers: Record<string, string> = json, elapsedMs = 12): Answer => ({
  status,
  headers,
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  elapsedMs,
});
const describeKey: Expectation = { target: { api: 'kms', operation: 'DescribeKey' } };

test('an AWS-shaped error of a type the operation lists, a common one, or a success passes', () => {
  assert.deepEqual(answerProblems(answer(400, { __type: 'NotFoundException', message: "Key 'x' does not exist" }), describeKey), []);
  assert.deepEqual(answerProblems(answer(400, { __type: 'ValidationException', message: '1 validation error detected: …' }), describeKey), []);
  assert.deepEqual(answerProblems(answer(400, { __type: 'AccessDeniedException', Message: 'User: … is not authorized' }), describeKey), []);
  assert.deepEqual(answerProblems(answer(400, { __type: 'InvalidCiphertextException' }), { target: { api: 'kms', operation: 'Decrypt' } }), []);
  assert.deepEqual(answerProblems(answer(200, { KeyMetadata: {} }), describeKey), []);
  assert.deepEqual(answerProblems(answer(200, ''), { target: { api: 'kms', operation: 'EnableKey' } }), []);
});

test('every operation that takes GrantTokens may refuse one, though the model lists it for all but DescribeKey', () => {
  assert.deepEqual(answerProblems(answer(400, { __type: 'InvalidGrantTokenException', message: 'The grant token is not valid.' }), describeKey), []);
  assert.match(answerProblems(answer(400, { __type: 'InvalidGrantTokenException', message: 'x' }), { target: { api: 'kms', operation: 'ListKeys' } }).join(), /neither listed/);
});

test('a 5xx, a hang and an answer past 5 s are problems', () => {
  assert.match(answerProblems(answer(500, { __type: 'InternalFailure', message: 'An internal error occurred.' }), describeKey).join(), /HTTP 500: a 5xx/);
  assert.match(answerProblems(answer(503, { __type: 'DependencyTimeoutException', message: 'x' }), describeKey).join(), /a 5xx/);
  assert.match(answerProblems({ status: 0, headers: {}, body: Buffer.alloc(0), elapsedMs: 15_000 }, describeKey).join(), /no answer within 15000 ms/);
  assert.match(answerProblems(answer(200, {}, json, 5_001), describeKey).join(), /answered after 5001 ms/);
});

test('an error body that is not exactly {__type, message} is a problem', () => {
  const problems = (body: unknown) => answerProblems(answer(400, body), describeKey).join('\n');
  assert.match(problems('Bad Request'), /not a JSON object/);
  assert.match(problems({ message: 'x' }), /no __type/);
  assert.match(problems({ __type: 'NotFoundException', message: 'x', stack: 'at …' }), /member "stack"/);
  assert.match(problems({ __type: 'NotFoundException', Message: 'x' }), /member "Message"/);
  assert.match(problems({ __type: 'AccessDeniedException', message: 'x' }), /member "message" in a AccessDeniedException body/);
  assert.match(problems({ __type: 'NotFoundException', message: 7 }), /message is not a string/);
  assert.match(problems({ __type: 'KeyUnavailableException', message: 'x' }), /KeyUnavailableException is neither listed/);
  assert.match(problems({ __type: 'InternalFailure', message: 'x' }), /InternalFailure is neither listed/);
});

test('missing AWS JSON headers and statuses other than 200, 400 (and 413 where allowed) are problems', () => {
  assert.match(answerProblems(answer(400, { __type: 'NotFoundException' }, { 'x-amzn-requestid': 'r' }), describeKey).join(), /content-type undefined/);
  assert.match(answerProblems(answer(400, { __type: 'NotFoundException' }, { 'content-type': 'application/x-amz-json-1.1' }), describeKey).join(), /no x-amzn-RequestId/);
  assert.match(answerProblems(answer(404, { __type: 'NotFoundException' }), describeKey).join(), /HTTP 404, expected one of 200, 400/);
  assert.deepEqual(answerProblems(answer(413, { __type: 'SerializationException', message: 'too large' }), { ...describeKey, otherStatuses: [413] }), []);
});

test('when AWS would answer a given error, a success or another error is a problem', () => {
  const expect: Expectation = { ...describeKey, error: { types: ['SerializationException'], because: 'the body is not UTF-8' } };
  assert.match(answerProblems(answer(200, {}), expect).join(), /succeeded, but AWS answers SerializationException: the body is not UTF-8/);
  assert.match(answerProblems(answer(400, { __type: 'NotFoundException', message: 'x' }), expect).join(), /__type NotFoundException, but AWS answers SerializationException/);
  assert.deepEqual(answerProblems(answer(400, { __type: 'SerializationException', message: 'x' }), expect), []);
});

test("STS answers in its own XML: an <ErrorResponse> with a code and a request id, never a 5xx", () => {
  const sts: Expectation = { target: { api: 'sts' } };
  const xml = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidAction</Code>\n    <Message>x</Message>\n  </Error>\n  <RequestId>r-1</RequestId>\n</ErrorResponse>\n';
  assert.deepEqual(answerProblems(answer(400, xml, { 'content-type': 'text/xml' }), sts), []);
  assert.match(answerProblems(answer(400, { __type: 'InvalidAction' }, { 'content-type': 'text/xml' }), sts).join(), /not an ErrorResponse/);
  assert.match(answerProblems(answer(500, xml, { 'content-type': 'text/xml' }), sts).join(), /a 5xx/);
});
