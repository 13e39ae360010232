// Where the root key comes from: OPENKMS_ROOT_KEY (64 hex characters or base64 of 32 bytes) for deployments that
// inject it, or the data directory's root.key file (0600), which is created only where no database exists yet.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT_KEY_FILE = 'root.key';
export const ROOT_KEY_VARIABLE = 'OPENKMS_ROOT_KEY';

/** A root key that cannot be used; the message is one line naming the file or the variable. */
export class RootKeyError extends Error {
  override readonly name = 'RootKeyError';
}

export interface RootKey {
  key: Buffer;
  /** How messages name it: `the root key file <path>`, or `OPENKMS_ROOT_KEY`. */
  source: string;
}

export interface RootKeyOptions {
  /** The value of OPENKMS_ROOT_KEY: when set, it is the root key and the file is not read. */
  fromEnvironment: string | undefined;
  /** Whether a missing file may be created and a loose one made private (serve, admin; audit only reads). */
  create: boolean;
  /** The database sealed under this key: while it exists, a missing file is an error, never a new key. */
  databasePath: string;
}

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{43}|[A-Za-z0-9_-]{43})=?$/;

/** 64 hex characters, or base64 (standard or URL-safe, padding optional) of exactly 32 bytes; nothing else. */
export function parseRootKey(text: string): Buffer {
  const trimmed = text.trim();
  if (HEX.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    // Buffer.from ignores stray bits in the last character; only the one canonical spelling of 32 bytes counts.
    const canonical = key.toString('base64url') === trimmed.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    if (key.length === 32 && canonical) return key;
    key.fill(0);
  }
  throw new RootKeyError('a root key is 32 bytes, written as 64 hex characters or base64');
}

export function loadRootKey(dataDir: string, options: RootKeyOptions): RootKey {
  if (options.fromEnvironment !== undefined) {
    // An empty value is a deployment whose secret did not arrive: falling back to a file would hide that.
    if (options.fromEnvironment.trim() === '') throw new RootKeyError(`${ROOT_KEY_VARIABLE} is set but empty`);
    return { key: parse(options.fromEnvironment, ROOT_KEY_VARIABLE), source: ROOT_KEY_VARIABLE };
  }
  const path = join(dataDir, ROOT_KEY_FILE);
  const source = `the root key file ${path}`;
  let text: string;
  try {
    if (options.create) makePrivate(path, source);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error instanceof RootKeyError ? error : new RootKeyError(`cannot read ${source}: ${reason(error)}`);
    // A new key beside existing data would seal new secrets under another key than the old ones: refuse instead.
    if (databaseExists(options.databasePath)) {
      throw new RootKeyError(
        `${source} is missing, but the database ${options.databasePath} exists: restore the file or set ${ROOT_KEY_VARIABLE} ` +
          '(a new root key is never created beside an existing database)',
      );
    }
    if (!options.create) throw new RootKeyError(`${source} is missing`);
    createRootKeyFile(dataDir, path, source);
    text = readFileSync(path, 'utf8');
  }
  return { key: parse(text, source), source };
}

function parse(text: string, source: string): Buffer {
  try {
    return parseRootKey(text);
  } catch (error) {
    throw new RootKeyError(`${source} is not a root key: ${(error as Error).message}`);
  }
}

/** The root key is readable by its owner only: a looser file is tightened, or refused if that is not allowed. */
function makePrivate(path: string, source: string): void {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, 0o600);
  } catch (error) {
    throw new RootKeyError(`${source} is readable by others (mode ${mode.toString(8)}) and cannot be made private: ${reason(error)}`);
  }
}

/** A database holds data once its file (or its write-ahead log) is not empty; an unreadable one counts as existing. */
function databaseExists(databasePath: string): boolean {
  return [databasePath, `${databasePath}-wal`].some((file) => {
    try {
      return statSync(file).size > 0;
    } catch (error) {
      return code(error) !== 'ENOENT';
    }
  });
}

/**
 * Written to a private temporary file, synced, then linked into place: a process starting at the same moment either
 * links first or finds the complete file, never half of one (a failed link to an existing file keeps the other's key).
 */
function createRootKeyFile(dataDir: string, path: string, source: string): void {
  const temporary = join(dataDir, `${ROOT_KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const key = randomBytes(32);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, key.toString('base64') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temporary, path);
    } catch (error) {
      if (code(error) !== 'EEXIST') throw error;
    }
    syncDirectory(dataDir);
  } catch (error) {
    throw new RootKeyError(`cannot create ${source}: ${reason(error)}`);
  } finally {
    key.fill(0);
    rmSync(temporary, { force: true });
  }
}

/** The new name is durable once its directory is synced (best effort: not every platform syncs a directory). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The file itself is synced; at worst a crash right now loses a key that nothing is sealed under yet.
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** "EACCES: permission denied, open '...'" → "permission denied". */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}
