// `--workers N`: N server processes (node:cluster) sharing the listening port and the data directory. Worker 0 starts
// first (it bootstraps the account; on SQLite it holds the job lease: open-storage.ts), then the others; the primary
// forwards SIGTERM/SIGINT and waits for every worker to drain, for no longer than the shutdown grace and a margin.

import cluster, { type Worker } from 'node:cluster';
import type { ServerConfig } from './config.js';
import { startServer, type RunningServer } from './openkms-server.js';

/** What a worker may take beyond the grace to close storage and exit, before the primary kills it. */
const EXIT_MARGIN_MS = 5_000;

type WorkerMessage =
  | { type: 'openkms:listening'; url: string; banner: string }
  /** The worker could not start (e.g. the port is taken): the primary fails the start with this one line. */
  | { type: 'openkms:failed'; message: string };

export interface WorkerHooks {
  /** Text to print once the first worker listens (URL, first-start credentials). */
  banner(server: RunningServer): string;
}

/** Runs `config.workers` processes: this one as their primary, or, in a forked process, as the worker it was forked as. */
export async function serveWithWorkers(config: ServerConfig, hooks: WorkerHooks): Promise<void> {
  if (cluster.isPrimary) return runPrimary(config.workers, config.shutdownGraceMs, config.tls !== undefined);
  const index = Number(process.env.OPENKMS_WORKER_INDEX ?? '0');
  let server: RunningServer;
  try {
    server = await startServer({ ...config, workerIndex: index });
  } catch (error) {
    const message: WorkerMessage = { type: 'openkms:failed', message: error instanceof Error ? error.message : String(error) };
    process.send?.(message, () => process.exit(1));
    return;
  }
  const message: WorkerMessage = { type: 'openkms:listening', url: server.url, banner: hooks.banner(server) };
  process.send?.(message);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (config.tls) {
    process.on('SIGHUP', () => {
      try {
        server.reloadTls();
      } catch (error) {
        process.stderr.write(`openkms: SIGHUP: ${error instanceof Error ? error.message : String(error)}; keeping the certificate in use\n`);
      }
    });
  }
}

async function runPrimary(count: number, shutdownGraceMs: number, tls: boolean): Promise<void> {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`openkms: ${signal} received, finishing in-flight requests\n`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let remaining = workers.length;
    let failed = false;
    if (remaining === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', (code) => {
        if (code !== 0) failed = true;
        if (--remaining === 0) process.exit(failed ? 1 : 0);
      });
      worker.process.kill('SIGTERM');
    }
    // Each worker cuts its own connections when the grace ends; one that has not exited a margin later is stuck.
    setTimeout(() => {
      process.stderr.write(`openkms: ${remaining} worker process(es) still running ${(shutdownGraceMs + EXIT_MARGIN_MS) / 1000} s after ${signal}; killing them\n`);
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, shutdownGraceMs + EXIT_MARGIN_MS);
  };
  // Registered before any worker starts, so a signal during start-up also stops every worker cleanly.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Each worker reads the TLS files again itself.
  if (tls) {
    process.on('SIGHUP', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGHUP');
    });
  }

  let banner = '';
  const fork = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ OPENKMS_WORKER_INDEX: String(index) });
      let listening = false;
      let failure: string | undefined;
      worker.on('message', (message: WorkerMessage) => {
        if (message?.type === 'openkms:failed') failure = message.message;
        if (message?.type !== 'openkms:listening') return;
        listening = true;
        if (index === 0) banner = message.banner;
        resolve();
      });
      worker.once('exit', (code) => {
        if (stopping) return;
        // A worker that never started (bad configuration) fails the start; one that dies later is replaced.
        if (!listening) {
          stopping = true;
          for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
          reject(new Error(failure ?? `worker ${index} exited with code ${code} before it listened`));
          return;
        }
        process.stderr.write(`openkms: worker ${index} exited with code ${code}; starting a new one\n`);
        void fork(index).catch(() => undefined);
      });
    });
  // Worker 0 first: it bootstraps the account, so the others find it done.
  await fork(0);
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => fork(i + 1)));
  process.stdout.write(`${banner}\n(${count} worker processes)\n`);
}
