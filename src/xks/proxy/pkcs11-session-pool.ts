// A PKCS#11 token as the proxy uses it: the module loaded and initialized with CKF_OS_LOCKING_OK (without it,
// concurrent calls into SoftHSM2 corrupt its heap), the slot found by token label (slot ids change when a token is
// initialized), and a bounded pool of logged-in sessions, each running one operation at a time. A request that finds
// no free session waits briefly and is then refused as busy (ThrottlingException), never queued without end. After a
// device-class error the pool drops its sessions and, once none is in use, finalizes and re-initializes the module, so
// the proxy recovers from an HSM restart without one of its own.

import pkcs11js from 'pkcs11js';
import { KeyBackendError } from './key-backend.js';

export type Handle = Buffer;

export interface Pkcs11Settings {
  /** Path of the module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  modulePath: string;
  tokenLabel: string;
  pin: string;
  /** Logged-in sessions at most (default 4). */
  maxSessions?: number;
  /** How long a request waits for a free session before ThrottlingException (default 100 ms, well inside KMS's 250). */
  acquireTimeoutMs?: number;
}

/** Return values after which the session (or the whole module) cannot be trusted: drop it and start again. */
const DEVICE_ERRORS = new Set([
  0x30, // CKR_DEVICE_ERROR
  0x31, // CKR_DEVICE_MEMORY
  0x32, // CKR_DEVICE_REMOVED
  0xb0, // CKR_SESSION_CLOSED
  0xb3, // CKR_SESSION_HANDLE_INVALID
  0xe0, // CKR_TOKEN_NOT_PRESENT
  0x101, // CKR_USER_NOT_LOGGED_IN
  0x190, // CKR_CRYPTOKI_NOT_INITIALIZED
]);
const CKR_USER_ALREADY_LOGGED_IN = 0x100;

export function pkcs11Code(error: unknown): number | undefined {
  return error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
}

export function isDeviceError(error: unknown): boolean {
  const code = pkcs11Code(error);
  return code !== undefined && DEVICE_ERRORS.has(code);
}

export class Pkcs11SessionPool {
  #module: pkcs11js.PKCS11 | undefined;
  #slot: Handle | undefined;
  readonly #idle: Handle[] = [];
  #inUse = 0;
  #opening = 0;
  #recoverWhenIdle = false;
  readonly #waiting: { resolve: (session: Handle) => void; timer: NodeJS.Timeout }[] = [];
  readonly #max: number;
  readonly #acquireTimeoutMs: number;
  #generation = 0;
  #sessionsOpened = 0;

  constructor(private readonly settings: Pkcs11Settings) {
    this.#max = settings.maxSessions ?? 4;
    this.#acquireTimeoutMs = settings.acquireTimeoutMs ?? 100;
  }

  /** Loads and initializes the module and checks the token and PIN with one session, which joins the pool. */
  open(): void {
    this.#initialize();
    this.#idle.push(this.#openSession(false));
  }

