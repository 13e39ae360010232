// The steps every cryptographic operation takes in AWS's order: resolve the KeyId (aliases allowed), authorize with
// the request's condition keys, check the key state, check the key usage, then (asymmetric and HMAC keys) fetch the
// key material's handle; symmetric keys ask their KeyStore instead (symmetric-ciphertext.ts).

import type { KeyUsageType } from '../../api/model.generated.js';
import { DryRunOperationException, InvalidKeyUsageException } from '../../api/errors.js';
import type { AsymmetricKeyHandle, SecretKeyHandle } from '../../crypto/key-handle.js';
import { assertKeyStateAllows } from '../../domain/key-state.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { ConditionValue, OperationContext } from '../context.js';
import { withCryptoErrorsAsync } from './crypto-errors.js';
import { resolveKey } from './resolve-key.js';

export interface CryptoRequest {
  action?: string;
  grantTokens?: string[] | undefined;
  encryptionContext?: Record<string, string> | undefined;
  conditions?: Record<string, ConditionValue | undefined>;
}

/** kms:EncryptionContext:<key> and kms:EncryptionContextKeys (docs/kms-behaviour.md 7.3). */
export function encryptionContextConditions(context: Record<string, string> | undefined): Record<string, ConditionValue> {
  const conditions: Record<string, ConditionValue> = {};
  if (!context) return conditions;
  const keys = Object.keys(context);
  if (keys.length > 0) conditions['kms:EncryptionContextKeys'] = keys;
  for (const key of keys) conditions[`kms:EncryptionContext:${key}`] = context[key]!;
  return conditions;
}

export async function authorizeOnKeyForCrypto(ctx: OperationContext, key: KmsKey, request: CryptoRequest, requestAlias?: string) {
  await ctx.authorizer.authorize(ctx, {
    action: request.action ?? `kms:${ctx.operation}`,
    resource: key.arn,
    key,
    conditions: {
      'kms:RequestAlias': requestAlias,
      ...encryptionContextConditions(request.encryptionContext),
      ...request.conditions,
    },
    ...(request.encryptionContext ? { encryptionContext: request.encryptionContext } : {}),
    ...(request.grantTokens ? { grantTokens: request.grantTokens } : {}),
  });
}

/** Resolve, authorize, check state and key usage: the key a cryptographic operation may use. */
export async function keyForCrypto(
  ctx: OperationContext,
  keyId: string,
  usage: KeyUsageType,
  request: CryptoRequest = {},
): Promise<KmsKey> {
  const { key, requestAlias } = await resolveKey(ctx, keyId, { allowAlias: true });
  await authorizeOnKeyForCrypto(ctx, key, request, requestAlias);
  assertUsableFor(ctx, key, usage);
  return key;
}

export function assertUsableFor(ctx: OperationContext, key: KmsKey, usage: KeyUsageType): void {
  assertKeyStateAllows(ctx.operation, key);
  assertKeyUsage(key, usage, ctx.operation);
}

/** `<arn> key usage is <KeyUsage> which is not valid for <Operation>.` (docs/kms-behaviour.md 3.1). */
export function assertKeyUsage(key: KmsKey, usage: KeyUsageType, operation: string): void {
  if (key.keyUsage !== usage) {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  }
}

/**
 * The key pair of an asymmetric key's current material. Asymmetric and HMAC keys exist only in the local key store (as
 * in AWS, custom key stores hold only symmetric encryption keys). Without current material on a usable key the import
 * is incomplete: KMSInvalidStateException, "<arn> is pending import.".
 */
export function asymmetricHandle(ctx: OperationContext, key: KmsKey): Promise<AsymmetricKeyHandle> {
  return withCryptoErrorsAsync(() => ctx.keyStores.local.asymmetricHandle(key));
}

/** The secret of an HMAC key's current material, as asymmetricHandle gives a key pair. */
export function secretHandle(ctx: OperationContext, key: KmsKey): Promise<SecretKeyHandle> {
  return withCryptoErrorsAsync(() => ctx.keyStores.local.secretHandle(key));
}

/** DryRun answers after every check has passed (docs/kms-behaviour.md 3.11). */
export function stopIfDryRun(dryRun: boolean | undefined): void {
  if (dryRun) throw new DryRunOperationException('The request would have succeeded, but the DryRun option is set.');
}

/** Symmetric-key crypto records the key material it used (docs/kms-behaviour.md 9.2). */
export function noteKeyMaterial(ctx: OperationContext, keyMaterialId: string): void {
  ctx.audit.additionalEventData = { ...ctx.audit.additionalEventData, keyMaterialId };
}
