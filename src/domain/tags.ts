// Tag rules of AWS KMS (docs/kms-behaviour.md 2.7 and 6.2): at most 50 per key, no `aws:` prefix, no duplicate keys
// in one request, and TagResource with an existing key replaces its value.

import { TagException } from '../api/errors.js';
import type { Tag } from './kms-key.js';

export const MAX_TAGS_PER_KEY = 50;

/** Checks the tags of one request (CreateKey or TagResource). Length limits are model constraints, checked before. */
export function assertValidTagRequest(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) throw new TagException('Tags beginning with aws: are reserved');
    if (seen.has(tag.TagKey)) throw new TagException('Duplicate tag keys');
    seen.add(tag.TagKey);
  }
  if (tags.length > MAX_TAGS_PER_KEY) throw new TagException('Too many tags');
}

/** The tags of a key after TagResource: existing keys get the new value, new keys are appended in request order. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = existing.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const current = merged.find((t) => t.TagKey === tag.TagKey);
    if (current) current.TagValue = tag.TagValue;
    else merged.push({ TagKey: tag.TagKey, TagValue: tag.TagValue });
  }
  if (merged.length > MAX_TAGS_PER_KEY) throw new TagException('Too many tags');
  return merged;
}

/** UntagResource: unknown tag keys are ignored silently, as AWS does. */
export function removeTags(existing: readonly Tag[], tagKeys: readonly string[]): Tag[] {
  const removed = new Set(tagKeys);
  return existing.filter((tag) => !removed.has(tag.TagKey));
}
