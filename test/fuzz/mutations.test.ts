// Mutations and the body writer do what the fuzzer's cases say: members named like Object's own keys are sent as
// members, raw tokens and bytes reach the wire unchanged, and an input is never changed in place.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeJson, isUtf8, Members, RawJson, RawStringBytes } from './json-text.js';
import { applyMutation, memberPaths } from './mutations.js';

test('an extra member named __proto__ is written as a member, not lost as the prototype', () => {
  const body = applyMutation({ KeyId: 'k' }, { kind: 'set', path: ['__proto__'], value: { KeyId: 'x' }, label: '' });
  assert.equal(encodeJson(body).toString(), '{"KeyId":"k","__proto__":{"KeyId":"x"}}');
});

test('set, delete, rename and duplicate work at nested paths on a copy', () => {
  const input = { KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: 'b' }] };
  const text = (mutated: unknown) => encodeJson(mutated).toString();
  assert.equal(text(applyMutation(input, { kind: 'set', path: ['Tags', 0, 'TagKey'], value: new RawJson('1e400'), label: '' })), '{"KeyId":"k","Tags":[{"TagKey":1e400,"TagValue":"b"}]}');
  assert.equal(text(applyMutation(input, { kind: 'delete', path: ['Tags', 0, 'TagValue'], label: '' })), '{"KeyId":"k","Tags":[{"TagKey":"a"}]}');
  assert.equal(text(applyMutation(input, { kind: 'set', path: ['Constraints', 'EncryptionContextSubset'], value: {}, label: '' })), '{"KeyId":"k","Tags":[{"TagKey":"a","TagValue":"b"}],"Constraints":{"EncryptionContextSubset":{}}}');
  assert.equal(text(applyMutation(input, { kind: 'rename', member: 'KeyId', to: 'keyId', label: '' })), '{"Tags":[{"TagKey":"a","TagValue":"b"}],"keyId":"k"}');
  assert.equal(text(applyMutation(input, { kind: 'duplicate', member: 'KeyId', value: 7, first: true, label: '' })), '{"KeyId":7,"KeyId":"k","Tags":[{"TagKey":"a","TagValue":"b"}]}');
  assert.deepEqual(input, { KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: 'b' }] });
});

test('raw string bytes make a body that is not UTF-8; members may repeat', () => {
  const body = encodeJson(new Members([['A', new RawStringBytes(Buffer.from([0xc3, 0x28]))], ['A', 'b']]));
  assert.deepEqual(body, Buffer.from([0x7b, 0x22, 0x41, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x2c, 0x22, 0x41, 0x22, 0x3a, 0x22, 0x62, 0x22, 0x7d]));
  assert.equal(isUtf8(body), false);
  assert.equal(isUtf8(Buffer.from('{"A":"é😀"}')), true);
});

test('member paths reach into lists and nested structures of the model', () => {
  const paths = memberPaths('CreateGrantRequest').map((p) => p.path.join('.'));
  for (const path of ['KeyId', 'Operations', 'Operations.0', 'Constraints.EncryptionContextSubset', 'GrantTokens.0']) assert.ok(paths.includes(path), path);
});
