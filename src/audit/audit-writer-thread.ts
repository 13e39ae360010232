// The group commit's own thread: it receives batches of records, chains and writes them through a store-specific
// writer and waits for the disk, all off the thread that answers requests.

import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AuditBatchAppender, AuditEventRow } from './audit-log-port.js';

/** Which module and export open the store-specific writer: server/open-storage.ts's openAuditWriter(target). */
export interface WriterFactory {
  /** A module URL, as import.meta.resolve gives it. */
  module: string;
  export: string;
  args: unknown[];
}

type Reply = { id: number; error?: string } | { ready: true } | { failed: string };

/** The main thread's handle on the writer thread. */
export class AuditWriterThread {
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #failure: Error | undefined;
  readonly #exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      if (!('id' in reply)) return;
      const waiter = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve();
      else waiter?.reject(new Error(`audit write failed: ${reply.error}`));
    });
    this.#exited = new Promise((resolve) => {
      worker.once('error', (error) => this.#fail(error));
      worker.once('exit', () => {
        this.#fail(new Error('the audit writer thread stopped'));
        resolve();
      });
    });
  }

  /** Starts the thread and waits until its writer is open. */
  static async start(factory: WriterFactory): Promise<AuditWriterThread> {
    const worker = spawn(factory);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if ('ready' in reply) resolve();
        else if ('failed' in reply) reject(new Error(`the audit writer could not start: ${reply.failed}`));
        else return;
        worker.off('message', onMessage);
        worker.off('error', reject);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new AuditWriterThread(worker);
  }

  /** Resolves when the batch is durable. */
  commit(records: AuditEventRow[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, records });
    });
  }

  async close(): Promise<void> {
    if (!this.#failure) this.worker.postMessage({ close: true });
    await this.#exited;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#pending.values()) waiter.reject(this.#failure);
    this.#pending.clear();
  }
}

/** Under tsx (tests, development) the thread must register tsx itself before it can load TypeScript. */
function spawn(factory: WriterFactory): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./audit-writer-thread.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const data = { openkmsAuditWriter: factory };
  if (!typescript) return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data, execArgv: [] });
}

async function runWriterThread(factory: WriterFactory): Promise<void> {
  const port = parentPort!;
  let writer: AuditBatchAppender;
  try {
    const module = (await import(factory.module)) as Record<string, (...args: unknown[]) => AuditBatchAppender>;
    writer = module[factory.export]!(...factory.args);
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    return;
  }
  // Batches that arrive while a commit is on disk are committed together next: one transaction, one fsync.
  let queued: { id: number; records: AuditEventRow[] }[] = [];
  let scheduled = false;
  let closing = false;
  const commitQueued = () => {
    scheduled = false;
    const batches = queued;
    queued = [];
    try {
      if (batches.length > 0) writer.append(batches.length === 1 ? batches[0]!.records : batches.flatMap((batch) => batch.records));
      for (const batch of batches) port.postMessage({ id: batch.id });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const batch of batches) port.postMessage({ id: batch.id, error: reason });
    }
    if (closing) {
      writer.close();
      port.close();
    }
  };
  port.on('message', (message: { id: number; records: AuditEventRow[] } | { close: true }) => {
    if ('close' in message) closing = true;
    else queued.push(message);
    if (!scheduled) {
      scheduled = true;
      setImmediate(commitQueued);
    }
  });
  port.postMessage({ ready: true });
}

const data = workerData as { openkmsAuditWriter?: WriterFactory } | null;
if (!isMainThread && data?.openkmsAuditWriter) void runWriterThread(data.openkmsAuditWriter);
