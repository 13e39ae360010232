// Alias name rules (docs/kms-behaviour.md 6.1): the `alias/` prefix, letters, digits, `/`, `_` and `-`, and the
// reserved `alias/aws/` prefix of AWS managed keys. Length and the model's pattern are checked before, as model constraints.

import { InvalidAliasNameException, ValidationException } from '../api/errors.js';

const ALIAS_PREFIX_MESSAGE =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

export function assertAliasPrefix(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) throw new ValidationException(ALIAS_PREFIX_MESSAGE);
}

/** A name a customer may create or point elsewhere. */
export function assertCustomerAliasName(aliasName: string): void {
  assertAliasPrefix(aliasName);
  if (aliasName.startsWith('alias/aws/')) {
    // The model's InvalidAliasNameException is the CreateAlias error for a name customers may not use (kms-behaviour.md A.3).
    throw new InvalidAliasNameException(`Alias names beginning with alias/aws/ are reserved for AWS managed keys: ${aliasName}`);
  }
  const name = aliasName.slice('alias/'.length);
  if (name.length === 0 || !/^[a-zA-Z0-9/_-]+$/.test(name)) {
    throw new InvalidAliasNameException(`${aliasName} contains invalid characters for an alias`);
  }
}
