// Opens the audit trail of a server with auditing on: the group commit, on a writer thread with its own connection
// when the store is a file, or through the store itself when it lives in memory (--dev, where nothing is durable).

import type { Store } from '../storage/repository.js';
import type { AuditSink } from './audit-sink.js';
import { AuditWriterThread, type WriterFactory } from './audit-writer-thread.js';
import { CloudTrailAuditSink } from './cloudtrail-audit-sink.js';
import { GroupCommitWriter, type CommitObserver } from './group-commit-writer.js';

export interface AuditTrailOptions {
  store: Store;
  /** Receives the records of calls nobody could be authenticated for. */
  defaultAccountId: string;
  /** The store-specific writer the writer thread opens; without it batches go through `store.write`. */
  writerThread?: WriterFactory;
  /** Told how long each batch of the group commit took (the metrics). */
  observeCommit?: CommitObserver;
}

export async function startAuditTrail(options: AuditTrailOptions): Promise<AuditSink> {
  const recordOptions = { defaultAccountId: options.defaultAccountId };
  if (options.writerThread) {
    const thread = await AuditWriterThread.start(options.writerThread);
    return new CloudTrailAuditSink(new GroupCommitWriter((records) => thread.commit(records), options.observeCommit), recordOptions, () => thread.close());
  }
  const { store } = options;
  const writer = new GroupCommitWriter((records) => store.write((tx) => tx.appendAuditEvents(records)), options.observeCommit);
  return new CloudTrailAuditSink(writer, recordOptions);
}
