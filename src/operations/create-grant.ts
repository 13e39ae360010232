// CreateGrant: a grant on a key for an IAM principal (or a service principal), with its operations, constraints and
// optional Name for idempotent retries; returns the GrantId and a fresh grant token (docs/kms-behaviour.md 6.3).

import { randomBytes } from 'node:crypto';
import type { CreateGrantRequest, CreateGrantResponse } from '../api/model.generated.js';
import { LimitExceededException, ValidationException } from '../api/errors.js';
import {
  accountOfPrincipalArn,
  assertConstraintLimits,
  invalidPrincipal,
  MAX_GRANTS_PER_KEY,
  sameGrantParameters,
  type KmsGrant,
} from '../domain/grant.js';
import { grantTokenHash, newGrantToken } from '../authz/grant-token.js';
import { keyNotFound } from '../domain/identifiers.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import type { KmsKey } from '../domain/kms-key.js';
import { grantKeyKind, validateGrantConstraintsForKey, validateGrantOperationsForKey } from '../policy/index.js';
import type { ConditionValue, OperationContext } from './context.js';
import { encryptionContextConditions, stopIfDryRun } from './steps/crypto-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function createGrant(ctx: OperationContext, input: CreateGrantRequest): Promise<CreateGrantResponse> {
  assertOneGrantee(input);
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  const constraints = constraintsOf(input);
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:CreateGrant',
    resource: key.arn,
    key,
    conditions: grantConditions(input),
    newGrant: { operations: input.Operations, ...(constraints ? { constraints } : {}) },
    ...(input.GrantTokens ? { grantTokens: input.GrantTokens } : {}),
  });
  assertKeyStateAllows('CreateGrant', key);
  const keyKind = grantKeyKind(key.keySpec, key.keyUsage);
  validateGrantOperationsForKey(input.Operations, keyKind);
  validateGrantConstraintsForKey(constraints, keyKind);
  assertConstraintLimits('EncryptionContextEquals', constraints?.encryptionContextEquals);
  assertConstraintLimits('EncryptionContextSubset', constraints?.encryptionContextSubset);
  await assertPrincipals(ctx, input);
  stopIfDryRun(input.DryRun);

  const wanted = grantOf(ctx, key, input, constraints);
  const grantToken = newGrantToken();
  const grantId = await ctx.commit(async (tx) => {
    const fresh = await tx.getKey(key, key.keyId);
    if (!fresh) throw keyNotFound(key, key.keyId);
    assertKeyStateAllows('CreateGrant', fresh);
    // A retry with the same Name and parameters is the same grant, with a new token (6.3).
    const existing = input.Name === undefined ? undefined : (await tx.grantsNamed(key.arn, input.Name)).find((g) => sameGrantParameters(g, wanted));
    const grant = existing ?? { ...wanted, grantId: randomBytes(32).toString('hex') };
    if (!existing) {
      if ((await tx.countGrants(key.arn)) >= MAX_GRANTS_PER_KEY) {
        throw new LimitExceededException(`The request was rejected because the KMS key ${key.arn} has reached its limit of ${MAX_GRANTS_PER_KEY} grants.`);
      }
      await tx.putGrant(grant);
    }
    await tx.putGrantToken(grantTokenHash(grantToken), key.arn, grant.grantId);
    // The audit record is written in this transaction: it names the grant (9.1).
    ctx.audit.responseElements = { grantId: grant.grantId, keyId: key.arn };
    return grant.grantId;
  });
  return { GrantToken: grantToken, GrantId: grantId };
}

/** Exactly one of GranteePrincipal / GranteeServicePrincipal; a service grantee needs SourceArn and a retiring principal (6.3). [?] texts. */
function assertOneGrantee(input: CreateGrantRequest): void {
  if ((input.GranteePrincipal === undefined) === (input.GranteeServicePrincipal === undefined)) {
    throw new ValidationException('You must specify either GranteePrincipal or GranteeServicePrincipal, but not both.');
  }
  if (input.RetiringPrincipal !== undefined && input.RetiringServicePrincipal !== undefined) {
    throw new ValidationException('You can specify either RetiringPrincipal or RetiringServicePrincipal, but not both.');
  }
  if (input.GranteeServicePrincipal !== undefined) {
    if (input.Constraints?.SourceArn === undefined) {
      throw new ValidationException('A SourceArn grant constraint is required when you specify a GranteeServicePrincipal.');
    }
    if (input.RetiringPrincipal === undefined && input.RetiringServicePrincipal === undefined) {
      throw new ValidationException('A RetiringPrincipal or RetiringServicePrincipal is required when you specify a GranteeServicePrincipal.');
    }
  }
}

