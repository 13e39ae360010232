// TagResource: adds tags to a key or replaces the values of existing tag keys (docs/kms-behaviour.md 2.7, 6.2).

import type { TagResourceRequest } from '../api/model.generated.js';
import { assertValidTagRequest, mergeTags } from '../domain/tags.js';
import type { OperationContext } from './context.js';
import { changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';
import { tagConditions } from './steps/tag-conditions.js';

export async function tagResource(ctx: OperationContext, input: TagResourceRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, { action: 'kms:TagResource', resource: key.arn, key, conditions: tagConditions(input.Tags) });
  assertValidTagRequest(input.Tags);
  await changeKey(ctx, key, (fresh) => {
    fresh.tags = mergeTags(fresh.tags, input.Tags);
  });
  ctx.audit.responseElements = { keyId: key.arn };
}
