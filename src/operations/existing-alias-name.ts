// The name check of the operations on an existing alias (UpdateAlias, DeleteAlias): CreateAlias's rules, answered with
// ValidationException, since the model gives InvalidAliasNameException to CreateAlias alone (docs/kms-behaviour.md A.3).

import { InvalidAliasNameException, ValidationException } from '../api/errors.js';
import { assertCustomerAliasName } from '../domain/alias-name.js';

export function assertExistingAliasName(aliasName: string): void {
  try {
    assertCustomerAliasName(aliasName);
  } catch (error) {
    if (error instanceof InvalidAliasNameException) throw new ValidationException(error.message);
    throw error;
  }
}
