// Writing all keys of a multi-Region set inside one transaction, so that every key of the set shows the same primary
// and replicas (domain/multi-region.ts, docs/kms-behaviour.md 10). ReplicateKey, UpdatePrimaryRegion and the deletion
// job change a set.

import { relatedScope, setMultiRegionSet } from '../domain/multi-region.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { StoreWriter } from '../storage/repository.js';

/**
 * Gives every key of the set `keyId` in `accountId` (primary and replicas as now decided) the set's Regions and
 * writes it. `known` are keys the caller already holds (changed or new): they are written as given; the others are
 * read from `tx`. Returns the keys written, the primary first.
 */
export async function writeMultiRegionSet(
  tx: StoreWriter,
  set: { accountId: string; keyId: string },
  known: readonly KmsKey[],
  primaryRegion: string,
  replicaRegions: readonly string[],
): Promise<KmsKey[]> {
  const written: KmsKey[] = [];
  for (const region of [primaryRegion, ...replicaRegions]) {
    const key = known.find((candidate) => candidate.region === region) ?? (await tx.getKey(relatedScope(set, region), set.keyId));
    if (!key) continue;
    setMultiRegionSet(key, primaryRegion, replicaRegions);
    await tx.putKey(key);
    written.push(key);
  }
  return written;
}
