// The root key check on a PostgreSQL database (root-key-check.ts judges): the check value, or without one a sample of
// the sealed secrets, read from the database; the check value written where there is none yet. Every node of a
// cluster runs it at start, so a node given another root key refuses to start instead of failing on every secret.

import { keyArn } from '../../domain/identifiers.js';
import type { Sealer } from '../../crypto/sealer.js';
import { judgeRootKey, newCheckValue, ROOT_KEY_CHECK_SETTING, RootKeyMismatchError, type RootKeyVerdict, type SealedValue } from '../root-key-check.js';
import { accessKeyAad, keyMaterialAad } from '../sealing-aad.js';
import { query, queryOne, type Queryable } from './pg-connection.js';
import type { PgStore } from './pg-store.js';

const SAMPLE_SIZE = 16;

/** Throws RootKeyMismatchError when `sealer`'s root key is not the database's; with `adopt`, writes a missing check value. */
export async function checkPgRootKey(store: PgStore, sealer: Sealer, options: { adopt: boolean }): Promise<RootKeyVerdict> {
  const verdict = await judge(store.pool, sealer);
  if (verdict === 'verified' || !options.adopt) return verdict;
  // Judged again inside a write transaction (serialized across nodes): of two nodes adopting at once only one writes,
  // and the other judges what it wrote.
  return store.write(async (tx) => {
    const again = await judge(store.pool, sealer);
    if (again === 'adopt') await tx.putSetting(ROOT_KEY_CHECK_SETTING, newCheckValue(sealer));
    return again;
  });
}

async function judge(db: Queryable, sealer: Sealer): Promise<RootKeyVerdict> {
  const row = await queryOne(db, 'SELECT value FROM settings WHERE name = $1', [ROOT_KEY_CHECK_SETTING]);
  let checkValue: string | undefined;
  if (row !== undefined) {
    if (typeof row.value !== 'string' || row.value === '') throw new RootKeyMismatchError('its check value is not readable');
    checkValue = row.value;
  }
  const samples = checkValue === undefined ? await sealedValues(db) : [];
  return judgeRootKey(sealer, checkValue, () => samples);
}

async function sealedValues(db: Queryable): Promise<SealedValue[]> {
  const values: SealedValue[] = [];
  for (const row of await query(db, 'SELECT access_key_id, sealed_secret FROM access_keys ORDER BY created_at, access_key_id LIMIT $1', [SAMPLE_SIZE])) {
    values.push({ sealed: row.sealed_secret as Buffer, aad: accessKeyAad(row.access_key_id as string) });
  }
  const materials = await query(
    db,
    'SELECT account_id, region, key_id, key_material_id, sealed FROM key_materials WHERE sealed IS NOT NULL ORDER BY seq LIMIT $1',
    [SAMPLE_SIZE],
  );
  for (const row of materials) {
    const scope = { accountId: row.account_id as string, region: row.region as string };
    values.push({ sealed: row.sealed as Buffer, aad: keyMaterialAad(keyArn(scope, row.key_id as string), row.key_material_id as string) });
  }
  return values;
}
