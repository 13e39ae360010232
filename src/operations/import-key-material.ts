// ImportKeyMaterial: opens the import token, unwraps the material with the token's wrapping key, checks it fits the key
// spec, and associates it with the EXTERNAL key, which becomes Enabled once all its material is present (docs 4.4, 4.5).

import type { ExpirationModelType, ImportKeyMaterialRequest, ImportKeyMaterialResponse } from '../api/model.generated.js';
import { ValidationException } from '../api/errors.js';
import { unwrapKeyMaterial } from '../crypto/import-unwrap.js';
import { loadKeyMaterial } from '../crypto/key-material.js';
import { zeroize } from '../crypto/zeroize.js';
import { keyNotFound } from '../domain/identifiers.js';
import { assertExternalOrigin, type KeyMaterialRecord } from '../domain/key-material.js';
import { isPrimary, primaryRegionOf, relatedScope, replicaRegionsOf } from '../domain/multi-region.js';
import { syncReplicas } from '../keystore/sync-replicas.js';
import type { StoreWriter } from '../storage/repository.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import type { KmsKey } from '../domain/kms-key.js';
import { keyMaterialIdOf } from '../keystore/key-material-id.js';
import type { OperationContext } from './context.js';
import { withCryptoErrors } from './steps/crypto-errors.js';
import { assertImportEpoch, openImportToken } from './steps/open-import-token.js';
import { resolveKey } from './steps/resolve-key.js';
import { storeImportedMaterial } from './steps/store-imported-material.js';

const DAY_MS = 86_400_000;
/** ValidTo may be at most 365 days after the request (4.5). */
export const MAX_VALID_TO_DAYS = 365;

export async function importKeyMaterial(ctx: OperationContext, input: ImportKeyMaterialRequest): Promise<ImportKeyMaterialResponse> {
  const expirationModel: ExpirationModelType = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  assertExpiration(ctx.now, expirationModel, input.ValidTo);
  if (input.KeyMaterialId !== undefined && input.ImportType === 'NEW_KEY_MATERIAL') {
    throw new ValidationException('You cannot specify a KeyMaterialId when ImportType is NEW_KEY_MATERIAL.');
  }
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:ImportKeyMaterial',
    resource: key.arn,
    key,
    conditions: {
      'kms:ExpirationModel': input.ExpirationModel,
      'kms:ValidTo': input.ValidTo === undefined ? undefined : Math.floor(input.ValidTo.getTime() / 1000),
    },
  });
  assertCanImport(ctx, key);
  assertSymmetricOnlyParameters(key, input);

  const { wrappingKey, claims } = openImportToken(ctx, key, input.ImportToken);
  let material: Buffer;
  try {
    material = withCryptoErrors(() => unwrapKeyMaterial(wrappingKey, claims.wrappingAlgorithm, input.EncryptedKeyMaterial));
  } finally {
    // An SM2 wrapping key is raw bytes on the heap (RSA ones live in OpenSSL's KeyObject): zero it once used.
    if (wrappingKey.kind === 'sm2') zeroize(wrappingKey.privateKey);
  }
  try {
    // Parsing checks the material against the key spec's requirements (4.4): IncorrectKeyMaterialException otherwise.
    withCryptoErrors(() => loadKeyMaterial(key.keySpec, material));
    const keyMaterialId = keyMaterialIdOf(key.keyId, material);
    await ctx.commit(async (tx) => {
      const fresh = await tx.getKey(key, key.keyId);
      if (!fresh) throw keyNotFound(key, key.keyId);
      assertCanImport(ctx, fresh);
      // Two imports racing with one token: the first moves the epoch on, the second finds its token spent.
      assertImportEpoch(fresh, claims);
      const stored = await storeImportedMaterial(tx, fresh, {
        keyMaterialId,
        material,
        expirationModel,
        ...(input.ValidTo ? { validTo: input.ValidTo } : {}),
        ...(input.ImportType ? { importType: input.ImportType } : {}),
        ...(input.KeyMaterialId ? { requestedKeyMaterialId: input.KeyMaterialId } : {}),
        ...(input.KeyMaterialDescription !== undefined ? { description: input.KeyMaterialDescription } : {}),
        now: ctx.now,
      });
      fresh.importEpoch = (fresh.importEpoch ?? 0) + 1;
      await tx.putKey(fresh);
      await shareWithMultiRegionSet(tx, fresh, stored);
      ctx.audit.responseElements = { keyId: key.arn, keyMaterialId };
    });
    // KeyMaterialId is returned for symmetric encryption keys (4.5).
    return key.keySpec === 'SYMMETRIC_DEFAULT' ? { KeyId: key.arn, KeyMaterialId: keyMaterialId } : { KeyId: key.arn };
  } finally {
    material.fill(0);
  }
}

