// DescribeKey: KeyMetadata of a key named by key id, key ARN, alias name or alias ARN; allowed in every key state.

import type { DescribeKeyRequest, DescribeKeyResponse } from '../api/model.generated.js';
import { keyMetadata } from '../domain/kms-key.js';
import type { OperationContext } from './context.js';
import { resolveKey } from './steps/resolve-key.js';

export async function describeKey(ctx: OperationContext, input: DescribeKeyRequest): Promise<DescribeKeyResponse> {
  const { key, requestAlias } = await resolveKey(ctx, input.KeyId, { allowAlias: true });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:DescribeKey',
    resource: key.arn,
    key,
    conditions: { 'kms:RequestAlias': requestAlias },
    // The model gives DescribeKey no InvalidGrantTokenException: its grant tokens are not checked. openkms's grants
    // take effect at once, so a token never decides a call; an unknown one simply allows nothing.
  });
  return { KeyMetadata: keyMetadata(key) };
}
