// Migrations applied to a database made by an earlier version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Sealer } from '../../crypto/sealer.js';
import { MIGRATIONS } from './schema.js';
import { SqliteStore } from './sqlite-store.js';

test('temporary credentials stored with their session token in clear are removed; long-term keys stay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-schema-'));
  const path = join(dir, 'openkms.db');
  const sealer = new Sealer(randomBytes(32));
  try {
    const earlier = MIGRATIONS.findIndex((sql) => sql.includes('session_token_sha256'));
    assert.ok(earlier > 0, 'a migration adds session_token_sha256');
    const old = new Database(path);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)');
    MIGRATIONS.slice(0, earlier).forEach((sql, index) => {
      old.exec(sql);
      old.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(index + 1);
    });
    const insert = old.prepare(
      'INSERT INTO access_keys (access_key_id, sealed_secret, principal_arn, session_token, expiration, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run('ASIAOLDSESSION000001', Buffer.alloc(1), 'arn:aws:iam::111122223333:role/R', 'the-token-in-clear', Date.now() + 3_600_000, Date.now());
    insert.run('AKIALONGTERMKEY00001', Buffer.alloc(1), 'arn:aws:iam::111122223333:user/u', null, null, Date.now());
    old.close();

    const store = new SqliteStore(path, sealer);
    await store.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT access_key_id, session_token, session_token_sha256 FROM access_keys').all();
    db.close();
    assert.deepEqual(rows, [{ access_key_id: 'AKIALONGTERMKEY00001', session_token: null, session_token_sha256: null }]);
  } finally {
    sealer.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
