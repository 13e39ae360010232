// ReplicateKey: a replica of a multi-Region primary in another Region of its partition, with the primary's key id,
// shared properties and (generated) key material, and its own policy, description and tags. It answers while the
// replica is Creating; a SettleMultiRegionKey job makes it Enabled (PendingImport for imported material) moments
// later, as AWS does (docs/kms-behaviour.md 10).

import type { ReplicateKeyRequest, ReplicateKeyResponse } from '../api/model.generated.js';
import { AlreadyExistsException } from '../api/errors.js';
import { auditValue } from '../audit/cloudtrail-record.js';
import { keyNotFound } from '../domain/identifiers.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import { keyMetadata, type KmsKey } from '../domain/kms-key.js';
import {
  assertCanReplicate,
  MULTI_REGION_SETTLE_MS,
  newReplicaKey,
  primaryRegionOf,
  relatedScope,
  replicaRegionsOf,
} from '../domain/multi-region.js';
import { assertValidTagRequest } from '../domain/tags.js';
import { syncReplicas } from '../keystore/sync-replicas.js';
import type { OperationContext } from './context.js';
import { checkKeyPolicy } from './steps/check-key-policy.js';
import { writeMultiRegionSet } from '../jobs/multi-region-set.js';
import { resolveKey } from './steps/resolve-key.js';
import { tagConditions } from './steps/tag-conditions.js';

export async function replicateKey(ctx: OperationContext, input: ReplicateKeyRequest): Promise<ReplicateKeyResponse> {
  const { key: primary } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  const replicaRegion = input.ReplicaRegion;
  const tags = input.Tags ?? [];
  // kms:ReplicateKey on the primary (its key policy), kms:CreateKey, and kms:TagResource for tags, in an IAM policy
  // for the replica's Region (kms-behaviour.md 7.2).
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:ReplicateKey',
    resource: primary.arn,
    key: primary,
    conditions: { 'kms:ReplicaRegion': replicaRegion },
  });
  const replicaScope = relatedScope(primary, replicaRegion);
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:CreateKey',
    resource: '*',
    conditions: {
      'kms:KeySpec': primary.keySpec,
      'kms:KeyUsage': primary.keyUsage,
      'kms:KeyOrigin': primary.origin,
      'kms:MultiRegion': true,
      'kms:MultiRegionKeyType': 'REPLICA',
      'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck,
      ...tagConditions(tags),
    },
  });
  if (tags.length > 0) {
    await ctx.authorizer.authorize(ctx, { action: 'kms:TagResource', resource: '*', conditions: tagConditions(tags) });
  }
  assertReplicable(ctx, primary, replicaRegion);
  assertValidTagRequest(tags);

  const replica = newReplicaKey(primary, {
    region: replicaRegion,
    creationDate: ctx.now,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
    tags,
  });
  if (input.Policy !== undefined) await checkKeyPolicy(ctx, input.Policy, replica, input.BypassPolicyLockoutSafetyCheck);

  const created = await ctx.commit(async (tx) => {
    const fresh = await tx.getKey(primary, primary.keyId);
    if (!fresh) throw keyNotFound(primary, primary.keyId);
    assertReplicable(ctx, fresh, replicaRegion);
    // A key of the set may still be in that Region, pending deletion: AlreadyExists until it is gone (10).
    if (await tx.getKey(replicaScope, fresh.keyId)) {
      throw new AlreadyExistsException(`Key '${replica.arn}' already exists`);
    }
    await tx.putKey(replica);
    const keys = await writeMultiRegionSet(tx, fresh, [fresh, replica], primaryRegionOf(fresh), [...replicaRegionsOf(fresh), replicaRegion]);
    // The new replica receives every material version of the primary (kms-behaviour.md 5).
    await syncReplicas(tx, keys[0]!);
    await tx.addJob({
      kind: 'SettleMultiRegionKey',
      accountId: replica.accountId,
      region: replica.region,
      keyId: replica.keyId,
      dueAt: new Date(ctx.now.getTime() + MULTI_REGION_SETTLE_MS),
    });
    const stored = (await tx.getKey(replicaScope, replica.keyId)) ?? replica;
    // The record is written in this transaction: what it names must be noted before the work returns.
    ctx.audit.resources.push(stored);
    ctx.audit.alsoInRegion = [{ region: replicaRegion, eventName: 'CreateKey', key: stored }];
    // As AWS's example record shows it: the replica's KeyMetadata in camelCase, and its policy (kms-behaviour.md 9.3).
    ctx.audit.responseElements = { replicaKeyMetadata: auditValue(keyMetadata(stored), true), replicaPolicy: stored.policy };
    return stored;
  });
  return {
    ReplicaKeyMetadata: keyMetadata(created),
    ReplicaPolicy: created.policy,
    ReplicaTags: created.tags.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
  };
}

/** The key-state table (Disabled, PendingDeletion, PendingImport, Creating, Updating refuse), then the set's rules. */
function assertReplicable(ctx: OperationContext, primary: KmsKey, replicaRegion: string): void {
  if (primary.multiRegion) assertKeyStateAllows(ctx.operation, primary);
  assertCanReplicate(primary, replicaRegion);
}
