// Turning domain records into stored documents and back: dates as ISO strings, everything else as JSON.
// Shared by every storage implementation so they store the same shape.

import type { KeyMaterialRecord } from '../domain/key-material.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { KeyLastUsage } from '../domain/key-usage.js';
import { InvalidMarkerException } from '../api/errors.js';

const KEY_DATES = ['creationDate', 'deletionDate', 'validTo'] as const;
const ROTATION_DATES = ['nextRotationDate', 'onDemandStartDate'] as const;
const MATERIAL_DATES = ['validTo', 'rotationDate', 'createdAt'] as const;

export function keyToDocument(key: KmsKey): string {
  return JSON.stringify(key);
}

export function keyFromDocument(doc: string): KmsKey {
  const raw = JSON.parse(doc) as Record<string, unknown> & { rotation: Record<string, unknown> };
  for (const field of KEY_DATES) if (typeof raw[field] === 'string') raw[field] = new Date(raw[field] as string);
  for (const field of ROTATION_DATES) {
    if (typeof raw.rotation[field] === 'string') raw.rotation[field] = new Date(raw.rotation[field] as string);
  }
  return raw as unknown as KmsKey;
}

/** The material itself is never in the document: it is sealed into its own column. */
export function materialToDocument(material: KeyMaterialRecord): string {
  const { material: _secret, ...rest } = material;
  return JSON.stringify(rest);
}

export function materialFromDocument(doc: string, material: Buffer | undefined): KeyMaterialRecord {
  const raw = JSON.parse(doc) as Record<string, unknown>;
  for (const field of MATERIAL_DATES) if (typeof raw[field] === 'string') raw[field] = new Date(raw[field] as string);
  const record = raw as unknown as KeyMaterialRecord;
  if (material) record.material = material;
  return record;
}

/** GetKeyLastUsage's record of a key: JSON with the timestamp as an ISO string. */
export function usageToDocument(usage: KeyLastUsage): string {
  return JSON.stringify(usage);
}

export function usageFromDocument(doc: string): KeyLastUsage {
  const raw = JSON.parse(doc) as Record<string, unknown>;
  return { ...raw, timestamp: new Date(raw.timestamp as string) } as KeyLastUsage;
}

/** Pagination markers are opaque to callers (docs/kms-behaviour.md 8.5); inside they name the last row's sequence number. */
export function encodeMarker(seq: number): string {
  return Buffer.from(`openkms:${seq}`).toString('base64url');
}

export function decodeMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const match = /^openkms:(\d{1,15})$/.exec(text);
  if (!match) throw new InvalidMarkerException('The request was rejected because the marker that specifies where pagination should next begin is not valid.');
  return Number(match[1]);
}
