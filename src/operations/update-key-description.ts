// UpdateKeyDescription: replaces the description (0-8192 characters, a model constraint); refused while pending deletion.

import type { UpdateKeyDescriptionRequest } from '../api/model.generated.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey, changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function updateKeyDescription(ctx: OperationContext, input: UpdateKeyDescriptionRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  await changeKey(ctx, key, (fresh) => {
    fresh.description = input.Description;
  });
}
