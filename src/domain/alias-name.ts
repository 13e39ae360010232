// Alias name rules (docs/kms-behaviour.md 6.1): the `alias/` prefix, letters, digits, `/`, `_` and `-`, and the
// reserved `alias/aws/` prefix of AWS managed keys. Length and the model's pattern are checked before, as model constraints.

import { InvalidAliasNameException, NotAuthorizedException, ValidationException } from '../api/errors.js';

const ALIAS_PREFIX_MESSAGE =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

export function assertAliasPrefix(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) throw new ValidationException(ALIAS_PREFIX_MESSAGE);
}

/** A name a customer may create or point elsewhere. */
export function assertCustomerAliasName(aliasName: string): void {
  assertAliasPrefix(aliasName);
  // The reserved prefix of AWS managed keys: NotAuthorizedException with no message, as AWS answers it (6.1).
  if (aliasName.startsWith('alias/aws/')) throw new NotAuthorizedException();
  const name = aliasName.slice('alias/'.length);
  // The model's pattern admits `:`; the service refuses it with a ValidationException (6.1).
  if (name.includes(':')) throw new ValidationException(`${aliasName} contains invalid characters for an alias`);
  if (name.length === 0 || !/^[a-zA-Z0-9/_-]+$/.test(name)) {
    throw new InvalidAliasNameException(`${aliasName} contains invalid characters for an alias`);
  }
}
