// The authorizer of a server without key-policy evaluation: every principal of the account that owns a key may use it
// (the effect of the default key policy plus an administrator's identity policy); other accounts may not.

import { AccessDeniedException } from '../api/errors.js';
import type { AuthorizationRequest, Authorizer, OperationContext } from '../operations/context.js';

export const ownerAccountAuthorizer: Authorizer = {
  async authorize(ctx: OperationContext, request: AuthorizationRequest): Promise<void> {
    if (request.key && request.key.accountId !== ctx.caller.accountId) {
      throw new AccessDeniedException(
        `User: ${ctx.caller.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ` +
          `because no resource-based policy allows the ${request.action} action`,
      );
    }
  },
};
