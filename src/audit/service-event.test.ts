// Service events (9.3): the DeleteKey, RotateKey and DeleteExpiredKeyMaterial records, and the listeners jobs call.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceEventRecord } from './service-event.js';
import { deletedKeyListener, expiredKeyMaterialListener, keyRotationListener } from './service-event-listeners.js';
import type { AuditSink } from './audit-sink.js';
import type { ServiceEvent } from './service-event.js';
import type { StoreWriter } from '../storage/repository.js';
import type { KmsKey } from '../domain/kms-key.js';

const ACCOUNT = '111122223333';
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
const when = new Date('2025-06-01T00:00:00.500Z');

describe('service events: what openkms does by itself (kms-behaviour.md 9.3)', () => {
  test('DeleteKey at the end of the waiting period: AWS Internal, no request, the key as resource', () => {
    const r = buildServiceEventRecord(
      { eventName: 'DeleteKey', eventTime: when, key: { accountId: ACCOUNT, region: 'us-east-1', arn: ARN }, responseElements: { keyId: ARN } },
      () => 'event-1',
    );
    assert.deepEqual(r, {
      eventVersion: '1.11',
      userIdentity: { accountId: ACCOUNT, invokedBy: 'AWS Internal' },
      eventTime: '2025-06-01T00:00:00Z',
      eventSource: 'kms.amazonaws.com',
      eventName: 'DeleteKey',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      requestParameters: null,
      responseElements: { keyId: ARN },
      eventID: 'event-1',
      readOnly: false,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN }],
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    assert.ok(!('requestID' in r));
  });

  test('serviceEventDetails sit just before eventCategory', () => {
    const r = buildServiceEventRecord({
      eventName: 'DeleteExpiredKeyMaterial',
      eventTime: when,
      key: { accountId: ACCOUNT, region: 'us-east-1', arn: ARN },
      serviceEventDetails: { keyId: ARN, keyMaterialId: 'm1' },
    });
    const keys = Object.keys(r);
    assert.deepEqual(keys.slice(-3), ['recipientAccountId', 'serviceEventDetails', 'eventCategory']);
    assert.deepEqual(r.serviceEventDetails, { keyId: ARN, keyMaterialId: 'm1' });
    assert.equal(r.responseElements, null);
  });
});

describe('the listeners jobs and rotations call', () => {
  const captured: ServiceEvent[] = [];
  const sink: AuditSink = {
    appendInTransaction: async () => undefined,
    append: async () => undefined,
    appendServiceEvent: async (_tx, event) => {
      captured.push(event);
    },
    close: async () => undefined,
  };
  const tx = {} as StoreWriter;

  test('deleteKeyJob\'s listener records DeleteKey with the key ARN', async () => {
    captured.length = 0;
    await deletedKeyListener(sink)({ accountId: ACCOUNT, region: 'us-east-1', keyId: KEY_ID }, tx, when);
    assert.deepEqual(captured, [
      { eventName: 'DeleteKey', eventTime: when, key: { accountId: ACCOUNT, region: 'us-east-1', arn: ARN }, responseElements: { keyId: ARN } },
    ]);
  });

  test('a rotation records RotateKey with its type, origin and both key material ids', async () => {
    captured.length = 0;
    const key = { accountId: ACCOUNT, region: 'us-east-1', keyId: KEY_ID, arn: ARN, origin: 'AWS_KMS' } as KmsKey;
    await keyRotationListener(sink)(key, 'old', 'new', 'AUTOMATIC', tx, when);
    assert.deepEqual(captured[0]!.serviceEventDetails, {
      rotationType: 'AUTOMATIC',
      keyOrigin: 'AWS_KMS',
      previousKeyMaterialId: 'old',
      currentKeyMaterialId: 'new',
      keyId: ARN,
    });
    assert.equal(captured[0]!.eventName, 'RotateKey');
  });

  test('expired imported key material records DeleteExpiredKeyMaterial', async () => {
    captured.length = 0;
    await expiredKeyMaterialListener(sink)({ accountId: ACCOUNT, region: 'us-east-1', keyId: KEY_ID }, 'm1', tx, when);
    assert.deepEqual(captured[0]!.serviceEventDetails, { keyId: ARN, keyMaterialId: 'm1' });
  });
});
