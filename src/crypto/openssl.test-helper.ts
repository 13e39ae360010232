// Test support: runs the openssl command line on temporary files, so crypto tests can prove
// that what we produce is what OpenSSL (and so AWS's documented procedures) expects.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpensslResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `openssl <args>`; fails the test with a clear hint when openssl is not installed. */
export function openssl(args: string[], input?: Uint8Array): OpensslResult {
  const result = spawnSync('openssl', args, { input, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) {
    throw new Error(
      `Could not run openssl (${result.error.message}). These tests check our output against OpenSSL: ` +
        'install openssl (e.g. `apt-get install openssl`) and run them again.',
    );
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** Runs openssl and returns stdout, throwing with its stderr when it exits non-zero. */
export function opensslOk(args: string[], input?: Uint8Array): Buffer {
  const result = openssl(args, input);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A temporary folder for openssl's input and output files; call dispose() in an after hook. */
export class TempFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'openkms-crypto-'));

  /** Writes `data` to a file named `name` and returns its path. */
  write(name: string, data: Uint8Array | string): string {
    const path = join(this.dir, name);
    writeFileSync(path, data);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(join(this.dir, name));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** PEM armour around DER bytes, e.g. pem('PUBLIC KEY', spki). */
export function pem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`.replace('\n\n', '\n');
}
