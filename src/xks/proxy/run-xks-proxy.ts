// Puts a proxy together from its settings: the key backend (the sealed local key file by default, or a PKCS#11
// token), the credentials (a credentials file, or XKS_PROXY_ACCESS_KEY_ID / XKS_PROXY_SECRET_ACCESS_KEY), TLS, and the
// listener. Changes are picked up without a restart: the credentials file and the key state files are watched, and
// `reload()` (SIGHUP in the CLI) reads all of them again, with the TLS certificate and key files. A reload that fails
// keeps what was in force and says why.

import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { CredentialsError, credentialsFromEnvironment, readCredentialsFile, type CredentialSet } from './credentials.js';
import type { KeyBackend } from './key-backend.js';
import { LocalKeyBackend } from './local-key-backend.js';
import { ensureDataDir, openSealer } from './local-key-file.js';
import type { Pkcs11Settings } from './pkcs11-session-pool.js';
import { startXksProxy, type ProxyTls, type RunningProxy } from './xks-proxy-server.js';

export interface ProxySettings {
  host: string;
  port: number;
  dataDir: string;
  uriPrefix: string;
  region?: string;
  /** PEM files; undefined only with --insecure-http. */
  tls?: { certPath: string; keyPath: string; clientCaPath?: string; clientName?: string };
  credentialsFile?: string;
  pkcs11?: Pkcs11Settings;
  proxyModel: string;
}

export interface RunningXksProxy {
  proxy: RunningProxy;
  backendName: string;
  /** Reads credentials and key state again; resolves with what changed or failed, for the log. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openBackend(settings: Pick<ProxySettings, 'dataDir' | 'pkcs11'>, env: NodeJS.ProcessEnv): Promise<KeyBackend> {
  ensureDataDir(settings.dataDir);
  if (settings.pkcs11 !== undefined) {
    // Loaded only when asked for: the native PKCS#11 addon stays out of every other command's start.
    const { Pkcs11KeyBackend } = await import('./pkcs11-key-backend.js');
    return Pkcs11KeyBackend.open(settings.dataDir, settings.pkcs11);
  }
  return LocalKeyBackend.open(settings.dataDir, openSealer(settings.dataDir, env, true));
}

export function loadCredentials(credentialsFile: string | undefined, env: NodeJS.ProcessEnv): CredentialSet {
  if (credentialsFile !== undefined) return readCredentialsFile(credentialsFile);
  const fromEnvironment = credentialsFromEnvironment(env);
  if (fromEnvironment === undefined) {
    throw new CredentialsError('no proxy credentials: set XKS_PROXY_ACCESS_KEY_ID and XKS_PROXY_SECRET_ACCESS_KEY, or give --credentials-file');
  }
  return fromEnvironment;
}

export async function runXksProxy(settings: ProxySettings, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<RunningXksProxy> {
  let credentials = loadCredentials(settings.credentialsFile, env);
  const tls = settings.tls === undefined ? undefined : readTls(settings.tls);
  const backend = await openBackend(settings, env);
  let proxy: RunningProxy;
  try {
    proxy = await startXksProxy({
      host: settings.host,
      port: settings.port,
      uriPrefix: settings.uriPrefix,
      credentials: () => credentials,
      backend,
      tls,
      ...(settings.region !== undefined ? { region: settings.region } : {}),
      proxyModel: settings.proxyModel,
      log,
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  const event = (what: string, detail?: string) => log(JSON.stringify({ time: new Date().toISOString(), event: what, ...(detail !== undefined ? { detail } : {}) }));

  const reloadCredentials = () => {
    if (settings.credentialsFile === undefined) return;
    try {
      credentials = readCredentialsFile(settings.credentialsFile);
      event('credentials reloaded', `${credentials.size} credential(s)`);
    } catch (error) {
      event('credentials reload failed; the previous credentials stay in force', (error as Error).message);
    }
  };
  const reloadKeys = async () => {
    try {
      await backend.reload();
      event('keys reloaded');
    } catch (error) {
      event('keys reload failed; the previous key state stays in force', (error as Error).message);
    }
  };

  const watchers: FSWatcher[] = [];
  const watchFile = (path: string, onChange: () => void) => {
    // The directory is watched: the CLI replaces files by renaming, which a watch on the file itself would lose.
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dirname(path), (_type, name) => {
      if (name !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, 50);
    });
    watcher.unref();
    watchers.push(watcher);
  };
  if (settings.credentialsFile !== undefined) watchFile(settings.credentialsFile, reloadCredentials);
  watchFile(backend.stateFile, () => void reloadKeys());

  return {
    proxy,
    backendName: settings.pkcs11 !== undefined ? `PKCS#11 token ${settings.pkcs11.tokenLabel}` : `sealed key file in ${settings.dataDir}`,
    reload: async () => {
      reloadCredentials();
      await reloadKeys();
      if (settings.tls !== undefined) {
        try {
          proxy.setTls(readTls(settings.tls));
          event('TLS certificate reloaded');
        } catch (error) {
          event('TLS reload failed; the previous certificate stays in force', (error as Error).message);
        }
      }
    },
    close: async () => {
      for (const watcher of watchers) watcher.close();
      await proxy.close();
      await backend.close();
    },
  };
}

function readTls(files: NonNullable<ProxySettings['tls']>): ProxyTls {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  return {
    cert: read(files.certPath, 'TLS certificate'),
    key: read(files.keyPath, 'TLS key'),
    ...(files.clientCaPath !== undefined ? { clientCa: read(files.clientCaPath, 'TLS client CA') } : {}),
    ...(files.clientName !== undefined ? { clientName: files.clientName } : {}),
  };
}
