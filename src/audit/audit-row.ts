// A record as stored: its JSON text and the columns LookupEvents filters on, derived from the record itself so that
// verification can check the columns were not changed apart from it.

import type { AuditEventRow } from './audit-log-port.js';
import type { CloudTrailRecord } from './cloudtrail-record.js';
import { lookupUsername } from './user-identity.js';

/** The row of a record; `json` is its text when it was already serialized. */
export function auditRowOf(record: CloudTrailRecord, json: string = JSON.stringify(record)): AuditEventRow {
  const row: AuditEventRow = {
    accountId: record.recipientAccountId,
    region: record.awsRegion,
    eventTime: Date.parse(record.eventTime),
    eventId: record.eventID,
    eventName: record.eventName,
    eventSource: record.eventSource,
    readOnly: record.readOnly,
    resourceNames: record.resources ? record.resources.map((resource) => resource.ARN).join(' ') : '',
    resourceTypes: record.resources ? [...new Set(record.resources.map((resource) => resource.type))].join(' ') : '',
    record: json,
  };
  const username = lookupUsername(record.userIdentity);
  if (username !== undefined) row.username = username;
  if (record.userIdentity.accessKeyId !== undefined) row.accessKeyId = record.userIdentity.accessKeyId;
  return row;
}

/** The row of a record given as its JSON text (the writer thread receives only the text). */
export function auditRowFromJson(json: string): AuditEventRow {
  return auditRowOf(JSON.parse(json) as CloudTrailRecord, json);
}

/** Verification: which stored column disagrees with the record it came from, if any. */
export function mismatchedColumn(stored: AuditEventRow): string | undefined {
  let expected: AuditEventRow;
  try {
    expected = auditRowFromJson(stored.record);
  } catch {
    return 'the record is not valid JSON';
  }
  for (const column of COLUMNS) {
    if (stored[column] !== expected[column]) return `its ${column} column does not match the record`;
  }
  return undefined;
}

const COLUMNS = [
  'accountId',
  'region',
  'eventTime',
  'eventId',
  'eventName',
  'eventSource',
  'readOnly',
  'username',
  'accessKeyId',
  'resourceNames',
  'resourceTypes',
] as const satisfies readonly (keyof AuditEventRow)[];
