// An openkms XKS proxy started in-process on 127.0.0.1 (port 0) over a temporary data directory with the sealed
// local key file, and the keys the proxy tests use: both uses, encrypt only, decrypt only, no use, disabled.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialSet, type CredentialSet } from '../../src/xks/proxy/credentials.js';
import { createLocalKey, setLocalKeyStatus } from '../../src/xks/proxy/local-key-admin.js';
import { LocalKeyBackend } from '../../src/xks/proxy/local-key-backend.js';
import { ensureDataDir, openSealer } from '../../src/xks/proxy/local-key-file.js';
import { startXksProxy, type ProxyTls, type RunningProxy } from '../../src/xks/proxy/xks-proxy-server.js';
import type { KeyBackend } from '../../src/xks/proxy/key-backend.js';
import type { XksCredential } from './xks-signed-call.js';

export const URI_PREFIX = '/example/uri/path/prefix';
export const URI_PATH = `${URI_PREFIX}/kms/xks/v1`;
export const CREDENTIAL: XksCredential = { accessKeyId: 'BETWEEN2TENAND3TENCHARACTERS', secretAccessKey: 'PbtgtCWUtR8Hq5sRRkRF0dDPWYwmGu5b2DXOZJMzMFk=' };
export const SECOND_CREDENTIAL: XksCredential = { accessKeyId: 'ROTATEDCREDENTIAL2345', secretAccessKey: 'c2Vjb25kLXNlY3JldC1vZi00My10by02NC1jaGFycw==' };

export interface ProxyFixture {
  proxy: RunningProxy;
  dataDir: string;
  backend: KeyBackend;
  logs: string[];
  setCredentials(set: CredentialSet): void;
  disable(keyId: string): Promise<void>;
  enable(keyId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startProxyFixture(options: { tls?: ProxyTls; backend?: KeyBackend } = {}): Promise<ProxyFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkms-xks-proxy-'));
  ensureDataDir(dataDir);
  const sealer = openSealer(dataDir, {}, true);
  for (const [keyId, usage] of [
    ['key-both', ['ENCRYPT', 'DECRYPT']],
    ['key-encrypt', ['ENCRYPT']],
    ['key-decrypt', ['DECRYPT']],
    ['key-none', []],
    ['key-disabled', ['ENCRYPT', 'DECRYPT']],
  ] as const) {
    createLocalKey(dataDir, sealer, keyId, [...usage]);
  }
  setLocalKeyStatus(dataDir, sealer, 'key-disabled', 'DISABLED');
  const backend = options.backend ?? (await LocalKeyBackend.open(dataDir, sealer));
  let credentials = credentialSet([CREDENTIAL, SECOND_CREDENTIAL], 'test');
  const logs: string[] = [];
  const proxy = await startXksProxy({
    host: '127.0.0.1',
    port: 0,
    uriPrefix: URI_PREFIX,
    credentials: () => credentials,
    backend,
    tls: options.tls,
    proxyModel: 'openkms xks-proxy test',
    log: (line) => logs.push(line),
  });
  const setStatus = async (keyId: string, status: 'ENABLED' | 'DISABLED') => {
    setLocalKeyStatus(dataDir, sealer, keyId, status);
    await backend.reload();
  };
  return {
    proxy,
    dataDir,
    backend,
    logs,
    setCredentials: (set) => {
      credentials = set;
    },
    disable: (keyId) => setStatus(keyId, 'DISABLED'),
    enable: (keyId) => setStatus(keyId, 'ENABLED'),
    close: async () => {
      await proxy.close();
      await backend.close();
      sealer.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
