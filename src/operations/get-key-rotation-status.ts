// GetKeyRotationStatus: whether automatic rotation is on, with its period and next date, and the start of an on-demand
// rotation in progress (docs/kms-behaviour.md sections 1.4 and 5).

import type { GetKeyRotationStatusRequest, GetKeyRotationStatusResponse } from '../api/model.generated.js';
import { assertNotInCustomKeyStore } from '../domain/key-rotation.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function getKeyRotationStatus(
  ctx: OperationContext,
  input: GetKeyRotationStatusRequest,
): Promise<GetKeyRotationStatusResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  // PendingImport → footnote 6 (`origin is EXTERNAL ...`); every other state is allowed.
  assertKeyStateAllows(ctx.operation, key);
  assertNotInCustomKeyStore(key);
  // Asymmetric, HMAC and imported keys answer false rather than fail: the API reference says "the key rotation status
  // for these KMS keys is always false", and clients such as the Terraform AWS provider read it for every AWS_KMS key.
  // While the key is pending deletion the status reads false; the setting is kept and returns if deletion is cancelled (1.4).
  const { rotation } = key;
  const enabled = rotation.enabled && key.keyState !== 'PendingDeletion' && key.keyState !== 'PendingReplicaDeletion';
  const response: GetKeyRotationStatusResponse = { KeyId: key.arn, KeyRotationEnabled: enabled };
  if (enabled) {
    if (rotation.periodInDays !== undefined) response.RotationPeriodInDays = rotation.periodInDays;
    if (rotation.nextRotationDate !== undefined) response.NextRotationDate = rotation.nextRotationDate;
  }
  // Only while an on-demand rotation runs; openkms completes them inside RotateKeyOnDemand, so normally never.
  if (rotation.onDemandStartDate !== undefined) response.OnDemandRotationStartDate = rotation.onDemandStartDate;
  return response;
}
