// ConnectCustomKeyStore: asynchronous, as AWS's. A DISCONNECTED store becomes CONNECTING and the call returns at
// once; the proxy's health check then makes it CONNECTED, or FAILED with a ConnectionErrorCode. Connecting a store
// that is CONNECTED or CONNECTING succeeds without effect; a FAILED one must be disconnected first, a DISCONNECTING
// one cannot connect (the model's CustomKeyStoreInvalidStateException text).

import type { ConnectCustomKeyStoreRequest, ConnectCustomKeyStoreResponse } from '../api/model.generated.js';
import { CustomKeyStoreInvalidStateException } from '../api/errors.js';
import type { OperationContext } from './context.js';
import { authorizeCustomKeyStoreAction, findCustomKeyStore, xksConnections } from './steps/custom-key-store.js';

export async function connectCustomKeyStore(ctx: OperationContext, input: ConnectCustomKeyStoreRequest): Promise<ConnectCustomKeyStoreResponse> {
  await authorizeCustomKeyStoreAction(ctx);
  const connections = xksConnections(ctx);
  const started = await ctx.commit(async (tx) => {
    const record = await findCustomKeyStore(ctx, input.CustomKeyStoreId, tx);
    if (record.connectionState === 'FAILED' || record.connectionState === 'DISCONNECTING') {
      throw new CustomKeyStoreInvalidStateException(
        `Custom key store '${record.customKeyStoreId}' is ${record.connectionState}. ${
          record.connectionState === 'FAILED' ? 'Disconnect it, fix the problem its ConnectionErrorCode names, then connect it again.' : 'Wait until it is DISCONNECTED, then connect it.'
        }`,
      );
    }
    if (record.connectionState !== 'DISCONNECTED') return false;
    await tx.putCustomKeyStore({ ...record, connectionState: 'CONNECTING' });
    return true;
  });
  if (started) connections.connect(ctx, input.CustomKeyStoreId, ctx.requestId);
  return {};
}
