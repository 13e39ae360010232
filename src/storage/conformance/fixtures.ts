// The records the store conformance suite stores: keys, key materials, grants, audit rows, in a few accounts and
// Regions, and a way to read every page of a listing.

import { buildServiceEventRecord, type ServiceEventName } from '../../audit/service-event.js';
import { auditRowOf } from '../../audit/audit-row.js';
import type { AuditEventRow } from '../../audit/audit-log-port.js';
import { keyArn, type Scope } from '../../domain/identifiers.js';
import type { KeyMaterialRecord } from '../../domain/key-material.js';
import type { KmsKey } from '../../domain/kms-key.js';
import type { GrantRecord } from '../grant-repository.js';
import type { Page } from '../page.js';

export const SCOPE: Scope = { accountId: '111122223333', region: 'us-east-1' };
export const OTHER_REGION: Scope = { accountId: '111122223333', region: 'eu-west-1' };
export const OTHER_ACCOUNT: Scope = { accountId: '444455556666', region: 'us-east-1' };

const T0 = Date.parse('2026-03-01T00:00:00Z');
/** A time `seconds` after the suite's epoch (audit records keep whole seconds). */
export const at = (seconds: number) => new Date(T0 + seconds * 1000);

export function testKey(keyId: string, scope: Scope = SCOPE, overrides: Partial<KmsKey> = {}): KmsKey {
  return {
    ...scope,
    keyId,
    arn: keyArn(scope, keyId),
    creationDate: at(0),
    description: '',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyState: 'Enabled',
    multiRegion: false,
    policy: '{"Version":"2012-10-17","Statement":[]}',
    tags: [],
    rotation: { enabled: false },
    onDemandRotationCount: 0,
    ...overrides,
  };
}

/** Key material `id` holding `material` (32 bytes), or pending import when there is none. */
export function testMaterial(id: string, material?: Buffer, overrides: Partial<KeyMaterialRecord> = {}): KeyMaterialRecord {
  const record: KeyMaterialRecord = { keyMaterialId: id.padEnd(64, '0'), state: 'CURRENT', createdAt: at(1), ...overrides };
  if (material) record.material = Buffer.from(material);
  return record;
}

export function testGrant(key: KmsKey, grantId: string, overrides: Partial<GrantRecord> = {}): GrantRecord {
  return {
    accountId: key.accountId,
    region: key.region,
    keyId: key.keyId,
    keyArn: key.arn,
    grantId: grantId.padEnd(64, '0'),
    creationDate: at(2),
    granteePrincipal: `arn:aws:iam::${key.accountId}:user/grantee`,
    issuingAccount: `arn:aws:iam::${key.accountId}:root`,
    operations: ['Encrypt', 'Decrypt'],
    ...overrides,
  };
}

/** A service event's row, as the audit trail stores it. */
export function auditRow(scope: Scope, keyId: string, second: number, eventName: ServiceEventName = 'RotateKey'): AuditEventRow {
  return auditRowOf(buildServiceEventRecord({ eventName, eventTime: at(second), key: { ...scope, arn: keyArn(scope, keyId) } }));
}

/** Every page of a listing, `listPage` called with each marker in turn. */
export async function allPages<T>(listPage: (marker?: string) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let marker: string | undefined;
  do {
    const page = await listPage(marker);
    pages.push(page.items);
    marker = page.nextMarker;
    if (pages.length > 100) throw new Error('the listing does not end');
  } while (marker !== undefined);
  return pages;
}

/** The next turn of the event loop: where a transaction gives another the chance to interleave. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
