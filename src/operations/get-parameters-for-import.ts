// GetParametersForImport: a fresh RSA (or, in China Regions, SM2) wrapping key pair for each call, its public key (DER
// SubjectPublicKeyInfo) and an import token binding its private key to this key, the wrapping parameters and a 24-hour
// validity (docs/kms-behaviour.md 4.2).

import type { GetParametersForImportRequest, GetParametersForImportResponse } from '../api/model.generated.js';
import { assertExternalOrigin } from '../domain/key-material.js';
import { assertKeyStateAllows } from '../domain/key-state.js';
import type { OperationContext } from './context.js';
import { withCryptoErrorsAsync } from './steps/crypto-errors.js';
import { resolveKey } from './steps/resolve-key.js';
import { assertWrappingFitsKeySpec, assertWrappingRequest } from './steps/wrapping-parameters.js';

/** ParametersValidTo is the request time plus 24 hours (4.2). */
export const IMPORT_PARAMETERS_VALID_MS = 24 * 3_600_000;

export async function getParametersForImport(
  ctx: OperationContext,
  input: GetParametersForImportRequest,
): Promise<GetParametersForImportResponse> {
  const wrappingKeySpec = assertWrappingRequest(input.WrappingAlgorithm, input.WrappingKeySpec, ctx.region);
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await ctx.authorizer.authorize(ctx, {
    action: 'kms:GetParametersForImport',
    resource: key.arn,
    key,
    conditions: { 'kms:WrappingAlgorithm': input.WrappingAlgorithm, 'kms:WrappingKeySpec': input.WrappingKeySpec },
  });
  assertExternalOrigin(key);
  assertKeyStateAllows(ctx.operation, key);
  assertWrappingFitsKeySpec(key.keySpec, input.WrappingAlgorithm, wrappingKeySpec);

  // RSA key generation runs on libuv's thread pool (RSA_4096 takes about a second) once admitted; beyond the limits it
  // is ThrottlingException. Nothing is written either way.
  const pair = await withCryptoErrorsAsync(() => ctx.keyPairs.generate(wrappingKeySpec));
  const parametersValidTo = new Date(ctx.now.getTime() + IMPORT_PARAMETERS_VALID_MS);
  let importToken: Buffer;
  try {
    importToken = ctx.importTokens.issue(
      {
        accountId: key.accountId,
        region: key.region,
        keyId: key.keyId,
        wrappingAlgorithm: input.WrappingAlgorithm,
        wrappingKeySpec,
        parametersValidTo,
        importEpoch: key.importEpoch ?? 0,
      },
      pair.privateKeyPkcs8Der,
    );
  } finally {
    pair.privateKeyPkcs8Der.fill(0);
  }
  return { KeyId: key.arn, ImportToken: importToken, PublicKey: pair.publicKeySpkiDer, ParametersValidTo: parametersValidTo };
}
