// External keys on a PKCS#11 token: AES secret keys found by CKA_LABEL (the external key id), their usage from
// CKA_ENCRYPT/CKA_DECRYPT, made with C_GenerateKey as sensitive, non-extractable token objects. PKCS#11 has no
// "disabled" state, so the proxy keeps the labels it has disabled in its data directory (xks-pkcs11-disabled.json).
// The health check uses its own key, HEALTH_KEY_LABEL, which the API never serves.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import type { KeyUse } from './key-backend.js';
import type { Handle, Pkcs11SessionPool } from './pkcs11-session-pool.js';

export const HEALTH_KEY_LABEL = 'openkms-xks-proxy-health-check';
export const DISABLED_FILE = 'xks-pkcs11-disabled.json';

export interface TokenKey {
  label: string;
  handle: Handle;
  /** AES_256 for a 32-byte AES key; what else the token holds is named as it is, and is refused for crypto. */
  keySpec: string;
  usage: Set<KeyUse>;
  createdAt?: string;
}

const ulong = (buffer: Buffer) => (buffer.length >= 8 ? Number(buffer.readBigUInt64LE(0)) : buffer.readUInt32LE(0));

/** Every secret key on the token with this label; more than one makes the label ambiguous. */
export function findTokenKeys(module: pkcs11js.PKCS11, session: Handle, label?: string): TokenKey[] {
  const template: pkcs11js.Template = [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_TOKEN, value: true },
    ...(label !== undefined ? [{ type: pkcs11js.CKA_LABEL, value: label }] : []),
  ];
  module.C_FindObjectsInit(session, template);
  const handles: Handle[] = [];
  try {
    for (let batch = module.C_FindObjects(session, 64); batch.length > 0; batch = module.C_FindObjects(session, 64)) handles.push(...batch);
  } finally {
    module.C_FindObjectsFinal(session);
  }
  return handles.map((handle) => {
    const [keyType, valueLength, encrypt, decrypt, found] = module.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_KEY_TYPE },
      { type: pkcs11js.CKA_VALUE_LEN },
      { type: pkcs11js.CKA_ENCRYPT },
      { type: pkcs11js.CKA_DECRYPT },
      { type: pkcs11js.CKA_LABEL },
    ]).map((attribute) => attribute.value as Buffer);
    const aes = ulong(keyType!) === pkcs11js.CKK_AES;
    const bits = ulong(valueLength!) * 8;
    const usage = new Set<KeyUse>();
    if (encrypt![0] === 1) usage.add('ENCRYPT');
    if (decrypt![0] === 1) usage.add('DECRYPT');
    return { label: found!.toString('utf8'), handle, keySpec: aes ? `AES_${bits}` : `KEY_TYPE_${ulong(keyType!)}`, usage };
  });
}

/** A new AES-256 token key: sensitive, never extractable, private to the logged-in user. */
export function generateTokenKey(module: pkcs11js.PKCS11, session: Handle, label: string, usage: readonly KeyUse[]): Handle {
  return module.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: usage.includes('ENCRYPT') },
    { type: pkcs11js.CKA_DECRYPT, value: usage.includes('DECRYPT') },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_LABEL, value: label },
  ]);
}

/** The health key, made on first use. */
export function ensureHealthKey(pool: Pkcs11SessionPool): void {
  pool.withAdminSession((module, session) => {
    if (findTokenKeys(module, session, HEALTH_KEY_LABEL).length === 0) generateTokenKey(module, session, HEALTH_KEY_LABEL, ['ENCRYPT', 'DECRYPT']);
  });
}

/** The labels disabled at the proxy. */
export function readDisabledLabels(dataDir: string): Set<string> {
  const path = join(dataDir, DISABLED_FILE);
  if (!existsSync(path)) return new Set();
  const document = JSON.parse(readFileSync(path, 'utf8')) as { disabled?: unknown };
  if (!Array.isArray(document.disabled) || !document.disabled.every((label) => typeof label === 'string')) {
    throw new Error(`${path} is not a list of disabled key labels`);
  }
  return new Set(document.disabled as string[]);
}

export function gcmMechanism(iv: Buffer, aad: Buffer): pkcs11js.Mechanism {
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter: { type: pkcs11js.CK_PARAMS_AES_GCM, iv, ivBits: iv.length * 8, aad, tagBits: 128 } as pkcs11js.GcmParams };
}
