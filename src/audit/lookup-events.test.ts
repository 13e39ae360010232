// LookupEvents (9.4) over a fake store: the response shape, attributes and time range, NextToken, and CloudTrail's errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEventQuery, StoredAuditEvent } from '../storage/repository.js';
import { lookupEvents } from './lookup-events.js';

const scope = { accountId: '111122223333', region: 'us-east-1' };
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/k1';

function stored(seq: number, overrides: Partial<StoredAuditEvent> = {}): StoredAuditEvent {
  return {
    seq,
    chainIndex: seq,
    prevHash: '',
    hash: '',
    accountId: scope.accountId,
    region: scope.region,
    eventTime: 1_700_000_000_000 - seq * 1000,
    eventId: `event-${seq}`,
    eventName: 'Encrypt',
    eventSource: 'kms.amazonaws.com',
    readOnly: true,
    username: 'admin',
    accessKeyId: 'AKIAADMIN',
    resourceNames: KEY,
    resourceTypes: 'AWS::KMS::Key',
    record: JSON.stringify({ eventID: `event-${seq}`, resources: [{ accountId: scope.accountId, type: 'AWS::KMS::Key', ARN: KEY }] }),
    ...overrides,
  };
}

/** A store over a fixed, newest-first list that applies `after` and `limit` like the real one. */
function fakeStore(events: StoredAuditEvent[]) {
  const queries: AuditEventQuery[] = [];
  return {
    queries,
    queryAuditEvents: async (query: AuditEventQuery) => {
      queries.push(query);
      const start = query.after ? events.findIndex((e) => e.seq === query.after!.seq) + 1 : 0;
      return events.slice(start, start + query.limit);
    },
  };
}

describe('LookupEvents (kms-behaviour.md 9.4)', () => {
  test('events in CloudTrail\'s shape: ReadOnly as a string, Resources, the record as CloudTrailEvent', async () => {
    const store = fakeStore([stored(1)]);
    const response = await lookupEvents(store, scope, {});
    assert.deepEqual(response, {
      Events: [
        {
          EventId: 'event-1',
          EventName: 'Encrypt',
          ReadOnly: 'true',
          AccessKeyId: 'AKIAADMIN',
          EventTime: new Date(1_700_000_000_000 - 1000),
          EventSource: 'kms.amazonaws.com',
          Username: 'admin',
          Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: KEY }],
          CloudTrailEvent: stored(1).record,
        },
      ],
    });
    assert.deepEqual(store.queries, [{ ...scope, limit: 51 }]);
  });

  test('an event without resources has an empty Resources list', async () => {
    const response = await lookupEvents(fakeStore([stored(1, { resourceNames: '', resourceTypes: '' })]), scope, {});
    assert.deepEqual(response.Events![0]!.Resources, []);
  });

  test('the lookup attribute and time range reach the query, in epoch milliseconds', async () => {
    const store = fakeStore([]);
    await lookupEvents(store, scope, {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: KEY }],
      StartTime: new Date(1000),
      EndTime: new Date(2000),
      MaxResults: 5,
    });
    assert.deepEqual(store.queries[0], { ...scope, limit: 6, attribute: { name: 'resourceName', value: KEY }, startTime: 1000, endTime: 2000 });
  });

  test('pages follow each other with NextToken, which works only for the same query', async () => {
    const events = [1, 2, 3, 4, 5].map((seq) => stored(seq));
    const store = fakeStore(events);
    const first = await lookupEvents(store, scope, { MaxResults: 2 });
    assert.deepEqual(first.Events!.map((e) => e.EventId), ['event-1', 'event-2']);
    assert.ok(first.NextToken);
    const second = await lookupEvents(store, scope, { MaxResults: 2, NextToken: first.NextToken });
    assert.deepEqual(second.Events!.map((e) => e.EventId), ['event-3', 'event-4']);
    const third = await lookupEvents(store, scope, { MaxResults: 2, NextToken: second.NextToken });
    assert.deepEqual(third.Events!.map((e) => e.EventId), ['event-5']);
    assert.equal(third.NextToken, undefined);
    await assert.rejects(
      lookupEvents(store, scope, { MaxResults: 2, NextToken: first.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }] }),
      { name: 'InvalidNextTokenException' },
    );
    await assert.rejects(lookupEvents(store, { ...scope, accountId: '444455556666' }, { NextToken: first.NextToken }), { name: 'InvalidNextTokenException' });
    await assert.rejects(lookupEvents(store, scope, { NextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
  });

  test('more than one lookup attribute is refused', async () => {
    const two = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'Encrypt' },
      { AttributeKey: 'Username' as const, AttributeValue: 'admin' },
    ];
    await assert.rejects(lookupEvents(fakeStore([]), scope, { LookupAttributes: two }), {
      name: 'InvalidLookupAttributesException',
      message: 'You cannot specify more than one lookup attribute.',
    });
  });

  test('ReadOnly takes true or false only', async () => {
    await assert.rejects(lookupEvents(fakeStore([]), scope, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'yes' }] }), {
      name: 'InvalidLookupAttributesException',
    });
  });

  test('a start time after the end time is refused', async () => {
    await assert.rejects(lookupEvents(fakeStore([]), scope, { StartTime: new Date(2000), EndTime: new Date(1000) }), {
      name: 'InvalidTimeRangeException',
    });
  });

  test('Insights events: there are none', async () => {
    const store = fakeStore([stored(1)]);
    assert.deepEqual(await lookupEvents(store, scope, { EventCategory: 'insight' }), { Events: [] });
    assert.equal(store.queries.length, 0);
  });
});
