// GetHealthStatus: a deep check that encrypts and decrypts on the backend's dedicated health key (never a key a KMS
// key names, so the key manager's logs show no crypto without a CloudTrail record behind it). The result is cached
// for a few seconds, well inside the 60 s the spec allows, and concurrent requests share one check in flight.

import { randomBytes } from 'node:crypto';
import type { EkmHealthStatus, HealthStatusResponse } from '../wire.js';
import { CIPHERTEXT_METADATA_V1, gcmAad, IV_BYTES } from './gcm-framing.js';
import { KeyBackendError, type KeyBackend } from './key-backend.js';

export const HEALTH_CACHE_MS = 10_000;

export interface HealthCheck {
  status(): Promise<HealthStatusResponse>;
}

export function healthCheck(backend: KeyBackend, proxyModel: string, now: () => number = Date.now): HealthCheck {
  let cached: { at: number; status: EkmHealthStatus } | undefined;
  let running: Promise<EkmHealthStatus> | undefined;
  const answer = (status: EkmHealthStatus): HealthStatusResponse => ({
    xksProxyFleetSize: 1,
    xksProxyVendor: 'openkms',
    xksProxyModel: proxyModel,
    ekmVendor: backend.ekmVendor,
    ekmFleetDetails: [{ id: 'ekm-1', model: backend.ekmModel, healthStatus: status }],
  });
  return {
    async status() {
      if (cached !== undefined && now() - cached.at < HEALTH_CACHE_MS) return answer(cached.status);
      running ??= deepCheck(backend).finally(() => {
        running = undefined;
      });
      const status = await running;
      cached = { at: now(), status };
      return answer(status);
    },
  };
}

/** ACTIVE when the round trip works; DEGRADED when every session is busy (serving, but at its limit); else UNAVAILABLE. */
async function deepCheck(backend: KeyBackend): Promise<EkmHealthStatus> {
  try {
    const key = await backend.healthKey();
    const plaintext = randomBytes(32);
    const iv = randomBytes(IV_BYTES);
    const aad = gcmAad(Buffer.from('openkms xks-proxy health check'), CIPHERTEXT_METADATA_V1);
    const { ciphertext, tag } = await key.encrypt(iv, plaintext, aad);
    const back = await key.decrypt(iv, ciphertext, tag, aad);
    return back.equals(plaintext) ? 'ACTIVE' : 'UNAVAILABLE';
  } catch (error) {
    return error instanceof KeyBackendError && error.failure === 'busy' ? 'DEGRADED' : 'UNAVAILABLE';
  }
}
