// GetKeyLastUsage: the last successful cryptographic operation of a key (operation, time, CloudTrail event id, request
// id), and since when openkms tracks it: the key's creation, or for keys created earlier the day tracking began
// (docs/kms-behaviour.md 10 and the model's text). Usage is written off the requests' path about once a second
// (audit/key-usage-tracker.ts), so a use shows here shortly after its call, as AWS's is eventually consistent.

import type { GetKeyLastUsageRequest, GetKeyLastUsageResponse, KeyLastUsageData } from '../api/model.generated.js';
import { TRACKING_START_SETTING } from '../audit/key-usage-tracker.js';
import type { OperationContext } from './context.js';
import { authorizeOnKey } from './steps/change-key.js';
import { resolveKey } from './steps/resolve-key.js';

export async function getKeyLastUsage(ctx: OperationContext, input: GetKeyLastUsageRequest): Promise<GetKeyLastUsageResponse> {
  const { key } = await resolveKey(ctx, input.KeyId, { allowAlias: false });
  await authorizeOnKey(ctx, key);
  const [usage, trackingStart] = await Promise.all([ctx.store.getKeyLastUsage(key, key.keyId), ctx.store.getSetting(TRACKING_START_SETTING)]);
  const started = trackingStart === undefined ? key.creationDate : new Date(Math.max(Date.parse(trackingStart), key.creationDate.getTime()));
  const response: GetKeyLastUsageResponse = { KeyId: key.keyId, TrackingStartDate: started, KeyCreationDate: key.creationDate };
  if (usage) {
    const data: KeyLastUsageData = { Operation: usage.operation, Timestamp: usage.timestamp, KmsRequestId: usage.kmsRequestId };
    if (usage.cloudTrailEventId !== undefined) data.CloudTrailEventId = usage.cloudTrailEventId;
    response.KeyLastUsage = data;
  }
  return response;
}
