// Rows to records where the SQLite and the PostgreSQL schemas have the same columns: aliases, jobs, audit events and
// chain heads, and access keys (whose secret the caller opens: the sealing is the store's).
// What differs between the drivers is only how a boolean arrives (SQLite: 0/1, PostgreSQL: true/false); integers
// (epoch milliseconds, sequence numbers) arrive as numbers from both (the PostgreSQL pool parses int8 as a number).

import type { ChainHead } from '../audit/audit-chain.js';
import type { StoredAuditEvent } from '../audit/audit-log-port.js';
import type { AliasRecord } from './alias-repository.js';
import type { AccessKeyRecord, AccessKeyStatus } from './iam-repository.js';
import type { JobKind, JobRecord } from './job-repository.js';

export type Row = Record<string, unknown>;

export function aliasFromRow(row: Row): AliasRecord {
  return {
    accountId: row.account_id as string,
    region: row.region as string,
    aliasName: row.alias_name as string,
    targetKeyId: row.target_key_id as string,
    creationDate: new Date(row.creation_date as number),
    lastUpdatedDate: new Date(row.last_updated_date as number),
  };
}

export function jobFromRow(row: Row): JobRecord {
  const job: JobRecord = {
    id: row.id as number,
    kind: row.kind as JobKind,
    accountId: row.account_id as string,
    region: row.region as string,
    keyId: row.key_id as string,
    dueAt: new Date(row.due_at as number),
  };
  if (row.detail !== null) job.detail = JSON.parse(row.detail as string) as Record<string, string>;
  return job;
}

export function auditEventFromRow(row: Row): StoredAuditEvent {
  const event: StoredAuditEvent = {
    seq: row.seq as number,
    accountId: row.account_id as string,
    chainIndex: row.chain_index as number,
    region: row.region as string,
    eventTime: row.event_time as number,
    eventId: row.event_id as string,
    eventName: row.event_name as string,
    eventSource: row.event_source as string,
    readOnly: row.read_only === true || row.read_only === 1,
    resourceNames: row.resource_names as string,
    resourceTypes: row.resource_types as string,
    record: row.record as string,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
  if (row.username !== null) event.username = row.username as string;
  if (row.access_key_id !== null) event.accessKeyId = row.access_key_id as string;
  return event;
}

export function chainHeadFromRow(row: Row): ChainHead {
  const head: ChainHead = {
    accountId: row.account_id as string,
    headIndex: row.head_index as number,
    headHash: row.head_hash as string,
    prunedIndex: row.pruned_index as number,
  };
  if (row.pruned_hash !== null) head.prunedHash = row.pruned_hash as string;
  return head;
}

/** An access_keys row with its secret already opened by the store that sealed it. */
export function accessKeyFromRow(row: Row, secretAccessKey: string): AccessKeyRecord {
  const record: AccessKeyRecord = {
    accessKeyId: row.access_key_id as string,
    secretAccessKey,
    principalArn: row.principal_arn as string,
    createdAt: new Date(row.created_at as number),
  };
  if (row.session_token_sha256 !== null) record.sessionTokenHash = row.session_token_sha256 as string;
  if (row.expiration !== null) record.expiration = new Date(row.expiration as number);
  if (typeof row.session_name === 'string') record.sessionName = row.session_name;
  if (typeof row.status === 'string') record.status = row.status as AccessKeyStatus;
  return record;
}
