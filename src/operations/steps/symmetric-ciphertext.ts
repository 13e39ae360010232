// Encrypting and decrypting with a symmetric KMS key: the blob names the key and material, so Decrypt and ReEncrypt
// find both without a KeyId; a KeyId that does not match the blob is IncorrectKeyException (docs/kms-behaviour.md 3.2).
// These steps are the same for every key store; the key's KeyStore does the cryptography (keystore/key-store.ts).

import { AccessDeniedException, IncorrectKeyException, ValidationException } from '../../api/errors.js';
import { parseCiphertextBlob, type ParsedCiphertextBlob } from '../../crypto/ciphertext-blob.js';
import type { KmsKey } from '../../domain/kms-key.js';
import { parseKeyReference } from '../../domain/identifiers.js';
import type { Decrypted, Encrypted, KeyStoreCall } from '../../keystore/key-store.js';
import type { OperationContext } from '../context.js';
import { awsErrorOf, withCryptoErrorsAsync } from './crypto-errors.js';
import { assertUsableFor, authorizeOnKeyForCrypto, noteKeyMaterial, type CryptoRequest } from './crypto-key.js';
import { resolveKey, withCustomKeyStoreState } from './resolve-key.js';

export const CIPHERTEXT_NOT_ACCESSIBLE =
  'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.';

/** Encryption context only works with symmetric encryption keys (docs/kms-behaviour.md 3.2, A.3). */
export function assertNoEncryptionContext(key: KmsKey, context: Record<string, string> | undefined): void {
  if (context && Object.keys(context).length > 0) {
    throw new ValidationException(`EncryptionContext is not supported with KMS key ${key.arn} of KeySpec ${key.keySpec}.`);
  }
}

/** Encrypts under the key's current material, in its KeyStore; without current material: "<arn> is pending import.". */
export async function encryptWithSymmetricKey(
  ctx: OperationContext,
  key: KmsKey,
  plaintext: Uint8Array,
  encryptionContext: Record<string, string> | undefined,
): Promise<Encrypted> {
  noteCustomKeyStore(ctx, key);
  const encrypted = await withCryptoErrorsAsync(() => ctx.keyStores.for(key).encrypt(key, plaintext, encryptionContext, keyStoreCall(ctx)));
  noteKeyMaterial(ctx, encrypted.keyMaterialId);
  return encrypted;
}

export function parseBlob(blob: Uint8Array): ParsedCiphertextBlob {
  try {
    return parseCiphertextBlob(blob);
  } catch (error) {
    throw awsErrorOf(error);
  }
}

/**
 * The key a symmetric ciphertext was made with. With a KeyId, it must name the same key as the blob; without one,
 * the blob's own key is used, in its account (cross-account use needs permission there).
 */
export async function keyOfBlob(
  ctx: OperationContext,
  blob: ParsedCiphertextBlob,
  keyId: string | undefined,
): Promise<{ key: KmsKey; requestAlias?: string }> {
  if (keyId !== undefined) {
    const resolved = await resolveKey(ctx, keyId, { allowAlias: true });
    if (resolved.key.keyId !== blob.keyId || resolved.key.accountId !== blob.accountId) {
      throw new IncorrectKeyException('The key ID in the request does not identify a CMK that can perform this operation.');
    }
    return resolved;
  }
  const scope = { accountId: blob.accountId, region: ctx.region };
  parseKeyReference(blob.keyId, scope, { allowAlias: false });
  const stored = await ctx.store.getKey(scope, blob.keyId);
  if (!stored) throw new AccessDeniedException(CIPHERTEXT_NOT_ACCESSIBLE);
  const key = await withCustomKeyStoreState(ctx, stored);
  ctx.audit.resources.push(key);
  return { key };
}

/** Decrypts with the material the blob names, in the key's KeyStore; whatever does not open is InvalidCiphertextException. */
export async function decryptWithSymmetricKey(
  ctx: OperationContext,
  key: KmsKey,
  blob: ParsedCiphertextBlob,
  encryptionContext: Record<string, string> | undefined,
): Promise<Decrypted> {
  noteCustomKeyStore(ctx, key);
  const decrypted = await withCryptoErrorsAsync(() => ctx.keyStores.for(key).decrypt(key, blob, encryptionContext, keyStoreCall(ctx)));
  noteKeyMaterial(ctx, decrypted.keyMaterialId);
  return decrypted;
}

/**
 * Decrypt's and ReEncrypt's path for a symmetric ciphertext: find the blob's key (checking a KeyId against it),
 * authorize, check state and usage, decrypt with the material the blob names. Without a KeyId the caller named no
 * key, so a denial does not confirm that the blob's key exists (docs/kms-behaviour.md 7.2).
 */
export async function openSymmetricCiphertext(
  ctx: OperationContext,
  ciphertext: Uint8Array,
  keyId: string | undefined,
  request: CryptoRequest,
): Promise<{ key: KmsKey; plaintext: Buffer; keyMaterialId: string }> {
  const blob = parseBlob(ciphertext);
  const { key, requestAlias } = await keyOfBlob(ctx, blob, keyId);
  try {
    await authorizeOnKeyForCrypto(ctx, key, request, requestAlias);
  } catch (error) {
    if (keyId === undefined && error instanceof AccessDeniedException) throw new AccessDeniedException(CIPHERTEXT_NOT_ACCESSIBLE);
    throw error;
  }
  assertUsableFor(ctx, key, 'ENCRYPT_DECRYPT');
  const { plaintext, keyMaterialId } = await decryptWithSymmetricKey(ctx, key, blob, request.encryptionContext);
  return { key, plaintext, keyMaterialId };
}

/** What a key store that calls out (an XKS proxy) passes on as the request's metadata. */
function keyStoreCall(ctx: OperationContext): KeyStoreCall {
  return { operation: ctx.operation, requestId: ctx.requestId, principalArn: ctx.caller.arn };
}

/** Crypto records on keys in a custom key store name the store and the external key (docs/kms-behaviour.md 9.2). */
function noteCustomKeyStore(ctx: OperationContext, key: KmsKey): void {
  if (key.customKeyStoreId === undefined) return;
  ctx.audit.additionalEventData = {
    ...ctx.audit.additionalEventData,
    customKeyStoreId: key.customKeyStoreId,
    ...(key.xksKeyId !== undefined ? { xksKeyId: key.xksKeyId } : {}),
  };
}
