// The AccessDeniedException message AWS sends for each kind of refusal (docs/kms-behaviour.md 7.2).

import { AccessDeniedException } from '../api/errors.js';
import type { DecisionReason } from './policy-types.js';

/**
 * `User: <principal> is not authorized to perform: <action> on resource: <resource> <why>`, where
 * <why> names the missing allow or the explicit deny. [O] for the resource-based forms, IAM's wording for the identity deny.
 */
export function accessDeniedMessage(callerArn: string, action: string, resource: string, reason: DecisionReason): string {
  // An action with no resource (cloudtrail:LookupEvents) is named without one, as IAM words it.
  const head = `User: ${callerArn} is not authorized to perform: ${action}${resource === '' ? '' : ` on resource: ${resource}`}`;
  switch (reason) {
    case 'no-resource-policy':
      return `${head} because no resource-based policy allows the ${action} action`;
    case 'no-identity-policy':
      return `${head} because no identity-based policy allows the ${action} action`;
    case 'explicit-deny-resource':
      return `${head} with an explicit deny in a resource-based policy`;
    case 'explicit-deny-identity':
      return `${head} with an explicit deny in an identity-based policy`;
    case 'allowed':
      throw new Error('accessDeniedMessage called for an allowed request');
  }
}

/** The AccessDeniedException to throw for a refused request. */
export function accessDenied(callerArn: string, action: string, resource: string, reason: DecisionReason): AccessDeniedException {
  return new AccessDeniedException(accessDeniedMessage(callerArn, action, resource, reason));
}
