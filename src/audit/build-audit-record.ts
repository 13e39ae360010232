// Builds the CloudTrail record of one API call from its CallOutcome (docs/kms-behaviour.md 9.1, 9.2). Pure but for the
// fresh eventID, which it also notes in the outcome (eventIds). A call on another account's key is recorded in both
// accounts, unless access was denied (9.1).

import { keyMetadata, type KmsKey } from '../domain/kms-key.js';
import type { CallOutcome } from './call-outcome.js';
import {
  auditValue,
  EVENT_VERSION,
  isoSeconds,
  KMS_KEY_RESOURCE_TYPE,
  type AuditResource,
  type CloudTrailRecord,
} from './cloudtrail-record.js';
import { isReadOnly } from './event-classification.js';
import { newEventId } from './event-id.js';
import { requestParametersOf } from './request-parameters.js';
import { responseElementsOf } from './response-elements.js';
import { userIdentityOf } from './user-identity.js';

export interface RecordOptions {
  /** The account that receives records of calls nobody could be authenticated for (the server's own account). */
  defaultAccountId: string;
  newEventId?: () => string;
}

/** The record of the call, first for the caller's account, then a copy for each other account whose key it used. */
export function buildAuditRecords(outcome: CallOutcome, options: RecordOptions): CloudTrailRecord[] {
  // Fields are assigned in AWS's order (JSON keeps insertion order), the optional ones only when present.
  const record = {} as CloudTrailRecord;
  record.eventVersion = EVENT_VERSION;
  record.userIdentity = userIdentityOf(outcome.caller);
  record.eventTime = isoSeconds(outcome.eventTime);
  record.eventSource = outcome.eventSource;
  record.eventName = outcome.eventName;
  record.awsRegion = outcome.region;
  record.sourceIPAddress = sourceIp(outcome.sourceIpAddress);
  record.userAgent = outcome.userAgent;
  if (outcome.error) {
    record.errorCode = outcome.error.code;
    if (outcome.error.message !== undefined) record.errorMessage = outcome.error.message;
  }
  record.requestParameters = requestParametersOf(outcome.eventName, outcome.input);
  record.responseElements = responseElementsOf(outcome);
  if (outcome.notes.additionalEventData) {
    record.additionalEventData = auditValue(outcome.notes.additionalEventData, false) as Record<string, unknown>;
  }
  record.requestID = outcome.requestId;
  record.eventID = (options.newEventId ?? newEventId)();
  record.readOnly = isReadOnly(outcome.eventName);
  const resources = resourcesOf(outcome.notes.resources);
  if (resources) record.resources = resources;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = outcome.caller?.accountId ?? options.defaultAccountId;
  record.eventCategory = 'Management';
  const copies = copiesForKeyOwners(record, outcome);
  const elsewhere = outcome.error ? [] : recordsInOtherRegions(record, outcome, options);
  // GetKeyLastUsage names the record of the call in the key owner's account (key-usage-tracker.ts).
  outcome.eventIds = Object.fromEntries([record, ...copies].map((each) => [each.recipientAccountId, each.eventID]));
  return copies.length === 0 && elsewhere.length === 0 ? [record] : [record, ...copies, ...elsewhere];
}

/**
 * ReplicateKey's CreateKey record in the replica's Region: the same caller, request id and time, the replica's
 * KeyMetadata as responseElements, and its own event id.
 */
function recordsInOtherRegions(record: CloudTrailRecord, outcome: CallOutcome, options: RecordOptions): CloudTrailRecord[] {
  return (outcome.notes.alsoInRegion ?? []).map(({ region, eventName, key }) => ({
    ...record,
    eventName,
    awsRegion: region,
    requestParameters: requestParametersOf(outcome.eventName, outcome.input),
    responseElements: { keyMetadata: auditValue(keyMetadata(key), true) },
    eventID: (options.newEventId ?? newEventId)(),
    readOnly: false,
    resources: [{ accountId: key.accountId, type: KMS_KEY_RESOURCE_TYPE, ARN: key.arn }],
  }));
}

/** One entry per distinct key, with CloudTrail's upper-case `ARN`. */
function resourcesOf(keys: readonly KmsKey[]): AuditResource[] | undefined {
  if (keys.length === 0) return undefined;
  if (keys.length === 1) return [{ accountId: keys[0]!.accountId, type: KMS_KEY_RESOURCE_TYPE, ARN: keys[0]!.arn }];
  const seen = new Map<string, AuditResource>();
  for (const key of keys) seen.set(key.arn, { accountId: key.accountId, type: KMS_KEY_RESOURCE_TYPE, ARN: key.arn });
  return [...seen.values()];
}

/** Cross-account calls reach the key owner's trail too; denied ones only the caller's (9.1). */
function copiesForKeyOwners(record: CloudTrailRecord, outcome: CallOutcome): CloudTrailRecord[] {
  if (!outcome.caller || outcome.error?.code === 'AccessDeniedException' || !record.resources) return [];
  const owners = new Set(record.resources.map((resource) => resource.accountId));
  owners.delete(record.recipientAccountId);
  return [...owners].map((owner) => ({ ...record, recipientAccountId: owner }));
}

/** Node reports IPv4 clients of a dual-stack socket as `::ffff:a.b.c.d`; CloudTrail shows the IPv4 address. */
function sourceIp(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
