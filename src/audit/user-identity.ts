// The userIdentity element of a record: who made the call, in CloudTrail's shapes for IAM users, account roots and
// assumed-role sessions (docs/kms-behaviour.md 9.2).

import type { Caller } from '../domain/caller.js';
import { isoSeconds, type UserIdentity } from './cloudtrail-record.js';

export function userIdentityOf(caller: Caller | undefined): UserIdentity {
  // No caller: the request failed authentication, so nobody is known to have made it.
  if (!caller) return { type: 'Unknown' };
  switch (caller.kind) {
    case 'root':
      return { type: 'Root', principalId: caller.accountId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
    case 'user': {
      const identity: UserIdentity = {
        type: 'IAMUser',
        principalId: caller.principalId,
        arn: caller.arn,
        accountId: caller.accountId,
        accessKeyId: caller.accessKeyId,
      };
      identity.userName = caller.userName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
      return identity;
    }
    case 'role-session':
      return assumedRole(caller);
  }
}

/** AWS shows a session as `<role id>:<session name>` and names the role that issued it. */
function assumedRole(caller: Caller): UserIdentity {
  const sessionName = caller.sessionName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
  const roleId = caller.principalId.split(':')[0]!;
  const roleArn = caller.roleArn ?? roleArnOfSession(caller.arn);
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: caller.principalId.includes(':') ? caller.principalId : `${roleId}:${sessionName}`,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: roleArn,
        accountId: caller.accountId,
        userName: roleArn.slice(roleArn.lastIndexOf('/') + 1),
      },
      attributes: { mfaAuthenticated: 'false' },
    },
  };
  if (caller.sessionIssuedAt) {
    identity.sessionContext!.attributes = { creationDate: isoSeconds(caller.sessionIssuedAt), mfaAuthenticated: 'false' };
  }
  return identity;
}

/** arn:aws:sts::<account>:assumed-role/<role>/<session> → arn:aws:iam::<account>:role/<role>. */
function roleArnOfSession(sessionArn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/(.+)\/[^/]+$/.exec(sessionArn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : sessionArn;
}

/** The Username LookupEvents shows and filters on: the user's name, the session's name, or `root`. */
export function lookupUsername(identity: UserIdentity): string | undefined {
  if (identity.type === 'IAMUser') return identity.userName;
  if (identity.type === 'Root') return 'root';
  if (identity.type === 'AssumedRole' && identity.arn) return identity.arn.slice(identity.arn.lastIndexOf('/') + 1);
  return undefined;
}
