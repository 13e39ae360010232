// DisconnectCustomKeyStore: CONNECTED, CONNECTING or FAILED → DISCONNECTED (its keys become Unavailable); a store
// already DISCONNECTED or DISCONNECTING is refused. The proxy is not called.

import type { DisconnectCustomKeyStoreRequest, DisconnectCustomKeyStoreResponse } from '../api/model.generated.js';
import { CustomKeyStoreInvalidStateException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { authorizeCustomKeyStoreAction, findCustomKeyStore } from './steps/custom-key-store.js';

export async function disconnectCustomKeyStore(ctx: OperationContext, input: DisconnectCustomKeyStoreRequest): Promise<DisconnectCustomKeyStoreResponse> {
  await authorizeCustomKeyStoreAction(ctx);
  await ctx.commit(async (tx) => {
    const record = await findCustomKeyStore(ctx, input.CustomKeyStoreId, tx);
    if (record.connectionState === 'DISCONNECTED' || record.connectionState === 'DISCONNECTING') {
      throw new CustomKeyStoreInvalidStateException(`Custom key store '${record.customKeyStoreId}' is already ${record.connectionState}.`);
    }
    const { connectionErrorCode: _cleared, ...rest } = record;
    await tx.putCustomKeyStore({ ...rest, connectionState: 'DISCONNECTED' });
  });
  return {};
}
