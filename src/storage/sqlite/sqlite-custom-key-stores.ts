// The SQL of external key stores: one row per store, its proxy secret sealed (row-sealer.ts) in `sealed_secret`, the
// rest of the record a JSON document. Keys of a store are found by the customKeyStoreId of their key document.

import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { Scope } from '../../domain/identifiers.js';
import type { CustomKeyStoreKey } from '../custom-key-store-repository.js';
import type { RowSealer } from '../row-sealer.js';
import { PreparedStatements } from './prepared-statements.js';
import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;

export class SqliteCustomKeyStores extends PreparedStatements {
  constructor(
    db: Database.Database,
    private readonly sealing: RowSealer,
  ) {
    super(db);
  }

  get(scope: Scope, customKeyStoreId: string): CustomKeyStoreRecord | undefined {
    const row = this.sql('SELECT * FROM custom_key_stores WHERE account_id = ? AND region = ? AND custom_key_store_id = ?').get(
      scope.accountId,
      scope.region,
      customKeyStoreId,
    ) as Row | undefined;
    return row ? this.#fromRow(row) : undefined;
  }

  list(scope: Scope): CustomKeyStoreRecord[] {
    const rows = this.sql('SELECT * FROM custom_key_stores WHERE account_id = ? AND region = ? ORDER BY seq').all(scope.accountId, scope.region) as Row[];
    return rows.map((row) => this.#fromRow(row));
  }

  inState(state: string): CustomKeyStoreRecord[] {
    const rows = this.sql('SELECT * FROM custom_key_stores WHERE connection_state = ? ORDER BY seq').all(state) as Row[];
    return rows.map((row) => this.#fromRow(row));
  }

  keys(scope: Scope, customKeyStoreId: string): CustomKeyStoreKey[] {
    const rows = this.sql(
      `SELECT key_id, json_extract(doc, '$.xksKeyId') AS xks_key_id FROM keys
       WHERE account_id = ? AND region = ? AND json_extract(doc, '$.customKeyStoreId') = ? ORDER BY seq`,
    ).all(scope.accountId, scope.region, customKeyStoreId) as Row[];
    return rows.map((row) => (typeof row.xks_key_id === 'string' ? { keyId: row.key_id as string, xksKeyId: row.xks_key_id } : { keyId: row.key_id as string }));
  }

  put(record: CustomKeyStoreRecord): void {
    const { secretAccessKey: _secret, ...xks } = record.xks;
    const doc = JSON.stringify({ ...record, xks });
    this.sql(
      `INSERT INTO custom_key_stores (account_id, region, custom_key_store_id, connection_state, sealed_secret, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, region, custom_key_store_id) DO UPDATE SET connection_state = excluded.connection_state,
         sealed_secret = excluded.sealed_secret, doc = excluded.doc`,
    ).run(record.accountId, record.region, record.customKeyStoreId, record.connectionState, this.sealing.sealXksSecret(record), doc);
  }

  delete(scope: Scope, customKeyStoreId: string): void {
    this.sql('DELETE FROM custom_key_stores WHERE account_id = ? AND region = ? AND custom_key_store_id = ?').run(scope.accountId, scope.region, customKeyStoreId);
  }

  #fromRow(row: Row): CustomKeyStoreRecord {
    const doc = JSON.parse(row.doc as string) as Omit<CustomKeyStoreRecord, 'creationDate' | 'xks'> & {
      creationDate: string;
      xks: Omit<CustomKeyStoreRecord['xks'], 'secretAccessKey'>;
    };
    const secretAccessKey = this.sealing.openXksSecret(doc, doc.customKeyStoreId, doc.xks.accessKeyId, row.sealed_secret as Buffer);
    return { ...doc, creationDate: new Date(doc.creationDate), xks: { ...doc.xks, secretAccessKey } };
  }
}
