// The store conformance suite on SQLite: on a database file (scanned as the bytes of its files) and in memory (--dev,
// scanned as the bytes SQLite would write for it).

import { after } from 'node:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Store } from '../repository.js';
import { storeConformance } from '../store-conformance.js';
import { SqliteStore } from './sqlite-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'openkms-store-conformance-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const paths = new WeakMap<Store, string>();

function found(name: string, bytes: Buffer, needles: readonly Buffer[]): string[] {
  return needles.some((needle) => bytes.includes(needle)) ? [name] : [];
}

storeConformance('SQLite database file', {
  async open(sealer) {
    const path = join(mkdtempSync(join(scratch, 'store-')), 'openkms.db');
    const store = new SqliteStore(path, sealer);
    paths.set(store, path);
    return store;
  },
  async cleanup(store) {
    await store.close();
    rmSync(dirname(paths.get(store)!), { recursive: true, force: true });
  },
  auditLogReader: (store) => (store as SqliteStore).auditLogReader(),
  async findBytes(store, needles) {
    // The database file, its write-ahead log (where recent commits are until a checkpoint) and its shared memory.
    const path = paths.get(store)!;
    const files = readdirSync(dirname(path)).filter((name) => name.startsWith(basename(path)));
    return files.flatMap((name) => found(name, readFileSync(join(dirname(path), name)), needles));
  },
});

storeConformance('SQLite in memory', {
  open: async (sealer) => new SqliteStore(':memory:', sealer),
  cleanup: (store) => store.close(),
  auditLogReader: (store) => (store as SqliteStore).auditLogReader(),
  findBytes: async (store, needles) => found('the serialized database', (store as SqliteStore).serialize(), needles),
});
