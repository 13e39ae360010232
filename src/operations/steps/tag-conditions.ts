// The request-tag condition keys of CreateKey, TagResource and UntagResource: aws:RequestTag/<key> and aws:TagKeys.

import type { ConditionValue } from '../context.js';

export function tagConditions(tags: readonly { TagKey: string; TagValue?: string }[]): Record<string, ConditionValue> {
  const conditions: Record<string, ConditionValue> = { 'aws:TagKeys': tags.map((tag) => tag.TagKey) };
  for (const tag of tags) if (tag.TagValue !== undefined) conditions[`aws:RequestTag/${tag.TagKey}`] = tag.TagValue;
  return conditions;
}
