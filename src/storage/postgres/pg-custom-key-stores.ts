// The SQL of external key stores on PostgreSQL, as on SQLite (sqlite/sqlite-custom-key-stores.ts): one row per store,
// its proxy secret sealed (row-sealer.ts) in `sealed_secret`, the rest of the record a JSON document.

import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { Scope } from '../../domain/identifiers.js';
import type { CustomKeyStoreKey } from '../custom-key-store-repository.js';
import type { RowSealer } from '../row-sealer.js';
import { query, queryOne, type Queryable, type Row } from './pg-connection.js';

export class PgCustomKeyStores {
  constructor(
    private readonly db: Queryable,
    private readonly sealing: RowSealer,
  ) {}

  async get(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreRecord | undefined> {
    const row = await queryOne(this.db, 'SELECT * FROM custom_key_stores WHERE account_id = $1 AND region = $2 AND custom_key_store_id = $3', [
      scope.accountId,
      scope.region,
      customKeyStoreId,
    ]);
    return row ? this.#fromRow(row) : undefined;
  }

  async list(scope: Scope): Promise<CustomKeyStoreRecord[]> {
    const rows = await query(this.db, 'SELECT * FROM custom_key_stores WHERE account_id = $1 AND region = $2 ORDER BY seq', [scope.accountId, scope.region]);
    return rows.map((row) => this.#fromRow(row));
  }

  async inState(state: string): Promise<CustomKeyStoreRecord[]> {
    const rows = await query(this.db, 'SELECT * FROM custom_key_stores WHERE connection_state = $1 ORDER BY seq', [state]);
    return rows.map((row) => this.#fromRow(row));
  }

  /**
   * The keys whose document names this store. The documents are text, not jsonb (jsonb refuses the \u0000 a key's
   * description may hold), so the database only narrows to documents containing the id and the match is made here.
   */
  async keys(scope: Scope, customKeyStoreId: string): Promise<CustomKeyStoreKey[]> {
    const rows = await query(this.db, 'SELECT key_id, doc FROM keys WHERE account_id = $1 AND region = $2 AND strpos(doc, $3) > 0 ORDER BY seq', [
      scope.accountId,
      scope.region,
      customKeyStoreId,
    ]);
    const found: CustomKeyStoreKey[] = [];
    for (const row of rows) {
      const doc = JSON.parse(row.doc as string) as { customKeyStoreId?: unknown; xksKeyId?: unknown };
      if (doc.customKeyStoreId !== customKeyStoreId) continue;
      found.push(typeof doc.xksKeyId === 'string' ? { keyId: row.key_id as string, xksKeyId: doc.xksKeyId } : { keyId: row.key_id as string });
    }
    return found;
  }

  async put(record: CustomKeyStoreRecord): Promise<void> {
    const { secretAccessKey: _secret, ...xks } = record.xks;
    const doc = JSON.stringify({ ...record, xks });
    await query(
      this.db,
      `INSERT INTO custom_key_stores (account_id, region, custom_key_store_id, connection_state, sealed_secret, doc) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id, region, custom_key_store_id) DO UPDATE SET connection_state = excluded.connection_state,
         sealed_secret = excluded.sealed_secret, doc = excluded.doc`,
      [record.accountId, record.region, record.customKeyStoreId, record.connectionState, this.sealing.sealXksSecret(record), doc],
    );
  }

  async delete(scope: Scope, customKeyStoreId: string): Promise<void> {
    await query(this.db, 'DELETE FROM custom_key_stores WHERE account_id = $1 AND region = $2 AND custom_key_store_id = $3', [
      scope.accountId,
      scope.region,
      customKeyStoreId,
    ]);
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
