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
  const fork = (index: number): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ OPENKMS_WORKER_INDEX: String(index) });
      worker.once('message', (message: ListeningMessage) => {
        if (message?.type !== 'openkms:listening') return;
        if (index === 0) process.stdout.write(`${message.banner}\n(${count} worker processes)\n`);
        resolve(worker);
      });
      worker.once('exit', (code) => {
        if (stopping) return;
        reject(new Error(`worker ${index} exited with code ${code}`));
        process.stderr.write(`openkms: worker ${index} exited with code ${code}; starting a new one\n`);
        void fork(index).catch(() => undefined);
      });
    });
  await fork(0);
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => fork(i + 1)));

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
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
