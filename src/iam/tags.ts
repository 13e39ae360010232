// Tags of IAM users and roles: TagUser/TagRole add or overwrite by key (at most 50 per entity), UntagUser/UntagRole
// remove by key.

import type { IamTag } from '../storage/repository.js';
import { invalidInput, limitExceeded } from './iam-error.js';
import { TAG_PATTERN, type IamInput } from './iam-input.js';

export const TAGS_PER_ENTITY = 50;

/** `current` with `added` set by key (a key's case is kept as first added; keys compare case-insensitively in IAM). */
export function mergeTags(current: readonly IamTag[], added: readonly IamTag[], entity: 'User' | 'Role'): IamTag[] {
  assertDistinctKeys(added);
  const merged = current.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const existing = merged.find((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (existing) existing.Value = tag.Value;
    else merged.push({ ...tag });
  }
  if (merged.length > TAGS_PER_ENTITY) throw limitExceeded(`Cannot exceed quota for TagsPer${entity}: ${TAGS_PER_ENTITY}`);
  return merged;
}

export function removeTags(current: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const removed = new Set(keys.map((key) => key.toLowerCase()));
  return current.filter((tag) => !removed.has(tag.Key.toLowerCase()));
}

/** `TagKeys.member.N`: 1 to 50 keys. */
export function tagKeysInput(input: IamInput): string[] {
  const keys = input.list('TagKeys', { min: 1, max: 128, pattern: TAG_PATTERN });
  if (keys.length === 0) input.text('TagKeys', { min: 1, max: 1, required: true });
  if (keys.length > TAGS_PER_ENTITY) input.text('TagKeys', { min: 0, max: 0, required: true });
  return keys;
}

/** Duplicate keys in one request are refused, as IAM does. */
export function assertDistinctKeys(tags: readonly IamTag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
}
