// DisableKeyRotation: turns off automatic rotation; the current key material stays current and the scheduled
// RotateKey job is dropped (docs/kms-behaviour.md section 5).

import type { DisableKeyRotationRequest } from '../api/model.generated.js';
import { assertAutomaticRotationSupported, assertNotReplica } from '../domain/key-rotation.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function disableKeyRotation(ctx: OperationContext, input: DisableKeyRotationRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  await changeKey(ctx, key, async (fresh, tx) => {
    assertAutomaticRotationSupported(fresh);
    assertNotReplica(fresh);
    // The period goes too: GetKeyRotationStatus then answers only {KeyId, KeyRotationEnabled: false} (section 5), and
    // a later EnableKeyRotation without a period starts again from the default. An on-demand rotation is not touched.
    const { onDemandStartDate } = fresh.rotation;
    fresh.rotation = onDemandStartDate ? { enabled: false, onDemandStartDate } : { enabled: false };
    await tx.deleteJobs(fresh, fresh.keyId, 'RotateKey');
  });
}
