// ListKeyRotations: a key's key materials, oldest first. ROTATIONS_ONLY (default) lists the materials that rotations
// made; ALL_KEY_MATERIAL adds the first material and any material pending rotation. Limit 1-1000 (default 100) with
// Marker pagination (docs/kms-behaviour.md sections 4.7, 5 and 8.5).

import type { ListKeyRotationsRequest, ListKeyRotationsResponse, RotationsListEntry } from '../api/model.generated.js';
import { assertRotationSupported } from '../domain/key-rotation.js';
import type { KmsKey } from '../domain/kms-key.js';
import { decodeMarker, encodeMarker } from '../storage/records.js';
import type { KeyMaterialSummary } from '../storage/repository.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function listKeyRotations(ctx: OperationContext, input: ListKeyRotationsRequest): Promise<ListKeyRotationsResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  // Allowed in every key state; keys that cannot rotate (asymmetric, HMAC, custom key stores) are refused (footnote 7).
  assertRotationSupported(key);
  const allKeyMaterial = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  const materials = (await ctx.store.getKeyMaterialSummaries(key, key.keyId)).filter(
    (material) => allKeyMaterial || material.rotationType !== undefined,
  );
  // A key has few materials (at most 25 on-demand rotations plus the automatic ones), so a page is a slice; the marker
  // names the position of the page's end in the key's list, which only ever grows at its end.
  const start = input.Marker === undefined ? 0 : decodeMarker(input.Marker);
  const end = Math.min(start + (input.Limit ?? 100), materials.length);
  const response: ListKeyRotationsResponse = {
    Rotations: materials.slice(start, end).map((material) => rotationsListEntry(key, material)),
    Truncated: end < materials.length,
  };
  if (end < materials.length) response.NextMarker = encodeMarker(end);
  return response;
}

/** RotationDate and RotationType only for materials a rotation made; the import fields only for EXTERNAL keys (4.7). */
function rotationsListEntry(key: KmsKey, material: KeyMaterialSummary): RotationsListEntry {
  const entry: RotationsListEntry = { KeyId: key.arn, KeyMaterialId: material.keyMaterialId };
  if (key.origin === 'EXTERNAL') {
    if (material.description !== undefined) entry.KeyMaterialDescription = material.description;
    entry.ImportState = material.importState ?? (material.hasMaterial ? 'IMPORTED' : 'PENDING_IMPORT');
  }
  entry.KeyMaterialState = material.state;
  if (key.origin === 'EXTERNAL' && material.expirationModel !== undefined) {
    entry.ExpirationModel = material.expirationModel;
    if (material.expirationModel === 'KEY_MATERIAL_EXPIRES' && material.validTo) entry.ValidTo = material.validTo;
  }
  if (material.rotationType !== undefined && material.rotationDate !== undefined) {
    entry.RotationDate = material.rotationDate;
    entry.RotationType = material.rotationType;
  }
  return entry;
}