/**
 * Multi-Region keys (4.8): new material imported into a primary with replicas waits in
 * PENDING_MULTI_REGION_IMPORT_AND_ROTATION, and its id and description reach the replicas; once every replica holds
 * the same bytes, it becomes PENDING_ROTATION on the primary and RotateKeyOnDemand may use it.
 */
async function shareWithMultiRegionSet(tx: StoreWriter, key: KmsKey, stored: KeyMaterialRecord): Promise<void> {
  if (!key.multiRegion) return;
  const primaryScope = relatedScope(key, primaryRegionOf(key));
  const primary = isPrimary(key) ? key : await tx.getKey(primaryScope, key.keyId);
  if (!primary) return;
  if (isPrimary(key) && stored.state === 'PENDING_ROTATION' && replicaRegionsOf(key).length > 0) {
    await tx.putKeyMaterial(key, key.keyId, { ...stored, state: 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION' });
  }
  await syncReplicas(tx, primary);
  const waiting = (await tx.getKeyMaterialSummaries(primaryScope, key.keyId)).find(
    (record) => record.state === 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION',
  );
  if (!waiting) return;
  for (const region of replicaRegionsOf(primary)) {
    const copies = await tx.getKeyMaterialSummaries(relatedScope(key, region), key.keyId);
    if (!copies.some((record) => record.keyMaterialId === waiting.keyMaterialId && record.hasMaterial)) return;
  }
  const record = await tx.getKeyMaterial(primaryScope, key.keyId, waiting.keyMaterialId);
  if (!record) return;
  try {
    await tx.putKeyMaterial(primaryScope, key.keyId, { ...record, state: 'PENDING_ROTATION' });
  } finally {
    record.material?.fill(0);
  }
}

/** Origin EXTERNAL (footnote 9), then the key-state table: PendingDeletion, Creating and Unavailable refuse (1.2). */
function assertCanImport(ctx: OperationContext, key: KmsKey): void {
  assertExternalOrigin(key);
  assertKeyStateAllows(ctx.operation, key);
}

/**
 * ExpirationModel defaults to KEY_MATERIAL_EXPIRES, which needs a ValidTo in the future and at most 365 days ahead;
 * KEY_MATERIAL_DOES_NOT_EXPIRE takes none (4.5). Only the first text is AWS's (observed); the others are ours [?].
 */
export function assertExpiration(now: Date, expirationModel: ExpirationModelType, validTo: Date | undefined): void {
  if (expirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (validTo !== undefined) {
      throw new ValidationException('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    }
    return;
  }
  if (validTo === undefined) throw new ValidationException('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  if (validTo.getTime() <= now.getTime()) throw new ValidationException('ValidTo must be in the future');
  if (validTo.getTime() > now.getTime() + MAX_VALID_TO_DAYS * DAY_MS) {
    throw new ValidationException(`ValidTo must be no more than ${MAX_VALID_TO_DAYS} days after the request`);
  }
}

/** ImportType, KeyMaterialId and KeyMaterialDescription are only for symmetric encryption keys (4.5, A.3). */
function assertSymmetricOnlyParameters(key: KmsKey, input: ImportKeyMaterialRequest): void {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return;
  for (const name of ['ImportType', 'KeyMaterialId', 'KeyMaterialDescription'] as const) {
    if (input[name] !== undefined) {
      throw new ValidationException(`${name} is valid only for symmetric encryption KMS keys; ${key.arn} has KeySpec ${key.keySpec}.`);
    }
  }
}
