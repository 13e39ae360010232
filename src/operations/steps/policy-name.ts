// Key policy names: a key has exactly one policy, `default`; any other name is not found (kms-behaviour.md 2.6, A.3).

import { NotFoundException } from '../../api/errors.js';

export function assertPolicyName(policyName: string | undefined): void {
  if (policyName !== undefined && policyName !== 'default') throw new NotFoundException('No such policy exists');
}
