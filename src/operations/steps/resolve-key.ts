// Finding the key a KeyId names — key id, key ARN, alias name or alias ARN — in the caller's (or the ARN's) account,
// with AWS's NotFoundException texts (docs/kms-behaviour.md section 0).

import type { KmsKey } from '../../domain/kms-key.js';
import { aliasNotFound, keyNotFound, parseKeyReference } from '../../domain/identifiers.js';
import type { StoreReader } from '../../storage/repository.js';
import type { OperationContext } from '../context.js';

export interface ResolvedKey {
  key: KmsKey;
  /** The alias name the request used, for kms:RequestAlias (kms-behaviour.md 7.3). */
  requestAlias?: string;
}

/**
 * Resolves `keyId` for an operation. Management operations accept only key ids and key ARNs (`allowAlias: false`);
 * cryptographic operations and DescribeKey also accept alias names and alias ARNs.
 */
export async function resolveKey(
  ctx: OperationContext,
  keyId: string,
  options: { allowAlias: boolean },
  reader: StoreReader = ctx.store,
): Promise<ResolvedKey> {
  const reference = parseKeyReference(keyId, ctx, options);
  if (reference.kind === 'alias') {
    const alias = await reader.getAlias(reference.scope, reference.aliasName);
    if (!alias) throw aliasNotFound(reference.scope, reference.aliasName);
    const stored = await reader.getKey(reference.scope, alias.targetKeyId);
    if (!stored) throw keyNotFound(reference.scope, alias.targetKeyId);
    const key = await withCustomKeyStoreState(ctx, stored, reader);
    ctx.audit.resources.push(key);
    return { key, requestAlias: reference.aliasName };
  }
  const stored = await reader.getKey(reference.scope, reference.keyId);
  if (!stored) throw keyNotFound(reference.scope, reference.keyId);
  const key = await withCustomKeyStoreState(ctx, stored, reader);
  ctx.audit.resources.push(key);
  return { key };
}

/**
 * A key in a custom key store is Unavailable while its store is not connected, except while it is pending deletion,
 * and returns to its own state when the store connects (docs/kms-behaviour.md 1.1). The stored state is kept: state
 * changes (changeKey) read the key afresh, so EnableKey and DisableKey still take effect once the store is back.
 */
export async function withCustomKeyStoreState(ctx: OperationContext, key: KmsKey, reader: StoreReader = ctx.store): Promise<KmsKey> {
  if (key.customKeyStoreId === undefined || key.keyState === 'PendingDeletion') return key;
  const store = await reader.getCustomKeyStore(key, key.customKeyStoreId);
  return store?.connectionState === 'CONNECTED' ? key : { ...key, keyState: 'Unavailable' };
}
