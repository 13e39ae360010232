// Checks a directory a command is given before anything uses it, so that a bad --data-dir (or `audit export --out`)
// ends the command at once with one line: it must be a directory this process may read (and, to write, write), or one
// it may create.

import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

export interface DataDirCheckOptions {
  /** Create it (0700, with its missing parents) when it does not exist, and make it private (serve, admin). */
  create: boolean;
  /** It must be writable (everything but the audit commands that only read). */
  write: boolean;
}

export function checkDataDir(dataDir: string, options: DataDirCheckOptions): void {
  const name = `the data directory ${dataDir}`;
  const stats = checkDirectory(dataDir, name, { ...options, mode: 0o700 });
  if (options.create && (stats.mode & 0o077) !== 0) {
    // The root key and the database live here: private to the user that runs openkms (docs/adr/0001).
    try {
      chmodSync(dataDir, 0o700);
    } catch (error) {
      throw new DataDirError(`${name} is open to other users (mode ${(stats.mode & 0o777).toString(8)}) and cannot be made private: ${reason(error)}`);
    }
  }
}

/** Where `openkms audit export` writes: created when missing (0700: the records are private, like the data), and writable. */
export function checkExportDir(outDir: string): void {
  checkDirectory(outDir, `the export directory ${outDir}`, { create: true, write: true, mode: 0o700 });
}

function checkDirectory(path: string, name: string, options: DataDirCheckOptions & { mode: number }): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOTDIR') throw new DataDirError(`${name} cannot be used: ${existingAncestor(path)} is not a directory`);
    if (code !== 'ENOENT') throw new DataDirError(`${name} cannot be used: ${reason(error)}`);
    assertNotDangling(path, name);
    if (!options.create) throw new DataDirError(`${name} does not exist`);
    createDirectory(path, name, options.mode);
    stats = statSync(path);
  }
  if (!stats.isDirectory()) throw new DataDirError(`${name} is not a directory`);
  assertAccess(path, constants.R_OK | constants.X_OK, `${name} is not readable`);
  if (options.write) assertAccess(path, constants.W_OK, `${name} is not writable`);
  return stats;
}

/**
 * `mkdir -p`, one level at a time from the deepest existing ancestor down. Node's recursive mkdir retries forever when
 * a parent exists but refuses children with ENOENT (under /proc), so it is not used: here every failure is final.
 */
function createDirectory(path: string, name: string, mode: number): void {
  const missing: string[] = [];
  for (let current = resolve(path); ; current = dirname(current)) {
    let stats: Stats | undefined;
    try {
      stats = statSync(current);
    } catch (error) {
      const code = codeOf(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new DataDirError(`cannot create ${name}: ${current}: ${reason(error)}`);
    }
    if (stats) {
      if (!stats.isDirectory()) throw new DataDirError(`cannot create ${name}: ${current} is not a directory`);
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      const code = codeOf(error);
      // Another process created it meanwhile: fine if it is a directory now.
      if (code === 'EEXIST' && isDirectory(dir)) continue;
      assertNotDangling(dir, `cannot create ${name}: ${dir}`);
      if (code === 'ENOENT') throw new DataDirError(`cannot create ${name}: ${dirname(dir)} does not accept new directories`);
      throw new DataDirError(`cannot create ${name}: ${dir}: ${reason(error)}`);
    }
  }
}

/** A symbolic link whose target does not exist would otherwise read as "does not exist" and then fail to be created. */
function assertNotDangling(path: string, name: string): void {
  let link: string;
  try {
    if (!lstatSync(path).isSymbolicLink()) return;
    link = readlinkSync(path);
  } catch {
    return;
  }
  throw new DataDirError(`${name} is a symbolic link to ${link}, which does not exist`);
}

function assertAccess(path: string, mode: number, message: string): void {
  try {
    accessSync(path, mode);
  } catch (error) {
    throw new DataDirError(`${message}: ${reason(error)}`);
  }
}

/** The nearest ancestor that exists (below a regular file, that file). */
function existingAncestor(path: string): string {
  let current = resolve(path);
  while (dirname(current) !== current) {
    current = dirname(current);
    try {
      statSync(current);
      return current;
    } catch {
      // not this one
    }
  }
  return current;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** "EACCES: permission denied, access '...'" → "permission denied". */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}
