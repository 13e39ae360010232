// What an IAM operation is given: the store, the caller (whose account it works in), the time, and the check of
// the caller's identity policies for an `iam:` action on a resource; and what it returns, in IAM's member names.

import type { Caller } from '../domain/caller.js';
import type { Store, StoreWriter } from '../storage/repository.js';
import type { IamInput } from './iam-input.js';

/**
 * A response: members in IAM's names, each text, a number or boolean, a date (ISO 8601 on the wire), a list (rendered
 * as `<member>`s) or a structure; undefined members are left out (protocol/iam-xml.ts).
 */
export type IamResult = { readonly [member: string]: unknown };

export interface IamCallContext {
  store: Store;
  caller: Caller;
  now: Date;
  /** --dev: policies may name principals openkms does not know (docs/adr/0007-dev-mode.md). */
  dev: boolean;
  /** Throws AccessDenied unless the caller's identity policies allow `action` (`iam:CreateUser`) on `resource`. */
  authorize(action: string, resource: string, context?: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Runs the operation's one change in a transaction that also holds the call's audit record, so no change is made
   * without its record. `responseElements` must be set before.
   */
  commit<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** What the audit record of a change shows of the response (never a secret). */
  responseElements?: Record<string, unknown>;
}

/** How a change and its audit record are committed: the pipeline's, or a plain write where nothing is audited. */
export type Transact = <T>(work: (tx: StoreWriter) => Promise<T>, responseElements: Record<string, unknown> | undefined) => Promise<T>;

export type IamOperation = (ctx: IamCallContext, input: IamInput) => Promise<IamResult>;
