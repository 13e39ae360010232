// The common shape of a state-changing key operation: inside its one transaction, read the key afresh, check that its
// state allows the operation (the key-state table), change it, and write it back.

import { keyNotFound } from '../../domain/identifiers.js';
import { assertKeyStateAllows } from '../../domain/key-state.js';
import type { KmsKey } from '../../domain/kms-key.js';
import { syncReplicas } from '../../keystore/sync-replicas.js';
import type { StoreWriter } from '../../storage/repository.js';
import type { OperationContext } from '../context.js';

export async function changeKey(
  ctx: OperationContext,
  key: KmsKey,
  change: (fresh: KmsKey, tx: StoreWriter) => void | Promise<void>,
): Promise<KmsKey> {
  return ctx.commit(async (tx) => {
    const fresh = await tx.getKey(key, key.keyId);
    if (!fresh) throw keyNotFound(key, key.keyId);
    assertKeyStateAllows(ctx.operation, fresh);
    await change(fresh, tx);
    await tx.putKey(fresh);
    // A primary's shared properties (rotation, material) reach its replicas in the same commit (kms-behaviour.md 10).
    await syncReplicas(tx, fresh);
    return fresh;
  });
}

/** Resolve-authorize-check, the first steps every operation on one key takes, for management operations (no aliases). */
export async function authorizeOnKey(ctx: OperationContext, key: KmsKey, action = `kms:${ctx.operation}`): Promise<void> {
  await ctx.authorizer.authorize(ctx, { action, resource: key.arn, key });
}
