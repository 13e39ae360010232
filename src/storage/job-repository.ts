// The jobs role of the store: persisted deadlines (deletion, expiry, rotation) that jobs/job-runner.ts runs when due.
// A runner claims a job by deleting it inside the job's own transaction, so a job runs once even when two runners
// (processes, nodes) read it as due at the same time.

import type { Scope } from '../domain/identifiers.js';

/** SettleMultiRegionKey ends the Creating or Updating state of a multi-Region key (docs/kms-behaviour.md 10). */
export type JobKind = 'DeleteKey' | 'DeleteExpiredKeyMaterial' | 'RotateKey' | 'SettleMultiRegionKey';

export interface JobRecord extends Scope {
  id?: number;
  kind: JobKind;
  keyId: string;
  dueAt: Date;
  /** Job-specific facts, e.g. the key material id that expires. */
  detail?: Record<string, string>;
}

export interface JobWriter {
  /** Schedules a job; the store gives it its id. */
  addJob(job: JobRecord): Promise<void>;
  deleteJobs(scope: Scope, keyId: string, kind: JobKind): Promise<void>;
  /**
   * Deletes one job; true if it was still scheduled. This is the claim: of two transactions deleting the same job,
   * only the one that commits first sees true (the other waits for it, or fails and is retried, but never sees true).
   */
  deleteJob(id: number): Promise<boolean>;
}

/** On the store itself, outside any transaction. */
export interface JobQueue {
  /** Jobs whose deadline has passed, by deadline then id. What it returns is not claimed: deleteJob does that. */
  dueJobs(now: Date, limit: number): Promise<JobRecord[]>;
}
