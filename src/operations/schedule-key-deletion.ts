// ScheduleKeyDeletion: PendingWindowInDays 7-30 (default 30) → PendingDeletion with a DeletionDate, and a persisted
// DeleteKey job that fires then, surviving restarts (docs/kms-behaviour.md 1.4).

import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';
import { isPrimary, replicaRegionsOf } from '../domain/multi-region.js';

const DAY_MS = 86_400_000;

export async function scheduleKeyDeletion(
  ctx: OperationContext,
  input: ScheduleKeyDeletionRequest,
): Promise<ScheduleKeyDeletionResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  const pendingWindowInDays = input.PendingWindowInDays ?? 30;
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:ScheduleKeyDeletion',
    resource: key.arn,
    key,
    conditions: { 'kms:ScheduleKeyDeletionPendingWindowInDays': pendingWindowInDays },
  });
  // The model allows 1-365; the service enforces 7-30 (kms-behaviour.md 1.4).
  if (pendingWindowInDays < 7 || pendingWindowInDays > 30) {
    throw new ValidationException('PendingWindowInDays must be between 7 and 30');
  }
  const deletionDate = new Date(ctx.now.getTime() + pendingWindowInDays * DAY_MS);
  const changed = await changeKey(ctx, key, async (fresh, tx) => {
    fresh.pendingWindowInDays = pendingWindowInDays;
    // A primary with replicas waits in PendingReplicaDeletion, with no date, until its last replica is deleted;
    // the deletion job of that replica then starts the primary's own waiting period (kms-behaviour.md 10).
    if (isPrimary(fresh) && replicaRegionsOf(fresh).length > 0) {
      fresh.keyState = 'PendingReplicaDeletion';
      delete fresh.deletionDate;
      return;
    }
    fresh.keyState = 'PendingDeletion';
    fresh.deletionDate = deletionDate;
    await tx.addJob({ kind: 'DeleteKey', accountId: fresh.accountId, region: fresh.region, keyId: fresh.keyId, dueAt: deletionDate });
  });
  const response: ScheduleKeyDeletionResponse = {
    KeyId: changed.arn,
    KeyState: changed.keyState,
    PendingWindowInDays: pendingWindowInDays,
  };
  if (changed.keyState === 'PendingDeletion') response.DeletionDate = deletionDate;
  ctx.audit.responseElements = {
    keyId: changed.arn,
    keyState: changed.keyState,
    ...(response.DeletionDate ? { deletionDate: response.DeletionDate } : {}),
    pendingWindowInDays: pendingWindowInDays,
  };
  return {
    KeyId: response.KeyId,
    ...(response.DeletionDate ? { DeletionDate: response.DeletionDate } : {}),
    KeyState: response.KeyState,
    PendingWindowInDays: response.PendingWindowInDays,
  };
}
