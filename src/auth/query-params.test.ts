// Decoding raw query strings into the parameter map SigV4 canonicalization signs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstParam, NO_QUERY_PARAMS, parseQueryParams } from './query-params.js';

test('an empty query string is the shared empty map', () => {
  assert.equal(parseQueryParams(''), NO_QUERY_PARAMS);
});

test('names and values are percent-decoded; a plus sign stays a plus sign', () => {
  assert.deepEqual({ ...parseQueryParams('X-Amz-Credential=AKID%2F20150830%2Fus-east-1&a+b=c%20d') }, {
    'X-Amz-Credential': 'AKID/20150830/us-east-1',
    'a+b': 'c d',
  });
});

test('repeated names keep every value in order; a name without = has the empty value', () => {
  const params = parseQueryParams('Param1=value2&Param1=Value1&flag&&Param1=x');
  assert.deepEqual(params['Param1'], ['value2', 'Value1', 'x']);
  assert.equal(params['flag'], '');
  assert.equal(firstParam(params, 'Param1'), 'value2');
});

test('a malformed escape is kept as sent', () => {
  assert.equal(parseQueryParams('a=%zz')['a'], '%zz');
});

test('__proto__ is an ordinary parameter name', () => {
  const params = parseQueryParams('__proto__=x');
  assert.equal(params['__proto__'], 'x');
  assert.equal(Object.getPrototypeOf(params), null);
});
