// The proxy authentication credentials of a logical key store: access key id → secret, at least one, and room for
// two or more at once so that a credential can be rotated (add the new one, UpdateCustomKeyStore, remove the old).
// They come from XKS_PROXY_ACCESS_KEY_ID / XKS_PROXY_SECRET_ACCESS_KEY or from a credentials file, which the server
// reads again on SIGHUP or when the file changes.

import { readFileSync } from 'node:fs';
import { XKS_ACCESS_KEY_ID_PATTERN, XKS_SECRET_PATTERN } from '../wire.js';

export const ACCESS_KEY_ID_VARIABLE = 'XKS_PROXY_ACCESS_KEY_ID';
export const SECRET_VARIABLE = 'XKS_PROXY_SECRET_ACCESS_KEY';

/** At most this many credentials per prefix: rotation needs two, a few more cost nothing. */
export const MAX_CREDENTIALS = 8;

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

export interface ProxyCredential {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Secrets by access key id; an id maps to one secret only. */
export type CredentialSet = ReadonlyMap<string, string>;

export function credentialSet(credentials: readonly ProxyCredential[], source: string): CredentialSet {
  if (credentials.length === 0) throw new CredentialsError(`${source}: no credential`);
  if (credentials.length > MAX_CREDENTIALS) throw new CredentialsError(`${source}: at most ${MAX_CREDENTIALS} credentials`);
  const set = new Map<string, string>();
  for (const { accessKeyId, secretAccessKey } of credentials) {
    if (!XKS_ACCESS_KEY_ID_PATTERN.test(accessKeyId)) {
      throw new CredentialsError(`${source}: an access key id is 20-30 characters of A-Z and 2-7`);
    }
    if (!XKS_SECRET_PATTERN.test(secretAccessKey)) {
      throw new CredentialsError(`${source}: the secret of ${accessKeyId} is not 43-64 characters of A-Z a-z 0-9 + / =`);
    }
    if (set.has(accessKeyId)) throw new CredentialsError(`${source}: the access key id ${accessKeyId} is given twice`);
    set.set(accessKeyId, secretAccessKey);
  }
  return set;
}

/**
 * A credentials file: `{"credentials": [{"AccessKeyId": "...", "RawSecretAccessKey": "..."}, ...]}`, the member
 * names of the KMS API's XksProxyAuthenticationCredential.
 */
export function readCredentialsFile(path: string): CredentialSet {
  const source = `the credentials file ${path}`;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CredentialsError(`${source} cannot be read as JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const list = (document as { credentials?: unknown } | null)?.credentials;
  if (!Array.isArray(list)) throw new CredentialsError(`${source}: expected {"credentials": [{"AccessKeyId": ..., "RawSecretAccessKey": ...}]}`);
  const credentials = list.map((entry: unknown) => {
    const { AccessKeyId, RawSecretAccessKey } = (entry ?? {}) as Record<string, unknown>;
    if (typeof AccessKeyId !== 'string' || typeof RawSecretAccessKey !== 'string') {
      throw new CredentialsError(`${source}: every credential has the strings AccessKeyId and RawSecretAccessKey`);
    }
    return { accessKeyId: AccessKeyId, secretAccessKey: RawSecretAccessKey };
  });
  return credentialSet(credentials, source);
}

/** The credential of XKS_PROXY_ACCESS_KEY_ID / XKS_PROXY_SECRET_ACCESS_KEY; undefined when neither is set. */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv): CredentialSet | undefined {
  const accessKeyId = env[ACCESS_KEY_ID_VARIABLE];
  const secretAccessKey = env[SECRET_VARIABLE];
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new CredentialsError(`${ACCESS_KEY_ID_VARIABLE} and ${SECRET_VARIABLE} are set together`);
  }
  return credentialSet([{ accessKeyId, secretAccessKey }], `${ACCESS_KEY_ID_VARIABLE}/${SECRET_VARIABLE}`);
}
