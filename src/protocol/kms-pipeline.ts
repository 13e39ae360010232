// The one path every KMS request takes: protocol (target, JSON, model validation) → auth (SigV4 → Caller) →
// operation (which authorizes through the Authorizer) → audit → response. See docs/request-flow.md.

import { operations, type OperationName } from '../api/model.generated.js';
import {
  InternalFailure,
  InvalidSignatureException,
  UnknownOperationException,
} from '../api/errors.js';
import { KmsError } from '../api/kms-error.js';
import type { AuditNotes } from '../audit/audit-notes.js';
import type { AuditSink } from '../audit/audit-sink.js';
import type { CallOutcome } from '../audit/call-outcome.js';
import type { KeyUsageRecorder } from '../audit/key-usage-tracker.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { ImportTokenService } from '../crypto/import-token-service.js';
import type { KeyPairGenerator } from '../crypto/key-pair-generator.js';
import type { KeyStores } from '../keystore/key-stores.js';
import type { Caller } from '../domain/caller.js';
import type { Clock } from '../domain/clock.js';
import { callOperation, type Authorizer, type OperationContext, type OperationHandlers } from '../operations/context.js';
import type { Store } from '../storage/repository.js';
import { errorToWire } from './error-response.js';
import type { ApiRequest, ApiResponse } from './http-request.js';
import { serializeOutput } from './serialize-output.js';
import { decodeInput } from './validate-input.js';
import { jsonResponseHeaders, parseJsonBody } from './aws-json.js';
import { authenticateCall, startCall, summarizeCall } from './call-start.js';
import { assertTargetSigned } from './request-target.js';
import { describeKmsError, kmsInternalException, recordCall, recordFailedCall, type LogError } from './record-call.js';

export interface KmsPipelineDeps {
  store: Store;
  keyStores: KeyStores;
  keyPairs: KeyPairGenerator;
  importTokens: ImportTokenService;
  authenticator: Authenticator;
  authorizer: Authorizer;
  audit: AuditSink;
  clock: Clock;
  handlers: OperationHandlers;
  /** Notes each successful cryptographic call for GetKeyLastUsage, after its record is written (audit/key-usage-tracker.ts). */
  keyUsage?: KeyUsageRecorder;
  /** Logs failures that are openkms's own bugs, with the request id; never given request input. */
  logError: LogError;
}

const TARGET_PREFIX = 'TrentService.';

const isKmsOperation = (name: string): boolean => Object.hasOwn(operations, name);

export class KmsPipeline {
  constructor(private readonly deps: KmsPipelineDeps) {}

  async handle(request: ApiRequest, target: string): Promise<ApiResponse> {
    const operation = target.slice(TARGET_PREFIX.length) as OperationName;
    const call = startCall(request, this.deps.clock, 'kms.amazonaws.com', operation);
    const { requestId, now, outcome } = call;
    let committed = false;
    try {
      const { caller, claims } = await authenticateCall(this.deps.authenticator, request, call);
      if (claims.service !== 'kms') {
        throw new InvalidSignatureException(`Credential should be scoped to correct service: 'kms'. `);
      }
      assertTargetSigned(request, claims);
      if (!Object.hasOwn(operations, operation)) throw new UnknownOperationException();
      const input = decodeInput(operation, parseJsonBody(request));
      outcome.input = input;
      const ctx = this.context(operation, caller, claims.region, requestId, now, outcome.notes, () => {
        committed = true;
        return outcome;
      });
      const output = await callOperation(this.deps.handlers, operation, ctx, input);
      if (!committed) await recordCall(this.deps.audit, outcome, this.deps.logError);
      this.deps.keyUsage?.note(outcome);
      return { status: 200, headers: jsonResponseHeaders(requestId, now), body: serializeOutput(output), call: summarizeCall(outcome, isKmsOperation) };
    } catch (thrown) {
      // A failed call changed nothing (its transaction rolled back), so its record is written on its own.
      const { audit, logError } = this.deps;
      const error = await recordFailedCall(audit, outcome, this.asKmsError(thrown, operation, requestId), describeKmsError, logError, kmsInternalException);
      const wire = errorToWire(error);
      return { status: wire.status, headers: jsonResponseHeaders(requestId, now), body: wire.body, call: summarizeCall(outcome, isKmsOperation) };
    }
  }

  private context(
    operation: OperationName,
    caller: Caller,
    region: string,
    requestId: string,
    now: Date,
    notes: AuditNotes,
    markCommitted: () => CallOutcome,
  ): OperationContext {
    const { store, keyStores, keyPairs, importTokens, authorizer, audit } = this.deps;
    return {
      operation,
      caller,
      accountId: caller.accountId,
      region,
      requestId,
      now,
      store,
      keyStores,
      keyPairs,
      importTokens,
      authorizer,
      audit: notes,
      commit: (work) =>
        store.write(async (tx) => {
          const result = await work(tx);
          await audit.appendInTransaction(tx, markCommitted());
          return result;
        }),
    };
  }

  private asKmsError(thrown: unknown, operation: string, requestId: string): KmsError {
    if (thrown instanceof KmsError) return thrown;
    this.deps.logError(`unexpected failure in ${operation}`, thrown, { requestId });
    return new InternalFailure('An internal error occurred. Retry the request.');
  }
}

