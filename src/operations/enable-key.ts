// EnableKey: Disabled (or Enabled) → Enabled; refused while pending deletion or import (key-state table).

import type { EnableKeyRequest } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function enableKey(ctx: OperationContext, input: EnableKeyRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  await changeKey(ctx, key, (fresh) => {
    fresh.keyState = 'Enabled';
  });
  ctx.audit.responseElements = { keyId: key.arn };
}
