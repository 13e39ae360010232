// CloudTrail's LookupEvents on the KMS endpoint (AWS JSON 1.1, target com.amazonaws.cloudtrail.v20131101.
// CloudTrail_20131101.LookupEvents, SigV4 service `cloudtrail`), so `aws cloudtrail lookup-events` works against openkms.
// A caller allowed cloudtrail:LookupEvents by its identity policies (or its account's root) sees its own account's
// records (kms-behaviour.md 9.4); the call is itself recorded, refusals too.

import type { LookupEventsRequest } from '../api/cloudtrail-model.generated.js';
import { InternalFailure, InvalidSignatureException, UnknownOperationException } from '../api/errors.js';
import { jsonResponseHeaders, parseJsonBody } from './aws-json.js';
import { authenticateCall, startCall, summarizeCall } from './call-start.js';
import { assertTargetSigned } from './request-target.js';
import { describeKmsError, kmsInternalException, recordCall, recordFailedCall } from './record-call.js';
import { KmsError } from '../api/kms-error.js';
import type { AuditSink } from '../audit/audit-sink.js';
import { lookupEvents } from '../audit/lookup-events.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Clock } from '../domain/clock.js';
import type { Authorizer } from '../operations/context.js';
import type { Store } from '../storage/repository.js';
import { errorToWire } from './error-response.js';
import type { ApiRequest, ApiResponse } from './http-request.js';
import { serializeOutput } from './serialize-output.js';
import { decodeLookupEventsInput } from './validate-input.js';

/**
 * The X-Amz-Target prefixes CloudTrail clients send: the model's full target prefix (the AWS CLI, older SDKs) and the
 * service shape's name alone (recent AWS SDKs for JavaScript send `CloudTrail_20131101.LookupEvents`).
 */
export const CLOUDTRAIL_TARGET_PREFIXES = ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'CloudTrail_20131101.'] as const;

/** The CloudTrail operation a target names, or undefined when the target is not CloudTrail's. */
export function cloudTrailOperationOf(target: string | undefined): string | undefined {
  const prefix = CLOUDTRAIL_TARGET_PREFIXES.find((candidate) => target?.startsWith(candidate));
  return prefix === undefined ? undefined : target!.slice(prefix.length);
}
const EVENT_SOURCE = 'cloudtrail.amazonaws.com';

export interface CloudTrailPipelineDeps {
  store: Pick<Store, 'queryAuditEvents'>;
  authenticator: Authenticator;
  /** cloudtrail:LookupEvents is an IAM permission: identity policies decide, the account root has it. */
  authorizer: Pick<Authorizer, 'authorizeIdentityAction'>;
  audit: AuditSink;
  clock: Clock;
  logError: (message: string, error: unknown, context?: { requestId?: string }) => void;
}

export class CloudTrailPipeline {
  constructor(private readonly deps: CloudTrailPipelineDeps) {}

  async handle(request: ApiRequest, target: string): Promise<ApiResponse> {
    const operation = cloudTrailOperationOf(target) ?? '';
    const call = startCall(request, this.deps.clock, EVENT_SOURCE, operation);
    const { requestId, now, outcome } = call;
    try {
      const { caller, claims } = await authenticateCall(this.deps.authenticator, request, call);
      if (claims.service !== 'cloudtrail') {
        throw new InvalidSignatureException(`Credential should be scoped to correct service: 'cloudtrail'. `);
      }
      assertTargetSigned(request, claims);
      if (operation !== 'LookupEvents') throw new UnknownOperationException();
      const input = decodeLookupEventsInput(parseJsonBody(request));
      outcome.input = input;
      await this.deps.authorizer.authorizeIdentityAction(caller, 'cloudtrail:LookupEvents');
      const output = await lookupEvents(this.deps.store, { accountId: caller.accountId, region: claims.region }, input as LookupEventsRequest);
      await recordCall(this.deps.audit, outcome, this.deps.logError);
      return { status: 200, headers: jsonResponseHeaders(requestId, now), body: serializeOutput(output), call: summarizeCall(outcome, (name) => name === 'LookupEvents') };
    } catch (thrown) {
      const { audit, logError } = this.deps;
      const failure = thrown instanceof KmsError ? thrown : this.internal(thrown, requestId);
      const error = await recordFailedCall(audit, outcome, failure, describeKmsError, logError, kmsInternalException);
      const wire = errorToWire(error);
      return { status: wire.status, headers: jsonResponseHeaders(requestId, now), body: wire.body, call: summarizeCall(outcome, (name) => name === 'LookupEvents') };
    }
  }

  private internal(thrown: unknown, requestId: string): KmsError {
    this.deps.logError('unexpected failure in CloudTrail LookupEvents', thrown, { requestId });
    return new InternalFailure('An internal error occurred. Retry the request.');
  }
}


