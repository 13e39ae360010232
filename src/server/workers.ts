// `--workers N`: N server processes (node:cluster) sharing the listening port and the data directory. Worker 0 starts
// first (it bootstraps the account and runs the scheduled jobs), then the others; the primary forwards SIGTERM/SIGINT
// and waits for every worker to finish its in-flight requests.

import cluster, { type Worker } from 'node:cluster';
import { startServer, type RunningServer, type StartOptions } from './openkms-server.js';

interface ListeningMessage {
  type: 'openkms:listening';
  url: string;
  banner: string;
}

export interface WorkerHooks {
  /** Text to print once the first worker listens (URL, first-start credentials). */
  banner(server: RunningServer): string;
}

export async function serveWithWorkers(count: number, options: StartOptions, hooks: WorkerHooks): Promise<void> {
  if (cluster.isPrimary) return runPrimary(count);
  const index = Number(process.env.OPENKMS_WORKER_INDEX ?? '0');
  const server = await startServer({ ...options, runJobs: index === 0 });
  const message: ListeningMessage = { type: 'openkms:listening', url: server.url, banner: hooks.banner(server) };
  process.send?.(message);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function runPrimary(count: number): Promise<void> {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`openkms: ${signal} received, finishing in-flight requests\n`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    let remaining = workers.length;
    if (remaining === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', () => {
        if (--remaining === 0) process.exit(0);
      });
      worker.process.kill('SIGTERM');
    }
  };
  // Registered before any worker starts, so a signal during start-up also stops every worker cleanly.
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  let banner = '';
  const fork = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ OPENKMS_WORKER_INDEX: String(index) });
      let listening = false;
      worker.once('message', (message: ListeningMessage) => {
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
          reject(new Error(`worker ${index} exited with code ${code} before it listened`));
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
