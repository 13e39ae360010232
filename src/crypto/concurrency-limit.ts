// Admission for costly asynchronous work: at most `maxRunning` tasks run at once, at most `maxWaiting` more wait their
// turn (first come, first served), and one more is refused at once instead of joining a queue without end.

import { CapacityExceededError } from './errors.js';

export interface ConcurrencyLimits {
  /** Tasks that may run at once: at least 1. */
  readonly maxRunning: number;
  /** Tasks that may wait for a running one to finish: 0 or more. */
  readonly maxWaiting: number;
}

export class ConcurrencyLimit {
  readonly limits: ConcurrencyLimits;
  #running = 0;
  /** Resolvers of the tasks waiting for a slot, oldest first. */
  readonly #waiting: Array<() => void> = [];

  /** @param work what the tasks are, plural, for the refusal's message (e.g. "RSA key-pair generations"). */
  constructor(
    limits: ConcurrencyLimits,
    private readonly work: string,
  ) {
    // Limits come from the configuration: a limit that admits nothing, or a fraction, is a mistake to report at start.
    if (!Number.isInteger(limits.maxRunning) || limits.maxRunning < 1) {
      throw new RangeError(`maxRunning must be an integer of at least 1, not ${limits.maxRunning}`);
    }
    if (!Number.isInteger(limits.maxWaiting) || limits.maxWaiting < 0) {
      throw new RangeError(`maxWaiting must be an integer of at least 0, not ${limits.maxWaiting}`);
    }
    this.limits = { maxRunning: limits.maxRunning, maxWaiting: limits.maxWaiting };
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `task` as soon as a slot is free and gives the slot back however the task ends. Whether the task is refused
   * is decided when `run` is called, before the task starts, so a refused task has done nothing.
   * @throws CapacityExceededError (as a rejection) when `maxRunning` tasks run and `maxWaiting` wait.
   */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.limits.maxRunning) {
      this.#running++;
    } else if (this.#waiting.length < this.limits.maxWaiting) {
      // The finishing task hands its slot straight over (#release): #running already counts this one.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      throw new CapacityExceededError(this.work);
    }
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
