// DeleteCustomKeyStore: only a DISCONNECTED store that holds no KMS key, pending deletion included (the model's
// CustomKeyStoreHasCMKsException text). The proxy and its external keys are never touched.

import type { DeleteCustomKeyStoreRequest, DeleteCustomKeyStoreResponse } from '../api/model.generated.js';
import { CustomKeyStoreHasCMKsException, CustomKeyStoreInvalidStateException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { authorizeCustomKeyStoreAction, findCustomKeyStore } from './steps/custom-key-store.js';

export async function deleteCustomKeyStore(ctx: OperationContext, input: DeleteCustomKeyStoreRequest): Promise<DeleteCustomKeyStoreResponse> {
  await authorizeCustomKeyStoreAction(ctx);
  await ctx.commit(async (tx) => {
    const record = await findCustomKeyStore(ctx, input.CustomKeyStoreId, tx);
    if (record.connectionState !== 'DISCONNECTED') {
      throw new CustomKeyStoreInvalidStateException(`Custom key store '${record.customKeyStoreId}' is ${record.connectionState}. Disconnect it before you delete it.`);
    }
    if ((await tx.keysInCustomKeyStore(ctx, record.customKeyStoreId)).length > 0) {
      throw new CustomKeyStoreHasCMKsException(
        `Custom key store '${record.customKeyStoreId}' contains KMS keys. Use ScheduleKeyDeletion to delete them; after they are deleted, you can delete the custom key store.`,
      );
    }
    await tx.deleteCustomKeyStore(ctx, record.customKeyStoreId);
  });
  return {};
}
