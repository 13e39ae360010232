// Reads the PEM certificate chain and private key of --tls-cert/--tls-key, and checks that they make a usable TLS
// identity (the key is the certificate's), so that a wrong pair stops the start, or is refused by a SIGHUP reload,
// with one line naming the file, instead of failing every handshake later.

import { createSecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { TlsIdentity } from './http-listener.js';
import type { TlsFiles } from './ops-settings.js';

export function readTlsIdentity(files: TlsFiles): TlsIdentity {
  const cert = readPem(files.certFile, 'certificate', /-----BEGIN CERTIFICATE-----/);
  const key = readPem(files.keyFile, 'private key', /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/);
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    key.fill(0);
    throw new Error(`TLS: ${files.keyFile} is not the private key of ${files.certFile} (${reason})`);
  }
  return { cert, key };
}

function readPem(file: string, what: string, header: RegExp): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`TLS: cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(error))}`);
  }
  if (!header.test(bytes.toString('latin1'))) {
    bytes.fill(0);
    throw new Error(`TLS: ${file} holds no PEM ${what}${what === 'private key' ? ' (an unencrypted PKCS#8, PKCS#1 or SEC1 key)' : ''}`);
  }
  return bytes;
}
