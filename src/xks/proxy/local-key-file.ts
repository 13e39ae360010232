// The proxy's own keys in its data directory: `xks-keys.json` lists each external key (id, usage, status) with its
// 256-bit AES material sealed under the proxy's root key (crypto/sealer.ts, AAD naming the key id, so sealed material
// cannot be moved to another id), plus the dedicated health-check key. The root key is `xks-proxy-root.key` (0600),
// or XKS_PROXY_ROOT_KEY. Writes go to a temporary file that is synced and renamed, under a lock file, so a running
// proxy (which re-reads the file when it changes) never sees half a file and two CLI calls never lose each other's key.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Sealer } from '../../crypto/sealer.js';
import { zeroize } from '../../crypto/zeroize.js';
import { withFileLock, writeDurably } from './durable-file.js';
import type { KeyUse } from './key-backend.js';

export const KEYS_FILE = 'xks-keys.json';
export const ROOT_KEY_FILE = 'xks-proxy-root.key';
export const ROOT_KEY_VARIABLE = 'XKS_PROXY_ROOT_KEY';
const LOCK_FILE = 'xks-keys.lock';
const FORMAT = 1;

export class LocalKeyFileError extends Error {
  override readonly name = 'LocalKeyFileError';
}

export interface LocalKeyEntry {
  keyId: string;
  usage: KeyUse[];
  status: 'ENABLED' | 'DISABLED';
  createdAt: string;
  /** base64 of the sealed 32 bytes. */
  material: string;
}

export interface LocalKeyDocument {
  format: number;
  healthKey: string;
  keys: LocalKeyEntry[];
}

export function sealingAad(keyId: string): string {
  return `openkms xks-proxy key ${keyId}`;
}
export const HEALTH_KEY_AAD = 'openkms xks-proxy health key';

/** The root key: XKS_PROXY_ROOT_KEY (base64 or hex of 32 bytes) or the data directory's file, created when `create`. */
export function openSealer(dataDir: string, env: NodeJS.ProcessEnv, create: boolean): Sealer {
  const fromEnv = env[ROOT_KEY_VARIABLE];
  let text: string;
  const path = join(dataDir, ROOT_KEY_FILE);
  if (fromEnv !== undefined) text = fromEnv;
  else if (existsSync(path)) {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    text = readFileSync(path, 'utf8');
  } else {
    if (existsSync(join(dataDir, KEYS_FILE))) throw new LocalKeyFileError(`${path} is missing but ${KEYS_FILE} exists: restore it or set ${ROOT_KEY_VARIABLE}`);
    if (!create) throw new LocalKeyFileError(`no proxy root key: ${path} is missing`);
    const key = randomBytes(32);
    writeDurably(dataDir, ROOT_KEY_FILE, `${key.toString('base64')}\n`);
    zeroize(key);
    text = readFileSync(path, 'utf8');
  }
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new LocalKeyFileError(`the proxy root key (${fromEnv !== undefined ? ROOT_KEY_VARIABLE : path}) is not 32 bytes in base64 or hex`);
  try {
    return new Sealer(key);
  } finally {
    zeroize(key);
  }
}

/** Creates the data directory (0700) when missing. */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

export function readKeyDocument(dataDir: string): LocalKeyDocument | undefined {
  const path = join(dataDir, KEYS_FILE);
  if (!existsSync(path)) return undefined;
  let document: LocalKeyDocument;
  try {
    document = JSON.parse(readFileSync(path, 'utf8')) as LocalKeyDocument;
  } catch (error) {
    throw new LocalKeyFileError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (document?.format !== FORMAT || !Array.isArray(document.keys) || typeof document.healthKey !== 'string') {
    throw new LocalKeyFileError(`${path} is not an xks-proxy key file of format ${FORMAT}`);
  }
  return document;
}

/** A new document with its health key, sealed under `sealer`. */
export function newKeyDocument(sealer: Sealer): LocalKeyDocument {
  return { format: FORMAT, healthKey: sealMaterial(sealer, HEALTH_KEY_AAD), keys: [] };
}

export function sealMaterial(sealer: Sealer, aad: string): string {
  const material = randomBytes(32);
  try {
    return sealer.seal(material, aad).toString('base64');
  } finally {
    zeroize(material);
  }
}

/**
 * Runs `change` on the current document (a new one when there is none) under the lock, and writes what it returns.
 * A lock left by a crashed process is taken over after 30 s.
 */
export function updateKeyDocument(dataDir: string, sealer: Sealer, change: (document: LocalKeyDocument) => LocalKeyDocument): LocalKeyDocument {
  return withFileLock(join(dataDir, LOCK_FILE), () => {
    const current = readKeyDocument(dataDir) ?? newKeyDocument(sealer);
    const next = change(structuredClone(current));
    writeDurably(dataDir, KEYS_FILE, `${JSON.stringify(next, null, 2)}\n`);
    return next;
  });
}

