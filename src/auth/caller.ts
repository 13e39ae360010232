// The Caller of a request, from the principal an access key belongs to. Temporary credentials of a role (AssumeRole)
// make a role session: `arn:aws:sts::<account>:assumed-role/<role>/<session>`, with the role's ARN kept beside it.

import type { Caller } from '../domain/caller.js';
import type { AccessKeyRecord, PrincipalRecord } from '../storage/repository.js';

export function callerOf(principal: PrincipalRecord, accessKey: AccessKeyRecord): Caller {
  if (principal.kind === 'role') return roleSessionCaller(principal, accessKey);
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

/** The ARN of a role session; the role's path is not part of it, as in AWS. */
export function sessionArnOf(roleArn: string, sessionName: string): string {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!match) throw new Error(`not a role ARN: ${roleArn}`);
  return `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/${sessionName}`;
}

function roleSessionCaller(role: PrincipalRecord, accessKey: AccessKeyRecord): Caller {
  // Temporary credentials always carry their session name; a role has no long-term keys.
  const sessionName = accessKey.sessionName ?? accessKey.accessKeyId;
  return {
    accountId: role.accountId,
    arn: sessionArnOf(role.arn, sessionName),
    kind: 'role-session',
    principalId: `${role.principalId}:${sessionName}`,
    accessKeyId: accessKey.accessKeyId,
    roleArn: role.arn,
    sessionName,
    sessionIssuedAt: accessKey.createdAt,
  };
}
