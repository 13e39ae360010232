// A digest of openkms's persistent state: every row of every table of the SQLite database except the audit trail's,
// read through a read-only connection, so the fuzzer can tell whether a failed request changed anything.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';

/**
 * Every call, failed ones included, appends to the audit trail (docs/request-flow.md), so its tables are left out, and
 * so is key_last_usage, which the usage tracker writes about a second after the successful calls before (a failed
 * call noting no usage is test/integration/key-last-usage.test.ts's to prove); everything else — keys, key
 * materials, aliases, grants, grant tokens, jobs, principals, counters — must stand still.
 */
const AUDIT_TABLES = new Set(['audit_events', 'audit_chains', 'key_last_usage']);

/** A cell as JSON can hold it: blobs (sealed key material, secrets) as tagged hex. */
const cell = (value: unknown) => (Buffer.isBuffer(value) ? `blob:${value.toString('hex')}` : value);

/** Table name → SHA-256 of its rows in rowid order, taken in one read transaction. */
export type Digest = Readonly<Record<string, string>>;

export interface StoreDigest {
  digest(): Digest;
  close(): void;
}

export function openStoreDigest(dataDir: string): StoreDigest {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  const read = db.transaction(() => {
    const digest: Record<string, string> = {};
    for (const { name } of tables.all() as { name: string }[]) {
      if (AUDIT_TABLES.has(name)) continue;
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all() as unknown[][]) {
        // sqlite_sequence holds each AUTOINCREMENT table's last id, the audit trail's among them.
        if (name === 'sqlite_sequence' && AUDIT_TABLES.has(row[0] as string)) continue;
        hash.update(JSON.stringify(row.map(cell)) + '\n');
      }
      digest[name] = hash.digest('hex');
    }
    return digest;
  });
  return {
    // One read transaction, so the digest is of one committed state even while the server writes.
    digest: () => read(),
    close: () => db.close(),
  };
}

/** The tables whose rows differ between two digests. */
export function changedTables(before: Digest, after: Digest): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}