/** Grantee and retiring principals must be IAM principal ARNs that exist: `InvalidArnException` otherwise. */
async function assertPrincipals(ctx: OperationContext, input: CreateGrantRequest): Promise<void> {
  for (const arn of [input.GranteePrincipal, input.RetiringPrincipal]) {
    if (arn === undefined) continue;
    if (accountOfPrincipalArn(arn) === undefined) throw invalidPrincipal(arn);
    if (ctx.authorizer.principalExists && !(await ctx.authorizer.principalExists(arn))) throw invalidPrincipal(arn);
  }
}

function constraintsOf(input: CreateGrantRequest): KmsGrant['constraints'] {
  const c = input.Constraints;
  if (!c || (c.EncryptionContextEquals === undefined && c.EncryptionContextSubset === undefined && c.SourceArn === undefined)) {
    return undefined;
  }
  return {
    ...(c.EncryptionContextEquals !== undefined ? { encryptionContextEquals: c.EncryptionContextEquals } : {}),
    ...(c.EncryptionContextSubset !== undefined ? { encryptionContextSubset: c.EncryptionContextSubset } : {}),
    ...(c.SourceArn !== undefined ? { sourceArn: c.SourceArn } : {}),
  };
}

function grantOf(ctx: OperationContext, key: KmsKey, input: CreateGrantRequest, constraints: KmsGrant['constraints']): Omit<KmsGrant, 'grantId'> {
  const grant: Omit<KmsGrant, 'grantId'> = {
    accountId: key.accountId,
    region: key.region,
    keyId: key.keyId,
    keyArn: key.arn,
    creationDate: ctx.now,
    granteePrincipal: input.GranteePrincipal ?? '',
    // Grants live with their key: the key's account issues them (IssuingAccount, 6.3).
    issuingAccount: key.accountId,
    operations: [...new Set(input.Operations)],
  };
  if (input.Name !== undefined) grant.name = input.Name;
  if (input.GranteeServicePrincipal !== undefined) grant.granteeServicePrincipal = input.GranteeServicePrincipal;
  if (input.RetiringPrincipal !== undefined) grant.retiringPrincipal = input.RetiringPrincipal;
  if (input.RetiringServicePrincipal !== undefined) grant.retiringServicePrincipal = input.RetiringServicePrincipal;
  if (constraints) grant.constraints = constraints;
  return grant;
}

/** CreateGrant's condition keys (docs/kms-behaviour.md 7.3); the EC keys read the constraint's encryption context. */
function grantConditions(input: CreateGrantRequest): Record<string, ConditionValue | undefined> {
  const c = input.Constraints;
  const constraintTypes = [
    ...(c?.EncryptionContextEquals !== undefined ? ['EncryptionContextEquals'] : []),
    ...(c?.EncryptionContextSubset !== undefined ? ['EncryptionContextSubset'] : []),
  ];
  return {
    'kms:GrantOperations': input.Operations,
    'kms:GranteePrincipal': input.GranteePrincipal,
    'kms:GranteeServicePrincipal': input.GranteeServicePrincipal,
    'kms:RetiringPrincipal': input.RetiringPrincipal,
    'kms:RetiringServicePrincipal': input.RetiringServicePrincipal,
    'kms:GrantConstraintType': constraintTypes.length > 0 ? constraintTypes : undefined,
    'kms:GrantConstraintSourceArn': c?.SourceArn,
    // openkms has no AWS services calling on a user's behalf (7.3).
    'kms:GrantIsForAWSResource': false,
    ...encryptionContextConditions({ ...c?.EncryptionContextSubset, ...c?.EncryptionContextEquals }),
  };
}
