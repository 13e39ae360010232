// What the pipeline knows about one API call when it records it: who, what, where from, and how it ended.

import type { Caller } from '../domain/caller.js';
import type { AuditNotes } from './audit-notes.js';

export interface CallOutcome {
  eventSource: string;
  eventName: string;
  requestId: string;
  eventTime: Date;
  region: string;
  caller?: Caller;
  sourceIpAddress: string;
  userAgent: string;
  /** The decoded request input (secret members are removed when the record is built). */
  input?: Record<string, unknown>;
  notes: AuditNotes;
  error?: { code: string; message?: string };
  /** The eventID of the call's record in each account that received one; set when the records are built. */
  eventIds?: Record<string, string>;
}
