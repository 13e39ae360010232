// CloudTrail LookupEvents over the audit trail: an account's own records in the request's Region, newest first, with at
// most one lookup attribute, an inclusive time range and opaque NextTokens tied to the query (kms-behaviour.md 9.4).

import { createHash } from 'node:crypto';
import type { Event, LookupAttribute, LookupEventsRequest, LookupEventsResponse } from '../api/cloudtrail-model.generated.js';
import type { Scope } from '../domain/identifiers.js';
import type { AuditAttribute, AuditEventQuery, AuditLogStore, StoredAuditEvent } from './audit-log-port.js';
import type { AuditResource } from './cloudtrail-record.js';
import { InvalidLookupAttributesException, InvalidNextTokenException, InvalidTimeRangeException } from './lookup-errors.js';

const DEFAULT_MAX_RESULTS = 50;

const ATTRIBUTES: Readonly<Record<LookupAttribute['AttributeKey'], AuditAttribute>> = {
  EventId: 'eventId',
  EventName: 'eventName',
  EventSource: 'eventSource',
  ReadOnly: 'readOnly',
  Username: 'username',
  AccessKeyId: 'accessKeyId',
  ResourceName: 'resourceName',
  ResourceType: 'resourceType',
};

/** Answers one LookupEvents request for the caller's account (its own records only). */
export async function lookupEvents(
  store: Pick<AuditLogStore, 'queryAuditEvents'>,
  scope: Scope,
  input: LookupEventsRequest,
): Promise<LookupEventsResponse> {
  const query = queryOf(scope, input);
  // CloudTrail keeps no Insights events for openkms's calls: asking for them finds none.
  if (input.EventCategory === 'insight') return { Events: [] };
  const fingerprint = fingerprintOf(query);
  if (input.NextToken !== undefined) query.after = decodeNextToken(input.NextToken, fingerprint);
  const found = await store.queryAuditEvents({ ...query, limit: query.limit + 1 });
  const page = found.slice(0, query.limit);
  const response: LookupEventsResponse = { Events: page.map(eventOf) };
  if (found.length > query.limit) response.NextToken = encodeNextToken(page[page.length - 1]!, fingerprint);
  return response;
}

function queryOf(scope: Scope, input: LookupEventsRequest): AuditEventQuery {
  const query: AuditEventQuery = { accountId: scope.accountId, region: scope.region, limit: input.MaxResults ?? DEFAULT_MAX_RESULTS };
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw new InvalidLookupAttributesException('You cannot specify more than one lookup attribute.');
  }
  const attribute = attributes[0];
  if (attribute) {
    if (attribute.AttributeKey === 'ReadOnly' && attribute.AttributeValue !== 'true' && attribute.AttributeValue !== 'false') {
      throw new InvalidLookupAttributesException('The value of the ReadOnly lookup attribute must be true or false.');
    }
    query.attribute = { name: ATTRIBUTES[attribute.AttributeKey], value: attribute.AttributeValue };
  }
  if (input.StartTime && input.EndTime && input.StartTime.getTime() > input.EndTime.getTime()) {
    throw new InvalidTimeRangeException('Start time must be less than or equal to end time.');
  }
  if (input.StartTime) query.startTime = input.StartTime.getTime();
  if (input.EndTime) query.endTime = input.EndTime.getTime();
  return query;
}

/** A NextToken is valid only for the query that produced it (9.4): it carries a fingerprint of that query. */
function fingerprintOf(query: AuditEventQuery): string {
  const { accountId, region, startTime, endTime, attribute } = query;
  return createHash('sha256')
    .update(JSON.stringify([accountId, region, startTime ?? null, endTime ?? null, attribute ?? null]))
    .digest('base64url')
    .slice(0, 16);
}

function encodeNextToken(last: StoredAuditEvent, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ t: last.eventTime, s: last.seq, q: fingerprint })).toString('base64url');
}

function decodeNextToken(token: string, fingerprint: string): { eventTime: number; seq: number } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { t, s, q } = (decoded ?? {}) as { t?: unknown; s?: unknown; q?: unknown };
  if (!Number.isSafeInteger(t) || !Number.isSafeInteger(s) || q !== fingerprint) {
    throw new InvalidNextTokenException('Invalid NextToken. The token must come from the previous response to the same request.');
  }
  return { eventTime: t as number, seq: s as number };
}

function eventOf(stored: StoredAuditEvent): Event {
  const event: Event = {
    EventId: stored.eventId,
    EventName: stored.eventName,
    ReadOnly: stored.readOnly ? 'true' : 'false',
  };
  if (stored.accessKeyId !== undefined) event.AccessKeyId = stored.accessKeyId;
  event.EventTime = new Date(stored.eventTime);
  event.EventSource = stored.eventSource;
  if (stored.username !== undefined) event.Username = stored.username;
  event.Resources = resourcesOf(stored);
  event.CloudTrailEvent = stored.record;
  return event;
}

function resourcesOf(stored: StoredAuditEvent): Event['Resources'] {
  if (stored.resourceNames === '') return [];
  const record = JSON.parse(stored.record) as { resources?: AuditResource[] };
  return (record.resources ?? []).map((resource) => ({ ResourceType: resource.type, ResourceName: resource.ARN }));
}
