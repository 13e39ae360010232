// CreateKey: checks the parameters in AWS's order, authorizes, makes key material (origin AWS_KMS) outside the
// transaction, then stores key and material in one commit. docs/kms-behaviour.md section 2.

import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateKeyRequest, CreateKeyResponse, KeySpec, KeyUsageType, OriginType } from '../api/model.generated.js';
import { UnsupportedOperationException, ValidationException } from '../api/errors.js';
import { allowedKeyUsages, isImportable } from '../domain/key-spec.js';
import { keyMetadata, newKmsKey } from '../domain/kms-key.js';
import { assertValidTagRequest } from '../domain/tags.js';
import { assertAvailableInRegion } from '../domain/region-availability.js';
import type { OperationContext } from './context.js';
import { customKeyStoreNotFound, withCryptoErrorsAsync } from './steps/crypto-errors.js';
import { assertExternalKeyFree, checkExternalKey } from './steps/external-key.js';
import { checkKeyPolicy } from './steps/check-key-policy.js';
import { tagConditions } from './steps/tag-conditions.js';

export async function createKey(ctx: OperationContext, input: CreateKeyRequest): Promise<CreateKeyResponse> {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined) {
    throw new ValidationException(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
  }
  const keySpec: KeySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  // SM2 keys exist only in the China Regions (kms-behaviour.md 2.2); the deprecated CustomerMasterKeySpec means the same.
  assertAvailableInRegion(ctx.region, 'KeySpec', keySpec);
  const keyUsage = chooseKeyUsage(keySpec, input.KeyUsage);
  const origin: OriginType = input.Origin ?? 'AWS_KMS';
  const multiRegion = input.MultiRegion ?? false;
  assertOriginFits(keySpec, keyUsage, origin, input, multiRegion);
  const tags = input.Tags ?? [];
  assertValidTagRequest(tags);

  await ctx.authorizer.authorize(ctx, {
    action: 'kms:CreateKey',
    resource: '*',
    conditions: {
      'kms:KeySpec': keySpec,
      'kms:CustomerMasterKeySpec': keySpec,
      'kms:KeyUsage': keyUsage,
      'kms:CustomerMasterKeyUsage': keyUsage,
      'kms:KeyOrigin': origin,
      'kms:MultiRegion': multiRegion,
      'kms:MultiRegionKeyType': multiRegion ? 'PRIMARY' : undefined,
      'kms:BypassPolicyLockoutSafetyCheck': input.BypassPolicyLockoutSafetyCheck,
      ...tagConditions(tags),
    },
  });
  // Tagging at creation also needs kms:TagResource in an IAM policy (kms-behaviour.md 6.2).
  if (tags.length > 0) {
    await ctx.authorizer.authorize(ctx, { action: 'kms:TagResource', resource: '*', conditions: tagConditions(tags) });
  }

  const keyId = multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID();
  const key = newKmsKey({
    accountId: ctx.accountId,
    region: ctx.region,
    keyId,
    creationDate: ctx.now,
    keySpec,
    keyUsage,
    origin,
    description: input.Description,
    policy: input.Policy,
    tags,
  });
  // A given policy is validated (principals, lockout) for the key it will belong to (kms-behaviour.md 2.6).
  if (input.Policy !== undefined) await checkKeyPolicy(ctx, input.Policy, key, input.BypassPolicyLockoutSafetyCheck);
  if (origin === 'EXTERNAL_KEY_STORE') {
    key.customKeyStoreId = input.CustomKeyStoreId!;
    key.xksKeyId = input.XksKeyId!;
    await checkExternalKey(ctx, key.customKeyStoreId, key.xksKeyId);
  }
  // Key pairs are admitted by the server's limits (ThrottlingException beyond them), before anything is written. A key
  // in an external key store has its own KMS material too: the inner layer of its double encryption.
  const material =
    origin === 'AWS_KMS' || origin === 'EXTERNAL_KEY_STORE' ? await withCryptoErrorsAsync(() => ctx.keyStores.for(key).newMaterial(key, ctx.now)) : undefined;
  if (material) key.currentKeyMaterialId = material.keyMaterialId;
  ctx.audit.resources.push(key);

  try {
    await ctx.commit(async (tx) => {
      if (origin === 'EXTERNAL_KEY_STORE') await assertExternalKeyFree(ctx, key.customKeyStoreId!, key.xksKeyId!, tx);
      await tx.putKey(key);
      if (material) await tx.putKeyMaterial(key, keyId, material);
    });
  } finally {
    material?.material?.fill(0);
  }
  return { KeyMetadata: keyMetadata(key) };
}

/** KeyUsage may be omitted only for symmetric encryption keys (kms-behaviour.md 2.2). */
function chooseKeyUsage(keySpec: KeySpec, keyUsage: KeyUsageType | undefined): KeyUsageType {
  if (keyUsage === undefined) {
    if (keySpec !== 'SYMMETRIC_DEFAULT') {
      throw new ValidationException('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    return 'ENCRYPT_DECRYPT';
  }
  if (!allowedKeyUsages(keySpec).includes(keyUsage)) {
    throw new ValidationException(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
  }
  return keyUsage;
}

/** Origin x KeySpec, custom key stores and multi-Region rules (kms-behaviour.md 2.3). */
function assertOriginFits(keySpec: KeySpec, keyUsage: KeyUsageType, origin: OriginType, input: CreateKeyRequest, multiRegion: boolean): void {
  if (input.XksKeyId !== undefined && origin !== 'EXTERNAL_KEY_STORE') {
    throw new ValidationException('XksKeyId is valid only for KMS keys with an Origin value of EXTERNAL_KEY_STORE.');
  }
  if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
    if (input.CustomKeyStoreId === undefined) {
      throw new ValidationException(`A CustomKeyStoreId is required for KMS keys with an Origin value of ${origin}.`);
    }
    if (origin === 'EXTERNAL_KEY_STORE' && input.XksKeyId === undefined) {
      throw new ValidationException('An XksKeyId is required for KMS keys with an Origin value of EXTERNAL_KEY_STORE.');
    }
  }
  if (input.CustomKeyStoreId !== undefined) {
    if (multiRegion) throw new ValidationException('You cannot create a multi-Region key in a custom key store.');
    if (keySpec !== 'SYMMETRIC_DEFAULT') {
      throw new UnsupportedOperationException(`KeySpec ${keySpec} is not supported for KMS keys in a custom key store.`);
    }
    if (keyUsage !== 'ENCRYPT_DECRYPT') {
      throw new UnsupportedOperationException(`KeyUsage ${keyUsage} is not supported for KMS keys in a custom key store.`);
    }
    // openkms hosts external key stores only: a CloudHSM key store id (or one with another origin) is unknown here.
    if (origin !== 'EXTERNAL_KEY_STORE') throw customKeyStoreNotFound(input.CustomKeyStoreId);
  }
  if (origin === 'EXTERNAL' && !isImportable(keySpec)) {
    throw new UnsupportedOperationException(`KeySpec ${keySpec} does not support Origin EXTERNAL: importing its key material is not supported.`);
  }
}
