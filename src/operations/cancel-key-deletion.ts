// CancelKeyDeletion: PendingDeletion → Disabled (not Enabled, kms-behaviour.md 1.1), and the DeleteKey job is dropped.

import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function cancelKeyDeletion(ctx: OperationContext, input: CancelKeyDeletionRequest): Promise<CancelKeyDeletionResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  const changed = await changeKey(ctx, key, async (fresh, tx) => {
    // A key whose material was never imported goes back to PendingImport rather than Disabled.
    fresh.keyState = fresh.origin === 'EXTERNAL' && !fresh.expirationModel ? 'PendingImport' : 'Disabled';
    delete fresh.deletionDate;
    delete fresh.pendingWindowInDays;
    await tx.deleteJobs(fresh, fresh.keyId, 'DeleteKey');
  });
  return { KeyId: changed.arn };
}
