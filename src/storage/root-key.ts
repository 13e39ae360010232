// Where the root key comes from: a file in the data directory, created on first start with mode 0600,
// or the environment (OPENKMS_ROOT_KEY, 64 hex chars or base64 of 32 bytes) for deployments that inject it.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT_KEY_FILE = 'root.key';

export function parseRootKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('the root key must be 32 bytes (64 hex characters or base64)');
  return key;
}

/** Reads the root key file, creating it (0600, exclusive) when the data directory is new. */
export function loadOrCreateRootKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, ROOT_KEY_FILE);
  if (!existsSync(path)) {
    const key = randomBytes(32);
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    key.fill(0);
  }
  chmodSync(path, 0o600);
  return parseRootKey(readFileSync(path, 'utf8'));
}