  get module(): pkcs11js.PKCS11 {
    if (this.#module === undefined) throw new KeyBackendError('unavailable', 'the PKCS#11 module is not initialized');
    return this.#module;
  }

  /** Sessions opened since start (a pool that keeps its sessions opens few). */
  get sessionsOpened(): number {
    return this.#sessionsOpened;
  }

  /** Sessions of the pool now, idle or in use. */
  get sessionCount(): number {
    return this.#idle.length + this.#inUse;
  }

  /** Bumped at every re-initialization: object handles found before it are stale. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Runs `work` on a logged-in session of its own. A device-class error drops the session (and schedules the module's
   * recovery) and is reported as 'unavailable'; any other error keeps the session and is rethrown for the caller to
   * classify (a bad GCM tag is CKR_GENERAL_ERROR on SoftHSM2: the operation is over, the session is fine).
   */
  async withSession<T>(work: (module: pkcs11js.PKCS11, session: Handle) => Promise<T> | T): Promise<T> {
    const session = await this.#acquire();
    let healthy = true;
    try {
      return await work(this.module, session);
    } catch (error) {
      if (isDeviceError(error)) {
        healthy = false;
        this.#recoverWhenIdle = true;
        throw new KeyBackendError('unavailable', `the token failed (${(error as Error).message}); reconnecting`);
      }
      throw error;
    } finally {
      this.#release(session, healthy);
    }
  }

  /** A read-write session outside the pool, for creating keys (keys create, the health key). */
  withAdminSession<T>(work: (module: pkcs11js.PKCS11, session: Handle) => T): T {
    if (this.#module === undefined) this.#initialize();
    const session = this.#openSession(true);
    try {
      return work(this.module, session);
    } finally {
      this.#closeQuietly(session);
    }
  }

  close(): void {
    for (const waiter of this.#waiting.splice(0)) clearTimeout(waiter.timer);
    for (const session of this.#idle.splice(0)) this.#closeQuietly(session);
    this.#finalize();
  }

  #initialize(): void {
    const module = new pkcs11js.PKCS11();
    module.load(this.settings.modulePath);
    module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    try {
      const slot = module.C_GetSlotList(true).find((each) => module.C_GetTokenInfo(each).label.trim() === this.settings.tokenLabel);
      if (slot === undefined) throw new KeyBackendError('unavailable', `no PKCS#11 token labelled ${this.settings.tokenLabel}`);
      this.#slot = slot;
    } catch (error) {
      module.C_Finalize();
      module.close();
      throw error;
    }
    this.#module = module;
    this.#generation++;
  }

  #finalize(): void {
    const module = this.#module;
    this.#module = undefined;
    if (module === undefined) return;
    try {
      module.C_Finalize();
    } catch {
      // already gone with the device
    }
    try {
      module.close();
    } catch {
      // nothing more to release
    }
  }

  #openSession(readWrite: boolean): Handle {
    const module = this.module;
    const session = module.C_OpenSession(this.#slot!, pkcs11js.CKF_SERIAL_SESSION | (readWrite ? pkcs11js.CKF_RW_SESSION : 0));
    this.#sessionsOpened++;
    try {
      module.C_Login(session, pkcs11js.CKU_USER, this.settings.pin);
    } catch (error) {
      // The login state belongs to the application, not the session: the first session logged every later one in.
      if (pkcs11Code(error) !== CKR_USER_ALREADY_LOGGED_IN) {
        this.#closeQuietly(session);
        throw error;
      }
    }
    return session;
  }

  async #acquire(): Promise<Handle> {
    if (this.#recoverWhenIdle) this.#recoverIfIdle();
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      this.#inUse++;
      return idle;
    }
    if (this.#inUse + this.#opening < this.#max) {
      this.#opening++;
      try {
        if (this.#module === undefined) this.#initialize();
        const session = this.#openSession(false);
        this.#inUse++;
        return session;
      } catch (error) {
        if (error instanceof KeyBackendError) throw error;
        this.#recoverWhenIdle = true;
        throw new KeyBackendError('unavailable', `cannot open a PKCS#11 session: ${(error as Error).message}`);
      } finally {
        this.#opening--;
      }
    }
    return new Promise<Handle>((resolve, reject) => {
      const waiter = {
        resolve: (session: Handle) => {
          clearTimeout(waiter.timer);
          this.#inUse++;
          resolve(session);
        },
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          reject(new KeyBackendError('busy', `all ${this.#max} PKCS#11 sessions are busy`));
        }, this.#acquireTimeoutMs),
      };
      this.#waiting.push(waiter);
    });
  }

  #release(session: Handle, healthy: boolean): void {
    this.#inUse--;
    if (!healthy || this.#recoverWhenIdle) {
      this.#closeQuietly(session);
      this.#recoverIfIdle();
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.resolve(session);
    else this.#idle.push(session);
  }

  /** Once no session is in use: every idle session closed, the module finalized; the next request initializes it again. */
  #recoverIfIdle(): void {
    for (const session of this.#idle.splice(0)) this.#closeQuietly(session);
    if (this.#inUse > 0 || this.#opening > 0) return;
    this.#recoverWhenIdle = false;
    this.#finalize();
  }

  #closeQuietly(session: Handle): void {
    try {
      this.#module?.C_CloseSession(session);
    } catch {
      // a session of a failed device: nothing to close
    }
  }
}
