// The Caller of a request, from the principal an access key belongs to.

import type { Caller } from '../operations/context.js';
import type { AccessKeyRecord, PrincipalRecord } from '../storage/repository.js';

export function callerOf(principal: PrincipalRecord, accessKey: AccessKeyRecord): Caller {
  const caller: Caller = {
    accountId: principal.accountId,
    arn: principal.arn,
    kind: principal.kind === 'root' ? 'root' : principal.kind === 'user' ? 'user' : 'role-session',
    principalId: principal.principalId,
    accessKeyId: accessKey.accessKeyId,
  };
  if (principal.kind === 'user') caller.userName = principal.name;
  return caller;
}
