// The parsed-policy cache returns the same compiled document for the same text and kind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedPolicy } from './policy-cache.js';
import { defaultKeyPolicy } from '../domain/default-key-policy.js';

test('the same text and kind give the same parsed document', () => {
  const text = defaultKeyPolicy('111122223333');
  assert.equal(cachedPolicy(text, 'key'), cachedPolicy(text, 'key'));
});

test('the kind is part of the cache key', () => {
  const text = JSON.stringify({ Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } });
  assert.equal(cachedPolicy(text, 'identity').kind, 'identity');
  assert.throws(() => cachedPolicy(text, 'key'), { name: 'MalformedPolicyDocumentException', message: 'Policy contains a statement with no principal.' });
});
