// The root key check on a SQLite database: reads the check value (or, without one, a sample of the sealed secrets)
// for root-key-check.ts to judge, and writes the check value where there is none yet and the caller may write.

import type Database from 'better-sqlite3';
import { keyArn } from '../../domain/identifiers.js';
import { judgeRootKey, newCheckValue, ROOT_KEY_CHECK_SETTING, RootKeyMismatchError, type RootKeyVerdict, type SealedValue } from '../root-key-check.js';
import type { Sealer } from '../../crypto/sealer.js';
import { accessKeyAad, keyMaterialAad } from '../sealing-aad.js';

type Row = Record<string, unknown>;

/** Enough to judge by: each secret was sealed under the same root key, so one that opens settles it. */
const SAMPLE_SIZE = 16;

export interface SqliteRootKeyCheckOptions {
  /** Write the check value into a database without one (serve and admin; audit only reads). */
  adopt: boolean;
}

/** Throws RootKeyMismatchError when `sealer`'s root key is not the database's. */
export function checkSqliteRootKey(db: Database.Database, sealer: Sealer, options: SqliteRootKeyCheckOptions): RootKeyVerdict {
  const verdict = judge(db, sealer);
  if (verdict === 'verified' || !options.adopt) return verdict;
  // Judged again inside the write transaction: of two processes adopting at once only one writes, and the other
  // judges what it wrote.
  return db
    .transaction((): RootKeyVerdict => {
      const again = judge(db, sealer);
      if (again === 'adopt') db.prepare('INSERT INTO settings (name, value) VALUES (?, ?)').run(ROOT_KEY_CHECK_SETTING, newCheckValue(sealer));
      return again;
    })
    .immediate();
}

function judge(db: Database.Database, sealer: Sealer): RootKeyVerdict {
  return judgeRootKey(sealer, checkValue(db), () => sealedValues(db));
}

function checkValue(db: Database.Database): string | undefined {
  if (!hasTable(db, 'settings')) return undefined;
  const row = db.prepare('SELECT value FROM settings WHERE name = ?').get(ROOT_KEY_CHECK_SETTING) as Row | undefined;
  if (row === undefined) return undefined;
  if (typeof row.value !== 'string' || row.value === '') throw new RootKeyMismatchError('its check value is not readable');
  return row.value;
}

/** Secret access keys and key material, the oldest first: what the earliest starts sealed. */
function sealedValues(db: Database.Database): SealedValue[] {
  const values: SealedValue[] = [];
  if (hasTable(db, 'access_keys')) {
    const rows = db.prepare('SELECT access_key_id, sealed_secret FROM access_keys ORDER BY created_at, access_key_id LIMIT ?').all(SAMPLE_SIZE) as Row[];
    for (const row of rows) values.push({ sealed: row.sealed_secret as Buffer, aad: accessKeyAad(row.access_key_id as string) });
  }
  if (hasTable(db, 'key_materials')) {
    const rows = db
      .prepare('SELECT account_id, region, key_id, key_material_id, sealed FROM key_materials WHERE sealed IS NOT NULL ORDER BY seq LIMIT ?')
      .all(SAMPLE_SIZE) as Row[];
    for (const row of rows) {
      const scope = { accountId: row.account_id as string, region: row.region as string };
      values.push({ sealed: row.sealed as Buffer, aad: keyMaterialAad(keyArn(scope, row.key_id as string), row.key_material_id as string) });
    }
  }
  return values.filter((value) => Buffer.isBuffer(value.sealed));
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
