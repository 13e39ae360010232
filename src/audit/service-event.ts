// Records of what openkms does by itself (eventType AwsServiceEvent): DeleteKey at the end of a deletion window,
// DeleteExpiredKeyMaterial, RotateKey (docs/kms-behaviour.md 9.3).

import {
  auditValue,
  AWS_INTERNAL,
  EVENT_VERSION,
  isoSeconds,
  KMS_EVENT_SOURCE,
  KMS_KEY_RESOURCE_TYPE,
  type CloudTrailRecord,
} from './cloudtrail-record.js';
import { newEventId as timeOrderedEventId } from './event-id.js';

export type ServiceEventName = 'DeleteKey' | 'DeleteExpiredKeyMaterial' | 'RotateKey' | 'SynchronizeMultiRegionKey';

export interface ServiceEvent {
  eventName: ServiceEventName;
  eventTime: Date;
  /** The key it happened to. */
  key: { accountId: string; region: string; arn: string };
  /** e.g. RotateKey: {rotationType, keyOrigin, previousKeyMaterialId, currentKeyMaterialId, keyId}. */
  serviceEventDetails?: Record<string, unknown>;
  responseElements?: Record<string, unknown> | null;
}

/** No caller, no request id, no request parameters; the key owner's account receives it. */
export function buildServiceEventRecord(event: ServiceEvent, newEventId: () => string = timeOrderedEventId): CloudTrailRecord {
  const record: CloudTrailRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: { accountId: event.key.accountId, invokedBy: AWS_INTERNAL },
    eventTime: isoSeconds(event.eventTime),
    eventSource: KMS_EVENT_SOURCE,
    eventName: event.eventName,
    awsRegion: event.key.region,
    sourceIPAddress: AWS_INTERNAL,
    userAgent: AWS_INTERNAL,
    requestParameters: null,
    responseElements: event.responseElements ? (auditValue(event.responseElements, false) as Record<string, unknown>) : null,
    eventID: newEventId(),
    readOnly: false,
    resources: [{ accountId: event.key.accountId, type: KMS_KEY_RESOURCE_TYPE, ARN: event.key.arn }],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: event.key.accountId,
    eventCategory: 'Management',
  };
  if (event.serviceEventDetails) {
    // Inserted before eventCategory, where AWS puts it.
    const { eventCategory, ...rest } = record;
    return { ...rest, serviceEventDetails: auditValue(event.serviceEventDetails, false) as Record<string, unknown>, eventCategory };
  }
  return record;
}
