// The condition keys every operation on a KMS key carries from the key itself: kms:KeySpec, kms:KeyUsage,
// kms:KeyOrigin, kms:MultiRegion, kms:MultiRegionKeyType and aws:ResourceTag/<key> (docs/kms-behaviour.md 7.3).

import type { KmsKey } from '../domain/kms-key.js';
import type { ConditionValue } from '../operations/context.js';

export type KeyProperties = Pick<KmsKey, 'keySpec' | 'keyUsage' | 'origin' | 'multiRegion' | 'multiRegionKeyType' | 'tags'>;

/** Condition keys from the key's properties; request values (added after) win where both exist. */
export function keyConditions(key: KeyProperties): Record<string, ConditionValue | undefined> {
  const conditions: Record<string, ConditionValue | undefined> = {
    'kms:KeySpec': key.keySpec,
    'kms:CustomerMasterKeySpec': key.keySpec,
    'kms:KeyUsage': key.keyUsage,
    'kms:CustomerMasterKeyUsage': key.keyUsage,
    'kms:KeyOrigin': key.origin,
    'kms:MultiRegion': key.multiRegion,
    // Absent for single-Region keys (7.3).
    'kms:MultiRegionKeyType': key.multiRegion ? (key.multiRegionKeyType ?? 'PRIMARY') : undefined,
  };
  for (const tag of key.tags) conditions[`aws:ResourceTag/${tag.TagKey}`] = tag.TagValue;
  return conditions;
}
