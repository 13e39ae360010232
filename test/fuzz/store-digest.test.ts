// The state digest sees every change outside the audit trail and none inside it, so a failed request that wrote to
// the audit trail (as every request does) still counts as having changed nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/server/openkms-server.js';
import { MIGRATIONS } from '../../src/storage/sqlite/schema.js';
import { changedTables, openStoreDigest } from './store-digest.js';

test('a change to a key, an alias or a counter shows; a new audit record and its AUTOINCREMENT id do not', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-digest-'));
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    for (const sql of MIGRATIONS) db.exec(sql);
    db.prepare("INSERT INTO keys (account_id, region, key_id, doc) VALUES ('1', 'r', 'k', '{}')").run();
    const view = openStoreDigest(dataDir);
    const first = view.digest();
    db.prepare(
      "INSERT INTO audit_events (account_id, chain_index, region, event_time, event_id, event_name, event_source, read_only, resource_names, resource_types, record, prev_hash, hash) VALUES ('1', 1, 'r', 0, 'e', 'n', 's', 1, '', '', '{}', '', '')",
    ).run();
    db.prepare("INSERT INTO audit_chains (account_id, head_index, head_hash) VALUES ('1', 1, 'h')").run();
    assert.deepEqual(changedTables(first, view.digest()), []);
    db.prepare("UPDATE keys SET doc = '{\"KeyState\":\"Disabled\"}'").run();
    db.prepare("UPDATE change_counters SET value = value + 1 WHERE name = 'keys'").run();
    assert.deepEqual(changedTables(first, view.digest()), ['change_counters', 'keys']);
    const second = view.digest();
    db.prepare("INSERT INTO aliases (account_id, region, alias_name, target_key_id, creation_date, last_updated_date) VALUES ('1', 'r', 'alias/a', 'k', 0, 0)").run();
    assert.deepEqual(changedTables(second, view.digest()), ['aliases', 'sqlite_sequence']);
    view.close();
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
