// Test support: a scratch certificate authority made by the openssl command line, and a server certificate it signs
// for one host name, so TLS tests run against a proxy that a client trusts only through an extra CA bundle.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScratchCertificates {
  dir: string;
  /** The CA's certificate (PEM file), for --xks-ca-bundle. */
  caFile: string;
  cert: string;
  key: string;
  dispose(): void;
}

function run(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd });
  if (result.error) {
    throw new Error(`Could not run openssl (${result.error.message}): the XKS tests make their certificates with it. Install openssl (apt-get install openssl).`);
  }
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr.toString()}`);
}

/** A CA and a certificate for `host` (subjectAltName DNS:host), valid for a day. */
export function scratchCertificates(host: string): ScratchCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-xks-ca-'));
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=openkms test XKS CA'], dir);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${host}`], dir);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf'], dir);
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
