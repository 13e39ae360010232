// What an operation is given: who calls, in which Region, the store, the key material, the authorizer, and `commit`,
// the one transaction in which a state-changing operation writes its changes together with its audit record.

import type { OperationName } from '../api/model.generated.js';
import type { Scope } from '../domain/identifiers.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { Store, StoreWriter } from '../storage/repository.js';
import type { KeyMaterialService } from '../keystore/key-material-service.js';

export type CallerKind = 'root' | 'user' | 'role-session';

export interface Caller {
  accountId: string;
  /** arn:aws:iam::<account>:user/<name>, arn:aws:sts::<account>:assumed-role/<role>/<session>, or the account root. */
  arn: string;
  kind: CallerKind;
  principalId: string;
  accessKeyId: string;
  userName?: string;
  /** For role sessions: the role's ARN. */
  roleArn?: string;
  sessionName?: string;
  sessionIssuedAt?: Date;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type ConditionValue = string | string[] | number | boolean | Date;

/** One authorization question: may the caller perform `action` on `resource` (a key, an alias ARN or `*`)? */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  key?: KmsKey;
  /** Request-specific condition keys (kms:EncryptionContext:..., kms:KeySpec for CreateKey, ...). */
  conditions?: Record<string, ConditionValue | undefined>;
  /** The EncryptionContext of the request, for grant constraints. */
  encryptionContext?: Record<string, string>;
  grantTokens?: string[];
}

export interface Authorizer {
  /** Throws AccessDeniedException with AWS's message when the request is not allowed. */
  authorize(ctx: OperationContext, request: AuthorizationRequest): Promise<void>;
}

/** Facts an operation learns that belong in its audit record (e.g. the key it resolved to). */
export interface AuditNotes {
  resources: KmsKey[];
  additionalEventData?: Record<string, unknown>;
  /** responseElements for operations whose record shows more than their response (e.g. keyId, docs 9.1). */
  responseElements?: Record<string, unknown> | null;
}

export interface OperationContext extends Scope {
  operation: OperationName;
  caller: Caller;
  requestId: string;
  /** The time of the request; operations never read the clock themselves. */
  now: Date;
  store: Store;
  keyMaterial: KeyMaterialService;
  authorizer: Authorizer;
  audit: AuditNotes;
  /** Runs the operation's writes in one durable transaction that also holds its audit record. Call at most once. */
  commit<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
}

export type OperationHandler = (ctx: OperationContext, input: any) => Promise<object | void>;
