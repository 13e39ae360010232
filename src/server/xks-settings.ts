// How openkms reaches the XKS proxies of external key stores, beyond what AWS allows in the store itself (whose
// endpoint stays `https://` + a host name, port 443): `--xks-ca-bundle FILE` (env OPENKMS_XKS_CA_BUNDLE) adds PEM
// certificates to the system's trusted roots, and `--xks-resolve HOST=ADDRESS:PORT` (repeatable; env
// OPENKMS_XKS_RESOLVE, entries separated by commas or spaces) sends a host name to another address and port, as
// curl's --resolve does, e.g. a proxy on this machine. docs/external-key-stores.md.

import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { XksClientOptions } from '../xks/client/xks-proxy-client.js';

export interface XksSettings {
  caBundleFile?: string;
  resolve: { host: string; address: string; port: number }[];
}

/** Flags over the environment; undefined when neither sets anything. Throws a plain Error naming the bad entry. */
export function xksSettings(flags: { xksCaBundle?: string; xksResolve?: string[] }, env: NodeJS.ProcessEnv): XksSettings | undefined {
  const caBundleFile = flags.xksCaBundle ?? (env.OPENKMS_XKS_CA_BUNDLE || undefined);
  const entries = flags.xksResolve && flags.xksResolve.length > 0 ? flags.xksResolve : (env.OPENKMS_XKS_RESOLVE ?? '').split(/[\s,]+/).filter(Boolean);
  if (caBundleFile === undefined && entries.length === 0) return undefined;
  return { ...(caBundleFile !== undefined ? { caBundleFile } : {}), resolve: entries.map(parseResolveEntry) };
}

export function parseResolveEntry(entry: string): { host: string; address: string; port: number } {
  const match = /^([A-Za-z0-9.-]+)=(.+):(\d{1,5})$/.exec(entry);
  const address = match?.[2]?.replace(/^\[(.*)\]$/, '$1');
  const port = Number(match?.[3]);
  if (!match || !address || !isIP(address) || !(port >= 1 && port <= 65535)) {
    throw new Error(`--xks-resolve takes HOST=ADDRESS:PORT (an IP address and a port): '${entry}'`);
  }
  return { host: match[1]!.toLowerCase(), address, port };
}

/** The client options the settings make; the CA bundle is read once, at start. */
export function xksClientOptions(settings: XksSettings | undefined, attemptTimeoutMs?: number): XksClientOptions {
  const options: XksClientOptions = {};
  if (settings?.caBundleFile !== undefined) options.caBundle = readCaBundle(settings.caBundleFile);
  if (settings && settings.resolve.length > 0) options.resolve = new Map(settings.resolve.map(({ host, address, port }) => [host, { address, port }]));
  if (attemptTimeoutMs !== undefined) options.attemptTimeoutMs = attemptTimeoutMs;
  return options;
}

/** The PEM file of --xks-ca-bundle; a start with one that cannot be read or holds no certificate fails, naming it. */
function readCaBundle(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--xks-ca-bundle ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--xks-ca-bundle ${file}: no PEM certificate in it`);
  return text;
}
