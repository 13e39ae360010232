// `openkms xks-proxy keys ... --pkcs11-module ...`: the same commands as for the local key file, on a PKCS#11 token.
// Keys are made on the token (sensitive, never extractable); disable and enable change the proxy's own list of
// disabled labels in its data directory, since PKCS#11 has no such state.

import { join } from 'node:path';
import { EXTERNAL_KEY_ID_PATTERN } from '../wire.js';
import { withFileLock, writeDurably } from './durable-file.js';
import type { KeyUse } from './key-backend.js';
import type { KeySummary } from './local-key-admin.js';
import { DISABLED_FILE, findTokenKeys, generateTokenKey, HEALTH_KEY_LABEL, readDisabledLabels } from './pkcs11-keys.js';
import type { Pkcs11SessionPool } from './pkcs11-session-pool.js';

export class TokenKeyError extends Error {
  override readonly name = 'TokenKeyError';
}

export function createTokenKey(pool: Pkcs11SessionPool, dataDir: string, keyId: string, usage: KeyUse[]): KeySummary {
  if (!EXTERNAL_KEY_ID_PATTERN.test(keyId)) throw new TokenKeyError('a key id is 1-128 characters of A-Z a-z 0-9 . _ -');
  if (keyId === HEALTH_KEY_LABEL) throw new TokenKeyError(`${HEALTH_KEY_LABEL} is the proxy's health-check key`);
  pool.withAdminSession((module, session) => {
    if (findTokenKeys(module, session, keyId).length > 0) throw new TokenKeyError(`the token holds a key labelled ${keyId} already`);
    generateTokenKey(module, session, keyId, usage);
  });
  return summary(keyId, 'AES_256', usage, readDisabledLabels(dataDir));
}

export function listTokenKeys(pool: Pkcs11SessionPool, dataDir: string): KeySummary[] {
  const disabled = readDisabledLabels(dataDir);
  return pool
    .withAdminSession((module, session) => findTokenKeys(module, session))
    .filter((key) => key.label !== HEALTH_KEY_LABEL)
    .map((key) => summary(key.label, key.keySpec, (['ENCRYPT', 'DECRYPT'] as const).filter((use) => key.usage.has(use)), disabled))
    .sort((a, b) => a.KeyId.localeCompare(b.KeyId));
}

export function setTokenKeyStatus(pool: Pkcs11SessionPool, dataDir: string, keyId: string, status: 'ENABLED' | 'DISABLED'): KeySummary {
  const keys = pool.withAdminSession((module, session) => findTokenKeys(module, session, keyId));
  if (keys.length !== 1 || keyId === HEALTH_KEY_LABEL) throw new TokenKeyError(keys.length > 1 ? `the token holds ${keys.length} keys labelled ${keyId}` : `no key ${keyId} on the token`);
  const disabled = withFileLock(join(dataDir, 'xks-pkcs11-disabled.lock'), () => {
    const labels = readDisabledLabels(dataDir);
    if (status === 'DISABLED') labels.add(keyId);
    else labels.delete(keyId);
    writeDurably(dataDir, DISABLED_FILE, `${JSON.stringify({ disabled: [...labels].sort() }, null, 2)}\n`);
    return labels;
  });
  const key = keys[0]!;
  return summary(keyId, key.keySpec, (['ENCRYPT', 'DECRYPT'] as const).filter((use) => key.usage.has(use)), disabled);
}

function summary(keyId: string, keySpec: string, usage: KeyUse[], disabled: ReadonlySet<string>): KeySummary {
  return { KeyId: keyId, KeySpec: keySpec, KeyUsage: usage, KeyStatus: disabled.has(keyId) ? 'DISABLED' : 'ENABLED' };
}
