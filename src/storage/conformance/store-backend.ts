// What the store conformance suite needs of a backend: how to open an empty store and dispose of it, and two views
// that only the backend can give: its audit trail as verification reads it, and a raw scan of what it keeps.

import type { AuditLogReader } from '../../audit/audit-log-reader.js';
import type { Sealer } from '../../crypto/sealer.js';
import type { Store } from '../repository.js';

export interface StoreBackend {
  /** A new, empty store whose secrets are sealed by `sealer`. */
  open(sealer: Sealer): Promise<Store>;
  /** Closes `store` and removes whatever `open` made for it. */
  cleanup(store: Store): Promise<void>;
  /** The store's audit trail as export and verification read it (audit/audit-verify.ts); a server backend reads a snapshot. */
  auditLogReader(store: Store): AuditLogReader | Promise<AuditLogReader>;
  /**
   * Every place (a file, a table's column…) of what the backend keeps for `store` whose raw bytes contain one of
   * `needles`, read below the store's own code: the files themselves for SQLite, every column of every table for a
   * database server. Committed data must be in what it reads.
   */
  findBytes(store: Store, needles: readonly Buffer[]): Promise<string[]>;
}

/** Runs `work` on a fresh store of the backend, and disposes of it whatever happens. */
export type UseStore = (work: (store: Store) => Promise<void>) => Promise<void>;
