// Load beside wrk for scenarios that measure one operation while another runs: keeps a fixed number of requests of
// the other operation in flight (an answer is followed at once by the next request; a refused one after a pause, as a
// client backing off would) and counts how they were answered.

import type { RunningServer } from './servers.js';
import { signedRequest, type Credentials } from './signed-request.js';

/** After a refusal or a failure: the AWS SDKs' smallest retry delay, so refusals do not become a flood of their own. */
const PAUSE_AFTER_REFUSAL_MS = 100;

export interface BackgroundCounts {
  /** Answered 200. */
  succeeded: number;
  /** Answered ThrottlingException: the server refused the work rather than queueing it. */
  throttled: number;
  /** Any other answer, or no answer. */
  failed: number;
}

export interface BackgroundLoad {
  /** The counts so far; subtract two of them to count a window. */
  counts(): BackgroundCounts;
  /** Stops sending and waits for the requests in flight to be answered. */
  stop(): Promise<void>;
}

export function startBackgroundLoad(
  server: Pick<RunningServer, 'host' | 'port' | 'url'>,
  load: { operation: string; input: object; concurrency: number },
  credentials: Credentials,
): BackgroundLoad {
  const counts: BackgroundCounts = { succeeded: 0, throttled: 0, failed: 0 };
  let stopped = false;
  const one = async (): Promise<void> => {
    // Signed afresh each time: a run can outlast one signature's 5 minutes.
    const request = await signedRequest(server.host, server.port, load.operation, load.input, credentials);
    try {
      const response = await fetch(`${server.url}/`, { method: 'POST', headers: request.headers, body: request.body });
      const text = await response.text();
      if (response.status === 200) {
        counts.succeeded++;
        return;
      }
      if (text.includes('ThrottlingException')) counts.throttled++;
      else counts.failed++;
    } catch {
      counts.failed++;
    }
    await new Promise((resolve) => setTimeout(resolve, PAUSE_AFTER_REFUSAL_MS));
  };
  const loop = async (): Promise<void> => {
    while (!stopped) await one();
  };
  const loops = Array.from({ length: load.concurrency }, loop);
  return {
    counts: () => ({ ...counts }),
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
