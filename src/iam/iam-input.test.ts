// IAM's parameter checks and paging: the ValidationError texts, tag lists, and markers that cannot be forged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IamInput } from './iam-input.js';
import { RULES } from './iam-names.js';
import { pageOf } from './pagination.js';

const input = (params: Record<string, string>) => new IamInput(new URLSearchParams(params));
const failure = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('expected a ValidationError');
};

test('every failure is collected into one message, in IAM words', () => {
  const i = input({ UserName: 'a b', Path: 'no-slash' });
  i.text('UserName', { ...RULES.userName, required: true });
  i.text('Path', RULES.path);
  i.text('PolicyName', { ...RULES.policyName, required: true });
  assert.equal(
    failure(() => i.check()),
    "3 validation errors detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
      "Value 'no-slash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); " +
      "Value null at 'policyName' failed to satisfy constraint: Member must not be null",
  );
});

test('paths: / and /a/b/ pass; integers must be integers within range', () => {
  for (const path of ['/', '/a/b/']) {
    const i = input({ Path: path });
    assert.equal(i.text('Path', RULES.path), path);
    i.check();
  }
  for (const [raw, message] of [
    ['1.5', 'Member must be an integer'],
    ['0', 'Member must have value greater than or equal to 1'],
    ['1001', 'Member must have value less than or equal to 1000'],
    ['99999999999999999999', 'Member must be an integer'],
  ] as const) {
    const i = input({ MaxItems: raw });
    i.integer('MaxItems', 1, 1000);
    assert.match(failure(() => i.check()), new RegExp(message));
  }
});

test('tags come in member order; more than 50, a bad index or a missing value is refused', () => {
  const ok = input({ 'Tags.member.2.Key': 'b', 'Tags.member.2.Value': '2', 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': '' });
  assert.deepEqual(ok.tags(), [{ Key: 'a', Value: '' }, { Key: 'b', Value: '2' }]);
  ok.check();
  const many: Record<string, string> = {};
  for (let n = 1; n <= 51; n++) Object.assign(many, { [`Tags.member.${n}.Key`]: `k${n}`, [`Tags.member.${n}.Value`]: 'v' });
  for (const params of [many, { 'Tags.member.0.Key': 'k', 'Tags.member.0.Value': 'v' }, { 'Tags.member.1.Key': 'k' }, { 'Tags.member.x.Key': 'k' }]) {
    const i = input(params);
    i.tags();
    assert.throws(() => i.check(), { code: 'ValidationError' });
  }
});

test('an overlong value is shown cut short in the message', () => {
  const i = input({ PolicyDocument: 'x'.repeat(200_000) });
  i.text('PolicyDocument', RULES.policyDocument);
  const message = failure(() => i.check());
  assert.ok(message.length < 600, `${message.length} characters`);
  assert.match(message, /Member must have length less than or equal to 131072$/);
});

test('pages follow the last key returned; a marker that was not issued is refused', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const first = pageOf(items, (x) => x, 2);
  assert.deepEqual([first.items, first.isTruncated], [['a', 'b'], true]);
  const second = pageOf(items, (x) => x, 2, first.marker);
  assert.deepEqual(second.items, ['c', 'd']);
  const last = pageOf(items, (x) => x, 2, second.marker);
  assert.deepEqual([last.items, last.isTruncated, last.marker], [['e'], false, undefined]);
  // An item deleted meanwhile does not shift the next page.
  assert.deepEqual(pageOf(['a', 'c', 'd', 'e'], (x) => x, 2, first.marker).items, ['c', 'd']);
  assert.throws(() => pageOf(items, (x) => x, 2, '!!not base64!!'), { code: 'ValidationError' });
});
