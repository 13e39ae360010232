// A throwaway certificate authority made with the openssl command line, for the XKS proxy's TLS and mTLS tests: a CA,
// then server or client certificates it signs, with the DNS names and IP addresses asked for, in a temporary directory.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IssuedCertificate {
  cert: Buffer;
  key: Buffer;
  certPath: string;
  keyPath: string;
}

export class ScratchCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'openkms-scratch-ca-'));
  readonly certPath: string;
  readonly keyPath: string;
  #serial = 1;

  constructor(readonly name = 'openkms test CA') {
    this.keyPath = join(this.dir, 'ca.key');
    this.certPath = join(this.dir, 'ca.pem');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', this.keyPath, '-out', this.certPath, '-days', '2', '-subj', `/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  }

  get cert(): Buffer {
    return readFileSync(this.certPath);
  }

  /** A leaf for `commonName` with these subject alternative names (`DNS:…`, `IP:…`), for TLS servers or clients. */
  issue(commonName: string, altNames: string[], usage: 'serverAuth' | 'clientAuth'): IssuedCertificate {
    const base = join(this.dir, `leaf-${this.#serial}`);
    const extensions = `${base}.ext`;
    writeFileSync(extensions, `basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=${usage}\n${altNames.length ? `subjectAltName=${altNames.join(',')}\n` : ''}`);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${commonName}`]);
    openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', this.certPath, '-CAkey', this.keyPath, '-set_serial', String(this.#serial++), '-days', '1', '-out', `${base}.pem`, '-extfile', extensions]);
    return { cert: readFileSync(`${base}.pem`), key: readFileSync(`${base}.key`), certPath: `${base}.pem`, keyPath: `${base}.key` };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`openssl is required for this test (apt-get install openssl): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}
