// Files the proxy and its CLI share in the data directory: written whole or not at all (a private temporary file,
// synced, renamed into place, the directory synced), and changed under a lock file so two CLI calls never lose each
// other's change. A running proxy re-reads them when they change and so never sees half a file.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Runs `work` holding `lock` (created exclusively); a lock left by a crashed process is taken over after 30 s. */
export function withFileLock<T>(lock: string, work: () => T): T {
  acquire(lock);
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function acquire(lock: string): void {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmSync(lock, { force: true });
      } catch {
        // gone meanwhile: try again
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  throw new Error(`${lock} is held by another process`);
}

/** A private temporary file, synced, renamed into place, the directory synced: the file is whole or absent. */
export function writeDurably(dataDir: string, name: string, text: string): void {
  const temporary = join(dataDir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, join(dataDir, name));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const dir = openSync(dataDir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Best effort: not every platform syncs a directory.
  }
}
