// UpdatePrimaryRegion: the replica in PrimaryRegion becomes the set's primary and the primary a replica. Both keys are
// Updating until a SettleMultiRegionKey job returns each to the state it had; cryptography keeps working meanwhile
// (docs/kms-behaviour.md 1.1, 10). The automatic rotation schedule moves to the new primary.

import type { UpdatePrimaryRegionRequest } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import { keyNotFound } from '../domain/identifiers.js';
import { assertKeyStateAllows, keyStateError } from '../domain/key-state.js';
import type { KmsKey } from '../domain/kms-key.js';
import { isPrimary, MULTI_REGION_SETTLE_MS, relatedScope, replicaRegionsOf } from '../domain/multi-region.js';
import { writeMultiRegionSet } from '../jobs/multi-region-set.js';
import type { StoreWriter } from '../storage/repository.js';
import type { OperationContext } from './context.js';
import { resolveKey } from './steps/resolve-key.js';

export async function updatePrimaryRegion(ctx: OperationContext, input: UpdatePrimaryRegionRequest): Promise<void> {
  const { key: primary } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  const newPrimaryRegion = input.PrimaryRegion;
  // kms:UpdatePrimaryRegion on both keys, with kms:PrimaryRegion (kms-behaviour.md 7.2, 7.3).
  const conditions = { 'kms:PrimaryRegion': newPrimaryRegion };
  await ctx.authorizer.authorize(ctx, { action: 'kms:UpdatePrimaryRegion', resource: primary.arn, key: primary, conditions });
  assertUpdatable(ctx, primary, newPrimaryRegion);
  const replicaScope = relatedScope(primary, newPrimaryRegion);
  const replica = await ctx.store.getKey(replicaScope, primary.keyId);
  if (!replica) throw keyNotFound(replicaScope, primary.keyId);
  await ctx.authorizer.authorize(ctx, { action: 'kms:UpdatePrimaryRegion', resource: replica.arn, key: replica, conditions });
  ctx.audit.resources.push(replica);

  await ctx.commit(async (tx) => {
    const freshPrimary = await tx.getKey(primary, primary.keyId);
    if (!freshPrimary) throw keyNotFound(primary, primary.keyId);
    assertUpdatable(ctx, freshPrimary, newPrimaryRegion);
    const freshReplica = await tx.getKey(replicaScope, primary.keyId);
    if (!freshReplica) throw keyNotFound(replicaScope, primary.keyId);
    assertCanBecomePrimary(freshReplica);
    const replicas = [...replicaRegionsOf(freshPrimary).filter((region) => region !== newPrimaryRegion), freshPrimary.region];
    for (const key of [freshPrimary, freshReplica]) startUpdating(key);
    const [newPrimary] = await writeMultiRegionSet(tx, freshPrimary, [freshPrimary, freshReplica], newPrimaryRegion, replicas);
    await moveRotationSchedule(tx, freshPrimary, newPrimary!);
    for (const key of [freshPrimary, freshReplica]) {
      await tx.addJob({
        kind: 'SettleMultiRegionKey',
        accountId: key.accountId,
        region: key.region,
        keyId: key.keyId,
        dueAt: new Date(ctx.now.getTime() + MULTI_REGION_SETTLE_MS),
      });
    }
    ctx.audit.responseElements = { keyId: freshPrimary.arn };
  });
}

function assertUpdatable(ctx: OperationContext, key: KmsKey, newPrimaryRegion: string): void {
  if (!key.multiRegion) throw new UnsupportedOperationException(`${key.arn} is not a multi-region key.`);
  assertKeyStateAllows(ctx.operation, key);
  if (!isPrimary(key)) throw new UnsupportedOperationException(`${key.arn} is not a multi-region primary key.`);
  if (newPrimaryRegion === key.region) {
    throw new UnsupportedOperationException(`${key.arn} is already the primary key in ${newPrimaryRegion}.`);
  }
}

/** The replica that becomes primary may not be Creating, Updating or pending deletion (footnotes 14, 15, 3 of 1.3). */
function assertCanBecomePrimary(replica: KmsKey): void {
  const footnote = ({ Creating: 14, Updating: 15, PendingDeletion: 3, PendingReplicaDeletion: 3 } as const)[
    replica.keyState as 'Creating' | 'Updating' | 'PendingDeletion' | 'PendingReplicaDeletion'
  ];
  if (footnote !== undefined) throw keyStateError(footnote, replica);
}

function startUpdating(key: KmsKey): void {
  key.settlesTo = key.keyState;
  key.keyState = 'Updating';
}

/** The RotateKey job belongs to the primary: the replicas rotate when it does. */
async function moveRotationSchedule(tx: StoreWriter, oldPrimary: KmsKey, newPrimary: KmsKey): Promise<void> {
  await tx.deleteJobs(oldPrimary, oldPrimary.keyId, 'RotateKey');
  const next = newPrimary.rotation.enabled ? newPrimary.rotation.nextRotationDate : undefined;
  if (next) {
    await tx.addJob({ kind: 'RotateKey', accountId: newPrimary.accountId, region: newPrimary.region, keyId: newPrimary.keyId, dueAt: next });
  }
}
