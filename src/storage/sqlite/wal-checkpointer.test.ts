import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalCheckpointer } from './wal-checkpointer.js';

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return condition();
}

test('copies the write-ahead log into the database file while a writer that never checkpoints keeps writing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-checkpoint-'));
  const path = join(dir, 'db.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (v BLOB)');
  const checkpointer = await WalCheckpointer.start(path, 20);
  try {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(Buffer.alloc(4000, i));
    })();
    const databaseBytes = () => statSync(path).size;
    assert.ok(databaseBytes() < 100_000, 'before a checkpoint the rows are only in the log');
    assert.ok(await waitFor(() => databaseBytes() >= 500 * 4000, 5_000), `database file is ${databaseBytes()} bytes`);
    assert.equal(checkpointer.failure, undefined);
  } finally {
    await checkpointer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('start() rejects when the thread cannot open the database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-checkpoint-'));
  try {
    const checkpointer = await WalCheckpointer.start(join(dir, 'no-such-dir', 'db.sqlite'), 10).catch((error: Error) => error);
    assert.ok(checkpointer instanceof Error, 'start should reject when the database cannot be opened');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
