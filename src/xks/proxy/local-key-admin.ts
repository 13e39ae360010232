// `openkms xks-proxy keys ...` on the sealed local key file: create a key (fresh 256-bit material, sealed at once),
// list the keys (never their material), and disable or enable one. A running proxy sees each change when the file does.

import type { Sealer } from '../../crypto/sealer.js';
import { EXTERNAL_KEY_ID_PATTERN } from '../wire.js';
import type { KeyUse } from './key-backend.js';
import { LocalKeyFileError, readKeyDocument, sealingAad, sealMaterial, updateKeyDocument } from './local-key-file.js';

export interface KeySummary {
  KeyId: string;
  KeySpec: string;
  KeyUsage: KeyUse[];
  KeyStatus: 'ENABLED' | 'DISABLED';
  CreationDate?: string;
}

export function createLocalKey(dataDir: string, sealer: Sealer, keyId: string, usage: KeyUse[]): KeySummary {
  if (!EXTERNAL_KEY_ID_PATTERN.test(keyId)) throw new LocalKeyFileError('a key id is 1-128 characters of A-Z a-z 0-9 . _ -');
  let created: KeySummary | undefined;
  updateKeyDocument(dataDir, sealer, (document) => {
    if (document.keys.some((entry) => entry.keyId === keyId)) throw new LocalKeyFileError(`the key ${keyId} exists already`);
    const entry = { keyId, usage, status: 'ENABLED' as const, createdAt: new Date().toISOString(), material: sealMaterial(sealer, sealingAad(keyId)) };
    document.keys.push(entry);
    created = summary(entry);
    return document;
  });
  return created!;
}

export function listLocalKeys(dataDir: string): KeySummary[] {
  return (readKeyDocument(dataDir)?.keys ?? []).map(summary);
}

export function setLocalKeyStatus(dataDir: string, sealer: Sealer, keyId: string, status: 'ENABLED' | 'DISABLED'): KeySummary {
  let changed: KeySummary | undefined;
  updateKeyDocument(dataDir, sealer, (document) => {
    const entry = document.keys.find((each) => each.keyId === keyId);
    if (entry === undefined) throw new LocalKeyFileError(`no key ${keyId}`);
    entry.status = status;
    changed = summary(entry);
    return document;
  });
  return changed!;
}

function summary(entry: { keyId: string; usage: KeyUse[]; status: 'ENABLED' | 'DISABLED'; createdAt: string }): KeySummary {
  return { KeyId: entry.keyId, KeySpec: 'AES_256', KeyUsage: entry.usage, KeyStatus: entry.status, CreationDate: entry.createdAt };
}
