// EnableKeyRotation: turns on automatic rotation with RotationPeriodInDays (90-2560, default 365) and schedules the
// next rotation that many days from now, as a persisted RotateKey job (docs/kms-behaviour.md section 5).

import type { EnableKeyRotationRequest } from '../api/model.generated.js';
import {
  assertAutomaticRotationSupported,
  assertNotReplica,
  DEFAULT_ROTATION_PERIOD_IN_DAYS,
  rotationDateAfter,
} from '../domain/key-rotation.js';
import type { OperationContext } from './context.js';
import { changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function enableKeyRotation(ctx: OperationContext, input: EnableKeyRotationRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  // The model already holds the period to 90-2560; the condition key sees the default when it is omitted (7.3).
  const rotationPeriodInDays = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_IN_DAYS;
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:EnableKeyRotation',
    resource: key.arn,
    key,
    conditions: { 'kms:RotationPeriodInDays': rotationPeriodInDays },
  });
  // Calling it again on a key that rotates changes the period and restarts the schedule from today (section 5).
  const nextRotationDate = rotationDateAfter(ctx.now, rotationPeriodInDays);
  await changeKey(ctx, key, async (fresh, tx) => {
    // The key-state table first (Disabled → DisabledException, PendingDeletion → KMSInvalidStateException), then the key type.
    assertAutomaticRotationSupported(fresh);
    assertNotReplica(fresh);
    fresh.rotation = { ...fresh.rotation, enabled: true, periodInDays: rotationPeriodInDays, nextRotationDate };
    await tx.deleteJobs(fresh, fresh.keyId, 'RotateKey');
    await tx.addJob({ kind: 'RotateKey', accountId: fresh.accountId, region: fresh.region, keyId: fresh.keyId, dueAt: nextRotationDate });
  });
}
