// STS AssumeRole: temporary credentials (ASIA… access key, secret, session token, expiry) for a role whose trust policy
// lets the caller in, evaluated with the caller's identity policies as IAM does; SigV4 accepts them until they expire.

import { randomBytes } from 'node:crypto';
import { newAccessKeyId, newSecretAccessKey } from '../auth/access-key-generator.js';
import { sessionArnOf } from '../auth/caller.js';
import { sessionTokenHash } from '../auth/session-token-hash.js';
import { identityPoliciesOf } from '../authz/identity-policies.js';
import type { Caller } from '../domain/caller.js';
import { evaluate } from '../policy/index.js';
import type { Store } from '../storage/repository.js';
import { stsAccessDenied, stsValidationError } from './sts-error.js';
import { trustPolicyOf } from './trust-policy.js';

export interface AssumeRoleResult {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
  assumedRoleUser: { arn: string; assumedRoleId: string };
}

const DEFAULT_DURATION_SECONDS = 3600;
/** Role chaining (a role session assuming a role) is limited to one hour (IAM "Role chaining"). */
const CHAINED_MAX_SECONDS = 3600;

/** `params` are the query parameters of the request (RoleArn, RoleSessionName, DurationSeconds, ExternalId, ...). */
export async function assumeRole(store: Store, dev: boolean, caller: Caller, params: URLSearchParams, now: Date): Promise<AssumeRoleResult> {
  const { roleArn, sessionName, durationSeconds, externalId } = validate(params);
  if ([...params.keys()].some((name) => name === 'Policy' || name.startsWith('PolicyArns.'))) {
    // Ignoring a session policy would grant more than the caller asked for: refuse it instead.
    throw stsValidationError('Session policies (Policy, PolicyArns) are not supported by openkms.');
  }
  if (caller.kind === 'root') throw stsAccessDenied('Roles may not be assumed by root accounts.');
  const denied = stsAccessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  const role = await store.getPrincipal(roleArn);
  const settings = role?.kind === 'role' ? await store.getRoleSettings(roleArn) : undefined;
  // A role that does not exist is refused like one that does not trust the caller: STS does not reveal which.
  if (!role || !settings) throw denied;
  const decision = evaluate({
    caller,
    action: 'sts:AssumeRole',
    resource: roleArn,
    keyPolicy: trustPolicyOf(settings.trustPolicy),
    identityPolicies: await identityPoliciesOf(store, caller, dev),
    keyOwnerAccount: role.accountId,
    context: { 'sts:RoleSessionName': sessionName, 'sts:ExternalId': externalId },
  });
  if (!decision.allowed) throw denied;
  const duration = durationSeconds ?? DEFAULT_DURATION_SECONDS;
  if (caller.kind === 'role-session' && duration > CHAINED_MAX_SECONDS) {
    throw stsValidationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > settings.maxSessionDurationSeconds) {
    throw stsValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }

  // Expiration has whole seconds, as STS shows it.
  const expiration = new Date(Math.floor(now.getTime() / 1000) * 1000 + duration * 1000);
  const credentials = {
    accessKeyId: newAccessKeyId('ASIA'),
    secretAccessKey: newSecretAccessKey(),
    sessionToken: randomBytes(192).toString('base64'),
    expiration,
  };
  await store.write(async (tx) => {
    // Expired sessions of the role are of no use to anyone: they go as new ones come.
    for (const old of await tx.listAccessKeys(role.arn)) {
      if (old.expiration && old.expiration.getTime() <= now.getTime()) await tx.deleteAccessKey(old.accessKeyId);
    }
    const { sessionToken, ...stored } = credentials;
    await tx.putAccessKey({ ...stored, sessionTokenHash: sessionTokenHash(sessionToken), principalArn: role.arn, createdAt: now, sessionName });
  });
  return { credentials, assumedRoleUser: { arn: sessionArnOf(role.arn, sessionName), assumedRoleId: `${role.principalId}:${sessionName}` } };
}

interface Checked {
  roleArn: string;
  sessionName: string;
  durationSeconds?: number;
  externalId?: string;
}

/** The model's constraints, failing with STS's `N validation error(s) detected: ...` text. */
function validate(params: URLSearchParams): Checked {
  const failures: string[] = [];
  const text = (name: string, member: string, min: number, max: number, pattern?: RegExp, required = false) => {
    const value = params.get(name) ?? undefined;
    if (value === undefined) {
      if (required) failures.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      return undefined;
    }
    if (value.length < min) failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
    else if (value.length > max) failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    else if (pattern && !pattern.test(value)) failures.push(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`);
    return value;
  };
  const roleArn = text('RoleArn', 'roleArn', 20, 2048, undefined, true);
  const sessionName = text('RoleSessionName', 'roleSessionName', 2, 64, /^[\w+=,.@-]*$/, true);
  const externalId = text('ExternalId', 'externalId', 2, 1224, /^[\w+=,.@:/-]*$/);
  const rawDuration = params.get('DurationSeconds') ?? undefined;
  let durationSeconds: number | undefined;
  if (rawDuration !== undefined) {
    durationSeconds = Number(rawDuration);
    if (!Number.isInteger(durationSeconds)) failures.push(`Value '${rawDuration}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`);
    else if (durationSeconds < 900) failures.push(`Value '${rawDuration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
    else if (durationSeconds > 43200) failures.push(`Value '${rawDuration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`);
  }
  if (failures.length > 0) {
    throw stsValidationError(`${failures.length} validation error${failures.length > 1 ? 's' : ''} detected: ${failures.join('; ')}`);
  }
  return {
    roleArn: roleArn!,
    sessionName: sessionName!,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
  };
}
