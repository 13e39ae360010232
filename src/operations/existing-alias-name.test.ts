// Unit tests of the alias name check of UpdateAlias and DeleteAlias: CreateAlias's rules, answered with the
// ValidationException their model allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationException } from '../api/errors.js';
import { assertExistingAliasName } from './existing-alias-name.js';

const refusal = (aliasName: string) => {
  try {
    assertExistingAliasName(aliasName);
  } catch (error) {
    return { type: (error as Error).constructor, name: (error as Error).name, message: (error as Error).message };
  }
  return undefined;
};

test('a name CreateAlias refuses is a ValidationException with the same text, never InvalidAliasNameException', () => {
  assert.deepEqual(refusal('alias/aws/ebs'), { type: ValidationException, name: 'ValidationException', message: 'Alias names beginning with alias/aws/ are reserved for AWS managed keys: alias/aws/ebs' });
  assert.deepEqual(refusal('alias/a:b'), { type: ValidationException, name: 'ValidationException', message: 'alias/a:b contains invalid characters for an alias' });
  assert.deepEqual(refusal('alias/'), { type: ValidationException, name: 'ValidationException', message: 'alias/ contains invalid characters for an alias' });
});

test('a missing alias/ prefix keeps its own ValidationException; a good name passes', () => {
  assert.equal(refusal('orders')?.message, 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  assert.equal(refusal('alias/orders-2_b/x'), undefined);
});
