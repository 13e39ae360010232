// The seam between the proxy's HTTP side and where its keys live: a backend finds an external key by id and runs
// AES-256-GCM under it with the IV and framed AAD the proxy gives. Two backends implement it: the sealed local key
// file (local-key-backend.ts) and a PKCS#11 token (pkcs11-key-backend.ts).

import type { EkmHealthStatus } from '../wire.js';

export type KeyUse = 'ENCRYPT' | 'DECRYPT';

export interface ExternalKey {
  readonly id: string;
  readonly usage: ReadonlySet<KeyUse>;
  readonly enabled: boolean;
  /** AES_256 unless the key manager holds something else under this id (undefined: AES_256). */
  readonly keySpec?: string;
  /** AES-256-GCM with a 12-byte IV and a 16-byte tag, returned apart from the ciphertext. */
  encrypt(iv: Buffer, plaintext: Buffer, aad: Buffer): Promise<{ ciphertext: Buffer; tag: Buffer }>;
  /** Throws KeyBackendError('bad-ciphertext') when the tag does not verify. */
  decrypt(iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Promise<Buffer>;
}

export interface KeyBackend {
  /** For GetHealthStatus: who makes the key manager and what this one is. */
  readonly ekmVendor: string;
  readonly ekmModel: string;
  findKey(id: string): Promise<ExternalKey | undefined>;
  /** The dedicated key of the deep health check, never one a KMS key can name. */
  healthKey(): Promise<ExternalKey>;
  /** The file whose change means the keys' state changed (the proxy watches it and then calls reload). */
  readonly stateFile: string;
  /** Reads the keys' state again (after the CLI changed it); the old state stays if this throws. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a backend reports besides success: a tag that does not verify, a pool with no free session (the proxy says
 * ThrottlingException rather than wait), a device that is down or answers in error (InternalException).
 */
export type BackendFailure = 'bad-ciphertext' | 'busy' | 'unavailable' | 'timeout' | 'key-usage';

export class KeyBackendError extends Error {
  override readonly name = 'KeyBackendError';
  constructor(
    readonly failure: BackendFailure,
    message: string,
  ) {
    super(message);
  }
}
