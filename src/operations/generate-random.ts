// GenerateRandom: 1-1024 random bytes from the operating system's CSPRNG; authorized by identity policies only.

import { randomBytes } from 'node:crypto';
import type { GenerateRandomRequest, GenerateRandomResponse } from '../api/model.generated.js';
import { CustomKeyStoreNotFoundException, UnsupportedOperationException, ValidationException } from '../api/errors.js';
import type { OperationContext } from './context.js';

export async function generateRandom(ctx: OperationContext, input: GenerateRandomRequest): Promise<GenerateRandomResponse> {
  await ctx.authorizer.authorize(ctx, { action: 'kms:GenerateRandom', resource: '*' });
  // Not a model constraint, but AWS's own check (kms-behaviour.md 3.7).
  if (input.NumberOfBytes === undefined) throw new ValidationException('NumberOfBytes is required.');
  if (input.CustomKeyStoreId !== undefined) {
    // Only CloudHSM key stores make random bytes; openkms hosts external key stores alone (kms-behaviour.md 3.7).
    if (await ctx.store.getCustomKeyStore(ctx, input.CustomKeyStoreId)) {
      throw new UnsupportedOperationException(`GenerateRandom does not support external key store ${input.CustomKeyStoreId}: only CloudHSM key stores can generate random bytes.`);
    }
    throw new CustomKeyStoreNotFoundException(`Custom key store '${input.CustomKeyStoreId}' does not exist.`);
  }
  return { Plaintext: randomBytes(input.NumberOfBytes) };
}
