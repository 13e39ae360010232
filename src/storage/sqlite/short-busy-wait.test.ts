import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { immediateTransactionPolling } from './short-busy-wait.js';

function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 0');
  return db;
}

// Another connection, on its own thread, takes the write lock, reports it and keeps it for `holdMs`.
function holdWriteLock(path: string, holdMs: number): Promise<Worker> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.module);
    const db = new Database(workerData.path);
    db.prepare('BEGIN IMMEDIATE').run();
    db.prepare('INSERT INTO t (v) VALUES (?)').run('held');
    parentPort.postMessage('locked');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
    db.prepare('COMMIT').run();
    db.close();
  `;
  const worker = new Worker(source, { eval: true, workerData: { path, holdMs, module: fileURLToPath(import.meta.resolve('better-sqlite3')) } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}


function withDatabase(run: (path: string, db: Database.Database) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openkms-busy-'));
    const path = join(dir, 'db.sqlite');
    const db = openDatabase(path);
    db.exec('CREATE TABLE t (v TEXT)');
    try {
      await run(path, db);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'waits for a lock another connection releases, then commits after it',
  withDatabase(async (path, db) => {
    const holder = await holdWriteLock(path, 40);
    const started = performance.now();
    immediateTransactionPolling(db, () => db.prepare('INSERT INTO t (v) VALUES (?)').run('mine'), 5_000);
    const waited = performance.now() - started;
    await new Promise((resolve) => holder.once('exit', resolve));
    assert.ok(waited >= 20, `it should have waited for the lock, waited ${waited.toFixed(1)} ms`);
    assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all(), ['held', 'mine']);
  }),
);

test(
  'gives up with SQLITE_BUSY once the timeout has passed, having changed nothing',
  withDatabase(async (path, db) => {
    const holder = await holdWriteLock(path, 400);
    const started = performance.now();
    assert.throws(
      () => immediateTransactionPolling(db, () => db.prepare('INSERT INTO t (v) VALUES (?)').run('mine'), 50),
      (error: Error & { code?: string }) => error.code === 'SQLITE_BUSY',
    );
    assert.ok(performance.now() - started >= 50);
    await new Promise((resolve) => holder.once('exit', resolve));
    assert.deepEqual(db.prepare('SELECT v FROM t').pluck().all(), ['held']);
  }),
);

test(
  'an error from the work itself is not retried',
  withDatabase(async (_path, db) => {
    let attempts = 0;
    assert.throws(
      () =>
        immediateTransactionPolling(
          db,
          () => {
            attempts++;
            db.prepare('INSERT INTO missing_table (v) VALUES (1)').run();
          },
          1_000,
        ),
      /no such table/,
    );
    assert.equal(attempts, 1);
  }),
);
