// What each API does once its request is routed, authenticated and valid, in the spec's order: the key (404
// KeyNotFoundException), its state (400 InvalidStateException), its usage (400 InvalidKeyUsageException), then the
// cryptography. Encrypt draws a fresh 12-byte IV, binds AAD and metadata (gcm-framing.ts) and, when the CDIV is asked
// for, computes it before a verifying decrypt of its own output, as the spec orders.

import { timingSafeEqual } from 'node:crypto';
import { pooledRandomBytes } from '../../crypto/random-pool.js';
import { zeroize } from '../../crypto/zeroize.js';
import type { DecryptResponse, EncryptResponse, HealthStatusResponse, KeyMetadataResponse } from '../wire.js';
import { CIPHERTEXT_METADATA_V1, ciphertextDataIntegrityValue, gcmAad, IV_BYTES, TAG_BYTES } from './gcm-framing.js';
import type { HealthCheck } from './health-check.js';
import { KeyBackendError, type ExternalKey, type KeyBackend, type KeyUse } from './key-backend.js';
import { XksProxyError } from './proxy-error.js';
import type { ValidatedRequest } from './request-body.js';

export type XksResponse = HealthStatusResponse | KeyMetadataResponse | EncryptResponse | DecryptResponse;

export interface Handled {
  response: XksResponse;
  /** Buffers behind the response (plaintexts) to zero once it is written. */
  sensitive: Buffer[];
}

export async function handleXksRequest(
  request: ValidatedRequest,
  externalKeyId: string | undefined,
  backend: KeyBackend,
  health: HealthCheck,
): Promise<Handled> {
  if (request.api === 'GetHealthStatus') return { response: await health.status(), sensitive: [] };
  const key = await backendCall(() => backend.findKey(externalKeyId!));
  if (key === undefined) throw new XksProxyError('KeyNotFoundException', `no external key ${externalKeyId}`);
  switch (request.api) {
    case 'GetKeyMetadata':
      return {
        response: { keySpec: key.keySpec ?? 'AES_256', keyUsage: (['ENCRYPT', 'DECRYPT'] as const).filter((use) => key.usage.has(use)), keyStatus: key.enabled ? 'ENABLED' : 'DISABLED' },
        sensitive: [],
      };
    case 'Encrypt':
      requireUsable(key, request.integrityValue ? ['ENCRYPT', 'DECRYPT'] : ['ENCRYPT']);
      return encrypt(key, request.plaintext, request.aad, request.integrityValue);
    case 'Decrypt': {
      requireUsable(key, ['DECRYPT']);
      const { iv, tag, ciphertext, aad, ciphertextMetadata } = request;
      // Only this proxy's own output can decrypt: 12-byte IVs, 16-byte tags, metadata naming framing version 1.
      if (iv.length !== IV_BYTES) throw invalidCiphertext(`the initialization vector is ${iv.length} bytes, not ${IV_BYTES}`);
      if (tag.length !== TAG_BYTES) throw invalidCiphertext(`the authentication tag is ${tag.length} bytes, not ${TAG_BYTES}`);
      if (ciphertextMetadata === undefined || !ciphertextMetadata.equals(CIPHERTEXT_METADATA_V1)) {
        throw invalidCiphertext('the ciphertext metadata is not what this proxy returned at encrypt');
      }
      const plaintext = await backendCall(() => key.decrypt(iv, ciphertext, tag, gcmAad(aad, ciphertextMetadata)));
      return { response: { plaintext: plaintext.toString('base64') }, sensitive: [plaintext] };
    }
  }
}

/** A key disabled in the proxy is InvalidStateException; one without the needed use is InvalidKeyUsageException. */
function requireUsable(key: ExternalKey, uses: readonly KeyUse[]): void {
  if (!key.enabled) throw new XksProxyError('InvalidStateException', `the external key ${key.id} is disabled`);
  if ((key.keySpec ?? 'AES_256') !== 'AES_256') throw new XksProxyError('InvalidKeyUsageException', `the external key ${key.id} is ${key.keySpec}, not AES_256`);
  for (const use of uses) {
    if (!key.usage.has(use)) {
      const why = use === 'DECRYPT' && uses.length === 2 ? ' (a ciphertext data integrity value needs a verifying decrypt)' : '';
      throw new XksProxyError('InvalidKeyUsageException', `the external key ${key.id} does not allow ${use}${why}`);
    }
  }
}

async function encrypt(key: ExternalKey, plaintext: Buffer, aad: Buffer, integrityValue: boolean): Promise<Handled> {
  // A fresh IV per encrypt, cut from the CSPRNG's pool (crypto/random-pool.ts): one OpenSSL call serves ~340 of them.
  const iv = pooledRandomBytes(IV_BYTES);
  const metadata = CIPHERTEXT_METADATA_V1;
  const framedAad = gcmAad(aad, metadata);
  const { ciphertext, tag } = await backendCall(() => key.encrypt(iv, plaintext, framedAad));
  const response: EncryptResponse = {
    ciphertext: ciphertext.toString('base64'),
    initializationVector: iv.toString('base64'),
    authenticationTag: tag.toString('base64'),
    ciphertextMetadata: metadata.toString('base64'),
  };
  if (integrityValue) {
    response.ciphertextDataIntegrityValue = ciphertextDataIntegrityValue(aad, metadata, iv, ciphertext, tag).toString('base64');
    const check = await backendCall(() => key.decrypt(iv, ciphertext, tag, framedAad));
    const same = check.length === plaintext.length && timingSafeEqual(check, plaintext);
    zeroize(check);
    if (!same) throw new XksProxyError('InternalException', 'the verifying decrypt did not give back the plaintext');
  }
  zeroize(plaintext);
  return { response, sensitive: [] };
}

/** A backend's own failures as the spec's errors; anything else escapes as a bug (InternalException, logged). */
async function backendCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof KeyBackendError)) throw error;
    switch (error.failure) {
      case 'bad-ciphertext':
        throw invalidCiphertext('the ciphertext, IV, tag, AAD or metadata does not authenticate under this key');
      case 'busy':
        throw new XksProxyError('ThrottlingException', 'every key manager session is busy; retry');
      case 'timeout':
        throw new XksProxyError('DependencyTimeoutException', 'the key manager did not answer in time');
      case 'key-usage':
        throw new XksProxyError('InvalidKeyUsageException', error.message);
      case 'unavailable':
        throw new XksProxyError('InternalException', `the key manager failed: ${error.message}`);
    }
  }
}

function invalidCiphertext(message: string): XksProxyError {
  return new XksProxyError('InvalidCiphertextException', message);
}
