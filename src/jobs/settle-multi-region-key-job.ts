// The end of a multi-Region key's transient state: a new replica leaves Creating (Enabled, or PendingImport for
// imported material), and both keys of UpdatePrimaryRegion leave Updating for the state they had (docs/kms-behaviour.md
// 1.1, 10). A persisted job, so a restart in between still settles the key.

import { settledState } from '../domain/multi-region.js';
import type { JobRecord, StoreWriter } from '../storage/repository.js';

export function settleMultiRegionKeyJob() {
  return async (job: JobRecord, tx: StoreWriter): Promise<void> => {
    const key = await tx.getKey(job, job.keyId);
    if (!key || (key.keyState !== 'Creating' && key.keyState !== 'Updating')) return;
    key.keyState = settledState(key);
    delete key.settlesTo;
    await tx.putKey(key);
  };
}
