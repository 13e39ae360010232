// UntagResource: removes tags by key; tag keys the key does not have are ignored, as AWS does.

import type { UntagResourceRequest } from '../api/model.generated.js';
import { removeTags } from '../domain/tags.js';
import type { OperationContext } from './context.js';
import { changeKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function untagResource(ctx: OperationContext, input: UntagResourceRequest): Promise<void> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:UntagResource',
    resource: key.arn,
    key,
    conditions: { 'aws:TagKeys': input.TagKeys },
  });
  await changeKey(ctx, key, (fresh) => {
    fresh.tags = removeTags(fresh.tags, input.TagKeys);
  });
  ctx.audit.responseElements = { keyId: key.arn };
}
