// The SQL of grants and of the grant tokens issued for them (docs/kms-behaviour.md 6.3). A grant is stored as a JSON
// document plus the columns its lookups use; a token only as its SHA-256, so a token that was never issued is known.

import { PreparedStatements } from './prepared-statements.js';
import type { GrantFilter, GrantRecord } from '../grant-repository.js';
import { pageOf, type Page } from '../page.js';
import { decodeMarker } from '../records.js';

type Row = Record<string, unknown>;

const COLUMNS = 'seq, doc';
/** Grants of keys that still exist: a deleted key's grants are gone with it, as in AWS. */
const KEY_EXISTS = 'EXISTS (SELECT 1 FROM keys k WHERE k.account_id = g.account_id AND k.region = g.region AND k.key_id = g.key_id)';

function grantFromRow(row: Row): GrantRecord {
  const grant = JSON.parse(row.doc as string) as GrantRecord & { creationDate: string | Date };
  grant.creationDate = new Date(grant.creationDate);
  return grant;
}

function page(rows: Row[], limit: number): Page<GrantRecord> {
  return pageOf(rows, limit, (row) => row.seq as number, grantFromRow);
}

export class SqliteGrants extends PreparedStatements {

  getGrant(keyArn: string, grantId: string): GrantRecord | undefined {
    const row = this.sql(`SELECT ${COLUMNS} FROM grants WHERE key_arn = ? AND grant_id = ?`).get(keyArn, grantId) as Row | undefined;
    return row ? grantFromRow(row) : undefined;
  }

  listGrants(keyArn: string, limit: number, marker?: string, filter: GrantFilter = {}): Page<GrantRecord> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    let where = 'key_arn = ? AND seq > ?';
    const values: unknown[] = [keyArn, after];
    if (filter.grantId !== undefined) {
      where += ' AND grant_id = ?';
      values.push(filter.grantId);
    }
    if (filter.granteePrincipal !== undefined) {
      where += ' AND grantee_principal = ?';
      values.push(filter.granteePrincipal);
    }
    if (filter.granteeServicePrincipal !== undefined) {
      where += " AND json_extract(doc, '$.granteeServicePrincipal') = ?";
      values.push(filter.granteeServicePrincipal);
    }
    const rows = this.sql(`SELECT ${COLUMNS} FROM grants WHERE ${where} ORDER BY seq LIMIT ?`).all(...values, limit + 1) as Row[];
    return page(rows, limit);
  }

  grantsForGrantees(keyArn: string, granteePrincipals: readonly string[]): GrantRecord[] {
    if (granteePrincipals.length === 0) return [];
    const marks = granteePrincipals.map(() => '?').join(', ');
    const rows = this.sql(`SELECT ${COLUMNS} FROM grants WHERE key_arn = ? AND grantee_principal IN (${marks}) ORDER BY seq`).all(
      keyArn,
      ...granteePrincipals,
    ) as Row[];
    return rows.map(grantFromRow);
  }

  grantsNamed(keyArn: string, name: string): GrantRecord[] {
    return (this.sql(`SELECT ${COLUMNS} FROM grants WHERE key_arn = ? AND name = ? ORDER BY seq`).all(keyArn, name) as Row[]).map(grantFromRow);
  }

  countGrants(keyArn: string): number {
    return (this.sql('SELECT count(*) AS n FROM grants WHERE key_arn = ?').get(keyArn) as Row).n as number;
  }

  listRetirableGrants(retiringPrincipal: string, limit: number, marker?: string): Page<GrantRecord> {
    const after = marker === undefined ? 0 : decodeMarker(marker);
    const rows = this.sql(
      `SELECT g.seq AS seq, g.doc AS doc FROM grants g WHERE g.retiring_principal = ? AND g.seq > ? AND ${KEY_EXISTS} ORDER BY g.seq LIMIT ?`,
    ).all(retiringPrincipal, after, limit + 1) as Row[];
    return page(rows, limit);
  }

  grantOfToken(tokenHash: string): { keyArn: string; grantId: string } | undefined {
    const row = this.sql('SELECT key_arn, grant_id FROM grant_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return row ? { keyArn: row.key_arn as string, grantId: row.grant_id as string } : undefined;
  }

  putGrant(grant: GrantRecord): void {
    this.sql(
      `INSERT INTO grants (key_arn, grant_id, account_id, region, key_id, name, grantee_principal, retiring_principal, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key_arn, grant_id) DO UPDATE SET doc = excluded.doc`,
    ).run(
      grant.keyArn,
      grant.grantId,
      grant.accountId,
      grant.region,
      grant.keyId,
      grant.name ?? null,
      grant.granteePrincipal,
      grant.retiringPrincipal ?? null,
      JSON.stringify(grant),
    );
  }

  deleteGrant(keyArn: string, grantId: string): void {
    this.sql('DELETE FROM grants WHERE key_arn = ? AND grant_id = ?').run(keyArn, grantId);
  }

  putGrantToken(tokenHash: string, keyArn: string, grantId: string): void {
    this.sql('INSERT OR IGNORE INTO grant_tokens (token_hash, key_arn, grant_id) VALUES (?, ?, ?)').run(tokenHash, keyArn, grantId);
  }
}
