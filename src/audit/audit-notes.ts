// What an operation adds to the record of its call beyond its input and output: the keys it touched, and the
// additionalEventData and responseElements its record shows (docs/kms-behaviour.md 9.1).

import type { KmsKey } from '../domain/kms-key.js';

/** Facts an operation learns that belong in its audit record (e.g. the key it resolved to). */
export interface AuditNotes {
  resources: KmsKey[];
  additionalEventData?: Record<string, unknown>;
  /** responseElements for operations whose record shows more than their response (e.g. keyId, docs 9.1). */
  responseElements?: Record<string, unknown> | null;
  /**
   * Records of the same call in another Region: ReplicateKey is also recorded as CreateKey in the replica's Region,
   * naming the new replica (docs/kms-behaviour.md 9.3, 10).
   */
  alsoInRegion?: { region: string; eventName: string; key: KmsKey }[];
}
