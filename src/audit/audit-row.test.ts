// Stored rows: the columns LookupEvents filters on come from the record, and a column changed apart from it is named.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRowFromJson, auditRowOf, mismatchedColumn } from './audit-row.js';
import type { CloudTrailRecord } from './cloudtrail-record.js';

const base: CloudTrailRecord = {
  eventVersion: '1.11',
  userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', accessKeyId: 'AKIA1', userName: 'alice' },
  eventTime: '2025-05-20T20:45:00Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'Encrypt',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '127.0.0.1',
  userAgent: 'test',
  requestParameters: null,
  responseElements: null,
  eventID: 'e1',
  readOnly: true,
  resources: [
    { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:eu-west-1:111122223333:key/a' },
    { accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:eu-west-1:111122223333:key/b' },
  ],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

describe('the stored row of a record', () => {
  test('its columns come from the record, and the text is the record as serialized', () => {
    const row = auditRowOf(base);
    assert.deepEqual(row, {
      accountId: '111122223333',
      region: 'eu-west-1',
      eventTime: Date.parse('2025-05-20T20:45:00Z'),
      eventId: 'e1',
      eventName: 'Encrypt',
      eventSource: 'kms.amazonaws.com',
      readOnly: true,
      resourceNames: 'arn:aws:kms:eu-west-1:111122223333:key/a arn:aws:kms:eu-west-1:111122223333:key/b',
      resourceTypes: 'AWS::KMS::Key',
      record: JSON.stringify(base),
      username: 'alice',
      accessKeyId: 'AKIA1',
    });
    assert.deepEqual(auditRowFromJson(row.record), row);
  });

  test('LookupEvents usernames: the session name of a role, root for the account, none for a service event', () => {
    const session = { ...base, userIdentity: { type: 'AssumedRole' as const, arn: 'arn:aws:sts::111122223333:assumed-role/Deployer/ci-7', accessKeyId: 'ASIA1' } };
    assert.equal(auditRowOf(session).username, 'ci-7');
    assert.equal(auditRowOf({ ...base, userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root' } }).username, 'root');
    const service = auditRowOf({ ...base, userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' } });
    assert.equal(service.username, undefined);
    assert.equal(service.accessKeyId, undefined);
  });

  test('a column changed apart from its record is named', () => {
    const row = auditRowOf(base);
    assert.equal(mismatchedColumn(row), undefined);
    assert.equal(mismatchedColumn({ ...row, eventName: 'Decrypt' }), 'its eventName column does not match the record');
    assert.equal(mismatchedColumn({ ...row, record: '{' }), 'the record is not valid JSON');
  });
});
