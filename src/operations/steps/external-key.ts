// CreateKey's checks of an external key (Origin EXTERNAL_KEY_STORE): the custom key store exists and is CONNECTED, no
// KMS key of the store uses the XksKeyId yet, and the proxy's GetKeyMetadata says AES_256, ENABLED, ENCRYPT and
// DECRYPT (https://docs.aws.amazon.com/kms/latest/developerguide/create-xks-keys.html).

import { CustomKeyStoreInvalidStateException, XksKeyAlreadyInUseException, XksKeyInvalidConfigurationException } from '../../api/errors.js';
import type { StoreReader } from '../../storage/repository.js';
import { XksCallError } from '../../xks/client/xks-call-error.js';
import type { OperationContext } from '../context.js';
import { findCustomKeyStore, xksConnections } from './custom-key-store.js';
import { XKS_MESSAGES, xksCreateKeyError } from './xks-proxy-errors.js';

export async function checkExternalKey(ctx: OperationContext, customKeyStoreId: string, xksKeyId: string): Promise<void> {
  const connections = xksConnections(ctx);
  const record = await assertExternalKeyFree(ctx, customKeyStoreId, xksKeyId);
  let metadata;
  try {
    metadata = await connections.getKeyMetadata(record, xksKeyId, { awsPrincipalArn: ctx.caller.arn, kmsOperation: 'CreateKey', kmsRequestId: ctx.requestId });
  } catch (error) {
    if (error instanceof XksCallError) throw xksCreateKeyError(error.failure);
    throw error;
  }
  if (metadata.keySpec !== 'AES_256') {
    throw new XksKeyInvalidConfigurationException(`The external key ${xksKeyId} has key spec ${metadata.keySpec}. A KMS key in an external key store needs an AES_256 external key.`);
  }
  if (metadata.keyStatus !== 'ENABLED') throw new XksKeyInvalidConfigurationException(XKS_MESSAGES.keyNotEnabled);
  if (!metadata.keyUsage.includes('ENCRYPT') || !metadata.keyUsage.includes('DECRYPT')) {
    throw new XksKeyInvalidConfigurationException(`The external key ${xksKeyId} must allow both ENCRYPT and DECRYPT; it allows ${metadata.keyUsage.join(', ') || 'neither'}.`);
  }
}

/** The store is CONNECTED and no KMS key in it (pending deletion included) uses the external key id. */
export async function assertExternalKeyFree(ctx: OperationContext, customKeyStoreId: string, xksKeyId: string, reader: StoreReader = ctx.store) {
  const record = await findCustomKeyStore(ctx, customKeyStoreId, reader);
  if (record.connectionState !== 'CONNECTED') throw new CustomKeyStoreInvalidStateException(XKS_MESSAGES.notConnected);
  if ((await reader.keysInCustomKeyStore(ctx, customKeyStoreId)).some((key) => key.xksKeyId === xksKeyId)) {
    throw new XksKeyAlreadyInUseException(`The external key ${xksKeyId} is already associated with a KMS key in custom key store ${customKeyStoreId}.`);
  }
  return record;
}
