// RotateKeyOnDemand: new key material for a symmetric key now, at most 25 times per key, without touching the
// automatic schedule (docs/kms-behaviour.md sections 4.7 and 5).
//
// AWS answers at once and completes the rotation in the background (GetKeyRotationStatus shows
// OnDemandRotationStartDate meanwhile). openkms completes it synchronously inside the call's transaction: when the
// response arrives, the new material is current and ListKeyRotations lists it.

import type { RotateKeyOnDemandRequest, RotateKeyOnDemandResponse } from '../api/model.generated.js';
import {
  ConflictException,
  KMSInvalidStateException,
  LimitExceededException,
  UnsupportedOperationException,
} from '../api/errors.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import {
  assertNotInCustomKeyStore,
  assertNotReplica,
  AUTOMATIC_ROTATION_CONFLICT_WINDOW_MS,
  ON_DEMAND_ROTATION_QUOTA,
  type KeyRotationListener,
} from '../domain/key-rotation.js';
import type { KmsKey } from '../domain/kms-key.js';
import { promotePendingImportedMaterial } from '../keystore/promote-pending-imported-material.js';
import { rotateKeyMaterial } from '../keystore/rotate-key-material.js';
import type { StoreWriter } from '../storage/repository.js';
import type { OperationContext, OperationHandler } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

/** The handler, told whom to notify of each completed rotation (the audit trail's RotateKey service event). */
export function rotateKeyOnDemandWith(onRotated?: KeyRotationListener<StoreWriter>) {
  return async (ctx: OperationContext, input: RotateKeyOnDemandRequest): Promise<RotateKeyOnDemandResponse> => {
    const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
    await authorizeOnKey(ctx, key);
    // Fail before making material; the checks run again on the key as the transaction reads it.
    assertCanRotateOnDemand(ctx, key);
    if (key.origin === 'EXTERNAL') return rotateImportedKey(ctx, key, onRotated);
    const material = await ctx.keyStores.for(key).newMaterial(key, ctx.now);
    try {
      await changeKey(ctx, key, async (fresh, tx) => {
        assertCanRotateOnDemand(ctx, fresh);
        await rotateKeyMaterial(tx, fresh, material, 'ON_DEMAND', ctx.now, onRotated);
        fresh.onDemandRotationCount += 1;
      });
    } finally {
      material.material?.fill(0);
    }
    return { KeyId: key.arn };
  };
}

export const rotateKeyOnDemand: OperationHandler<'RotateKeyOnDemand'> = rotateKeyOnDemandWith();

/** Imported keys rotate to the material imported as PENDING_ROTATION (NEW_KEY_MATERIAL), never to generated material (4.7). */
async function rotateImportedKey(
  ctx: OperationContext,
  key: KmsKey,
  onRotated: KeyRotationListener<StoreWriter> | undefined,
): Promise<RotateKeyOnDemandResponse> {
  await changeKey(ctx, key, async (fresh, tx) => {
    assertCanRotateOnDemand(ctx, fresh);
    if (!(await promotePendingImportedMaterial(tx, fresh, ctx.now, onRotated))) {
      throw new KMSInvalidStateException(`No available key material pending rotation for the key: ${fresh.arn}.`);
    }
    fresh.onDemandRotationCount += 1;
  });
  return { KeyId: key.arn };
}

/** AWS's order: the key-state table, then the key type, then the quota, then a clash with automatic rotation. */
function assertCanRotateOnDemand(ctx: OperationContext, key: KmsKey): void {
  assertKeyStateAllows(ctx.operation, key);
  assertNotInCustomKeyStore(key);
  assertNotReplica(key);
  // Observed on AWS: asymmetric and HMAC keys get UnsupportedOperationException with no message at all (section 5).
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new UnsupportedOperationException();
  if (key.onDemandRotationCount >= ON_DEMAND_ROTATION_QUOTA) {
    throw new LimitExceededException(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
  }
  // ConflictException while an automatic rotation is in progress (due, not yet done) or due within 20 minutes [D];
  // AWS's message is not known [?].
  const next = key.rotation.enabled ? key.rotation.nextRotationDate : undefined;
  if (next && next.getTime() - ctx.now.getTime() < AUTOMATIC_ROTATION_CONFLICT_WINDOW_MS) {
    throw new ConflictException(
      `An automatic rotation of the key material of ${key.arn} is in progress or scheduled within the next 20 minutes. Try again later.`,
    );
  }
}
