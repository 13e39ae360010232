// Keeps the listener's open connections and the responses in flight on each, so that shutdown can drain them: answer
// what is in flight, let no connection be reused, and cut off whatever is left when the grace period ends.

import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The longest the listening socket stays open after a drain begins, taking connections already in the backlog. */
const BACKLOG_WINDOW_MS = 1_000;

export class ConnectionDrain {
  readonly #responses = new Map<Duplex, Set<ServerResponse>>();
  readonly #work = new Set<Promise<unknown>>();
  #draining = false;
  /** Connections taken from the kernel's backlog so far, refused ones included. */
  #accepted = 0;

  /** Open connections. */
  get size(): number {
    return this.#responses.size;
  }

  /** Once true, every response says Connection: close, so that a busy keep-alive connection ends after its answer. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Takes a new connection, unless `maxConnections` are open already: then it is destroyed before any of it is read. */
  accept(socket: Socket, maxConnections: number): boolean {
    this.#accepted++;
    if (this.#responses.size >= maxConnections) {
      socket.destroy();
      return false;
    }
    this.#responses.set(socket, new Set());
    socket.once('close', () => this.#responses.delete(socket));
    return true;
  }

  /** A response is in flight from its request's headers until it is written out or its connection closes. */
  track(socket: Duplex, res: ServerResponse): void {
    const responses = this.#responses.get(socket);
    if (responses === undefined) return;
    responses.add(res);
    res.once('close', () => responses.delete(res));
  }

  /** Handling that may outlive its connection (a request whose client left): shutdown waits for it, within the grace. */
  trackWork(work: Promise<unknown>): void {
    this.#work.add(work);
    void work.finally(() => this.#work.delete(work));
  }

  /**
   * Bytes written straight to `socket` cannot corrupt an answer of ours: none of its responses has started.
   * (A second request pipelined behind one in flight may go unanswered; no SDK pipelines.)
   */
  canWriteRaw(socket: Duplex): boolean {
    for (const res of this.#responses.get(socket) ?? []) if (res.headersSent) return false;
    return true;
  }

  hasResponseInFlight(socket: Duplex): boolean {
    return (this.#responses.get(socket)?.size ?? 0) > 0;
  }

  /** Whether a request of `socket` whose answer is in flight has been read whole (its body included). */
  hasCompleteRequestInFlight(socket: Duplex): boolean {
    for (const res of this.#responses.get(socket) ?? []) if (res.req.complete) return true;
    return false;
  }

  /** Resolves once every response in flight on `socket` is written out or abandoned (at once when there is none). */
  async afterResponses(socket: Duplex): Promise<void> {
    const responses = this.#responses.get(socket);
    while (responses !== undefined && responses.size > 0) {
      await Promise.all([...responses].map((res) => new Promise<void>((resolve) => (res.closed ? resolve() : res.once('close', () => resolve())))));
    }
  }

  /** Stops `server` accepting, closes idle connections, waits for the rest, and destroys what remains after `graceMs`. */
  async drain(server: Server, graceMs: number): Promise<void> {
    this.#draining = true;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace over'>((resolve) => (timer = setTimeout(() => resolve('grace over'), graceMs)));
    await this.#takeBacklog(Math.min(BACKLOG_WINDOW_MS, graceMs / 2));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const outcome = await Promise.race([Promise.all([closed, this.#allWorkDone()]), graceOver]);
    clearTimeout(timer);
    if (outcome === 'grace over') {
      for (const socket of this.#responses.keys()) socket.destroy();
      await closed;
    }
  }

  /**
   * Closing the listening socket resets every connection still in the kernel's backlog: requests that were sent before
   * the signal, with one connection per request. Node takes one connection from the backlog per turn of the event loop,
   * so the socket stays open until a turn takes none (or `windowMs` passes, under a flood of new connections). The turns
   * also read requests already sent on idle keep-alive connections, which makes those connections busy, not idle.
   */
  async #takeBacklog(windowMs: number): Promise<void> {
    const windowEnds = Date.now() + windowMs;
    await nextCheckPhase();
    let before: number;
    do {
      before = this.#accepted;
      await nextCheckPhase();
    } while (this.#accepted !== before && Date.now() < windowEnds);
  }

  async #allWorkDone(): Promise<void> {
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
  }
}

/** Resolves in the event loop's check phase; awaited from the check phase, that is after one more I/O poll. */
function nextCheckPhase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
