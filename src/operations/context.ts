// What an operation is given: who calls, in which Region, the store, the key stores, the authorizer, and `commit`,
// the one transaction in which a state-changing operation writes its changes together with its audit record.

import type { OperationInput, OperationName, OperationOutput } from '../api/model.generated.js';
import type { AuditNotes } from '../audit/audit-notes.js';
import type { ImportTokenService } from '../crypto/import-token-service.js';
import type { KeyPairGenerator } from '../crypto/key-pair-generator.js';
import type { Caller } from '../domain/caller.js';
import type { Scope } from '../domain/identifiers.js';
import type { KmsGrant } from '../domain/grant.js';
import type { KmsKey } from '../domain/kms-key.js';
import type { Store, StoreWriter } from '../storage/repository.js';
import type { KeyStores } from '../keystore/key-stores.js';

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
  /** CreateGrant: the grant asked for. Whoever may create grants only through a grant may create only narrower ones (6.3). */
  newGrant?: Pick<KmsGrant, 'operations' | 'constraints'>;
  /** RetireGrant: the grant to retire; the grant itself says who may retire it (docs/kms-behaviour.md 6.3). */
  retiringGrant?: KmsGrant;
}

/** A key policy to validate before CreateKey or PutKeyPolicy stores it, and the key it is for. */
export interface KeyPolicyCheck {
  policy: string;
  key: Pick<KmsKey, 'arn' | 'accountId' | 'region' | 'keySpec' | 'keyUsage' | 'origin' | 'multiRegion' | 'multiRegionKeyType' | 'tags'>;
  /** BypassPolicyLockoutSafetyCheck: skip the lockout check (docs/kms-behaviour.md 2.6). */
  bypassLockoutSafetyCheck: boolean;
}

export interface Authorizer {
  /** Throws AccessDeniedException with AWS's message when the request is not allowed. */
  authorize(ctx: OperationContext, request: AuthorizationRequest): Promise<void>;
  /**
   * An action that no resource policy governs (cloudtrail:LookupEvents): the caller's identity policies alone decide,
   * and an account root may do it in its own account. Throws AccessDeniedException naming no resource.
   */
  authorizeIdentityAction(caller: Caller, action: string): Promise<void>;
  /**
   * Size, grammar and principals that exist, then (unless bypassed) the lockout safety check: could the caller still
   * call PutKeyPolicy under the new policy? Throws LimitExceededException or MalformedPolicyDocumentException (2.6).
   */
  checkKeyPolicy?(ctx: OperationContext, check: KeyPolicyCheck): Promise<void>;
  /** Whether the principal an ARN names (account root, user, role, session, federated user) exists: grants name only those. */
  principalExists?(arn: string): Promise<boolean>;
}

export interface OperationContext extends Scope {
  operation: OperationName;
  caller: Caller;
  requestId: string;
  /** The time of the request; operations never read the clock themselves. */
  now: Date;
  store: Store;
  /** The KeyStore of each key (keystore/key-store.ts): symmetric crypto, new key material, forgetting cached material. */
  keyStores: KeyStores;
  /** Admits every key pair the server generates: import wrapping keys, data key pairs (key material comes from keyStores). */
  keyPairs: KeyPairGenerator;
  /** Seals and opens the import tokens of GetParametersForImport and ImportKeyMaterial. */
  importTokens: ImportTokenService;
  authorizer: Authorizer;
  audit: AuditNotes;
  /** Runs the operation's writes in one durable transaction that also holds its audit record. Call at most once. */
  commit<T>(work: (tx: StoreWriter) => Promise<T>): Promise<T>;
}

/** The handler of one operation, typed by the model's input and output shapes of that operation. */
export type OperationHandler<Op extends OperationName = OperationName> = (
  ctx: OperationContext,
  input: OperationInput<Op>,
) => Promise<OperationOutput<Op>>;

/** Every operation's handler, each with its own operation's types. */
export type OperationHandlers = { readonly [Op in OperationName]: OperationHandler<Op> };

/**
 * Calls the handler of `operation` with an input the protocol layer decoded and validated against that operation's
 * model shape: the one place where a runtime operation name meets the type of its input.
 */
export function callOperation(
  handlers: OperationHandlers,
  operation: OperationName,
  ctx: OperationContext,
  input: Record<string, unknown>,
): Promise<object | void> {
  const handler = handlers[operation] as (ctx: OperationContext, input: Record<string, unknown>) => Promise<object | void>;
  return handler(ctx, input);
}
