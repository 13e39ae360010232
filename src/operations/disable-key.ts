// DisableKey: Enabled (or Disabled) → Disabled; refused while pending deletion or import (key-state table).

import type { DisableKeyRequest } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function disableKey(ctx: OperationContext, input: DisableKeyRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  await changeKey(ctx, key, (fresh) => {
    fresh.keyState = 'Disabled';
  });
  ctx.audit.responseElements = { keyId: key.arn };
}
