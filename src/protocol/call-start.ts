// The first steps every endpoint (KMS, CloudTrail, STS) takes for a request: a request id, the time, the audit record
// it will complete, and authentication, whose caller and Region go into that record.

import { randomUUID } from 'node:crypto';
import type { CallOutcome } from '../audit/call-outcome.js';
import type { Authenticated, Authenticator } from '../auth/authenticator.js';
import type { Clock } from '../domain/clock.js';
import type { ApiRequest, CallSummary } from './http-request.js';

export interface CallStart {
  requestId: string;
  now: Date;
  outcome: CallOutcome;
}

export function startCall(request: ApiRequest, clock: Clock, eventSource: string, eventName: string): CallStart {
  const requestId = randomUUID();
  const now = clock.now();
  const userAgent = request.headers['user-agent'];
  const outcome: CallOutcome = {
    eventSource,
    eventName,
    requestId,
    eventTime: now,
    // Until the signature names the Region; a request that never authenticates is recorded here.
    region: 'us-east-1',
    sourceIpAddress: request.sourceIp,
    userAgent: (Array.isArray(userAgent) ? userAgent[0] : userAgent) ?? '',
    notes: { resources: [] },
  };
  return { requestId, now, outcome };
}

/** Authenticates the request (throwing AWS's errors) and records who called from which Region. */
export async function authenticateCall(authenticator: Authenticator, request: ApiRequest, call: CallStart): Promise<Authenticated> {
  const authenticated = await authenticator.authenticate(request, call.now);
  call.outcome.caller = authenticated.caller;
  call.outcome.region = authenticated.claims.region;
  return authenticated;
}

/** The parts of a call's outcome the request log may show (http-request.ts): identifiers and the error code only. */
export function summarizeCall(outcome: CallOutcome, isOperation: (name: string) => boolean): CallSummary {
  const keyId = outcome.notes.resources[0]?.arn ?? (typeof outcome.input?.KeyId === 'string' ? outcome.input.KeyId : undefined);
  return {
    requestId: outcome.requestId,
    service: outcome.eventSource.replace(/\.amazonaws\.com$/, ''),
    operation: outcome.eventName,
    operationKnown: isOperation(outcome.eventName),
    ...(outcome.caller ? { principalArn: outcome.caller.arn } : {}),
    ...(keyId !== undefined ? { keyId } : {}),
    ...(outcome.error ? { errorCode: outcome.error.code } : {}),
  };
}
