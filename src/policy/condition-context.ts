// Builds the condition context of a request: the operation's keys with case-folded names, plus the
// keys IAM derives from the caller (aws:PrincipalArn, aws:username, kms:CallerAccount, ...).

import type { Caller, ConditionContext, ContextValue } from './policy-types.js';

const SESSION_ARN = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;

/** The IAM role a role session belongs to; without a known role ARN its path is lost. */
export function roleArnOf(caller: Caller): string | undefined {
  if (caller.kind !== 'role-session') return undefined;
  if (caller.roleArn) return caller.roleArn;
  const m = SESSION_ARN.exec(caller.arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function userNameOf(caller: Caller): string | undefined {
  if (caller.kind !== 'user') return undefined;
  return caller.userName ?? caller.arn.slice(caller.arn.lastIndexOf('/') + 1);
}

/** Keys IAM puts in every request context for this caller (IAM "Global condition context keys"). */
function callerKeys(caller: Caller): [string, ContextValue | undefined][] {
  const principalType = caller.kind === 'root' ? 'Account' : caller.kind === 'user' ? 'User' : 'AssumedRole';
  return [
    // For a role session, aws:PrincipalArn is the role's ARN, not the session's.
    ['aws:principalarn', caller.kind === 'role-session' ? roleArnOf(caller) : caller.arn],
    ['aws:principalaccount', caller.accountId],
    ['aws:principaltype', principalType],
    ['aws:username', userNameOf(caller)],
    ['aws:userid', caller.principalId ?? (caller.kind === 'root' ? caller.accountId : undefined)],
    ['kms:calleraccount', caller.accountId],
  ];
}

/**
 * Lower-cases key names (condition keys are case-insensitive, including the part after
 * `kms:EncryptionContext:`, docs/kms-behaviour.md 7.3) and adds the caller's keys unless given.
 */
export function buildConditionContext(caller: Caller, values?: Readonly<Record<string, ContextValue | undefined>>): ConditionContext {
  const context = new Map<string, ContextValue>();
  if (values) {
    for (const name in values) {
      const value = values[name];
      if (value !== undefined) context.set(name.toLowerCase(), value);
    }
  }
  for (const [name, value] of callerKeys(caller)) {
    if (value !== undefined && !context.has(name)) context.set(name, value);
  }
  return context;
}
