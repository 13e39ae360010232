// AWS STS on the KMS endpoint (query protocol: form-encoded `Action=...&Version=2011-06-15`, SigV4 service `sts`, XML
// answers): GetCallerIdentity and AssumeRole, so `aws sts get-caller-identity` and `aws sts assume-role` work.

import type { AuditSink } from '../audit/audit-sink.js';
import type { CallOutcome } from '../audit/call-outcome.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Caller } from '../domain/caller.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../storage/repository.js';
import { assumeRole } from '../sts/assume-role.js';
import { asStsError, StsError } from '../sts/sts-error.js';
import type { ApiRequest, ApiResponse } from './http-request.js';
import { authenticateCall, startCall, summarizeCall } from './call-start.js';
import { recordCall, recordFailedCall, UNRECORDED_MESSAGE } from './record-call.js';
import { stsErrorXml, stsResponseXml, type XmlTree } from './sts-xml.js';

export interface StsPipelineDeps {
  store: Store;
  authenticator: Authenticator;
  audit: AuditSink;
  clock: Clock;
  dev: boolean;
  logError: (message: string, error: unknown, context?: { requestId?: string }) => void;
}

const VERSION = '2011-06-15';
const EVENT_SOURCE = 'sts.amazonaws.com';

/** An STS request: a form-encoded POST to `/`, or a GET with the parameters in the query string. */
export function isStsRequest(request: ApiRequest): boolean {
  if (request.path !== '/') return false;
  if (request.method === 'POST') {
    const type = request.headers['content-type'];
    const value = (Array.isArray(type) ? type[0] : type)?.split(';')[0]?.trim().toLowerCase();
    return value === 'application/x-www-form-urlencoded';
  }
  return request.method === 'GET' && new URLSearchParams(request.query).has('Action');
}

/** The actions dispatch() answers; any other name is the caller's text. */
const isStsAction = (name: string): boolean => name === 'GetCallerIdentity' || name === 'AssumeRole';

export class StsPipeline {
  constructor(private readonly deps: StsPipelineDeps) {}

  async handle(request: ApiRequest): Promise<ApiResponse> {
    const params = request.method === 'POST' ? new URLSearchParams(request.body.toString('utf8')) : new URLSearchParams(request.query);
    const action = params.get('Action') ?? '';
    const call = startCall(request, this.deps.clock, EVENT_SOURCE, action);
    const { requestId, now, outcome } = call;
    try {
      const { caller, claims } = await authenticateCall(this.deps.authenticator, request, call);
      if (claims.service !== 'sts') {
        throw new StsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: 'sts'. `, 403);
      }
      const result = await this.dispatch(action, params, caller, now, outcome);
      await recordCall(this.deps.audit, outcome, this.deps.logError).catch(() => {
        throw unrecordedStsCall();
      });
      return { status: 200, headers: headers(requestId), body: stsResponseXml(action, result, requestId), call: summarizeCall(outcome, isStsAction) };
    } catch (thrown) {
      const failure = asStsError(thrown) ?? this.internal(thrown, requestId);
      const describe = (error: StsError) => ({ code: error.code, message: error.message });
      const error = await recordFailedCall(this.deps.audit, outcome, failure, describe, this.deps.logError, unrecordedStsCall);
      return { status: error.status, headers: headers(requestId), body: stsErrorXml(error.type, error.code, error.message, requestId), call: summarizeCall(outcome, isStsAction) };
    }
  }

  private async dispatch(action: string, params: URLSearchParams, caller: Caller, now: Date, outcome: CallOutcome): Promise<XmlTree> {
    const version = params.get('Version');
    if (version !== null && version !== VERSION) {
      throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version}`, 400);
    }
    switch (action) {
      // Any authenticated caller may ask who it is; no policy can deny it (STS GetCallerIdentity).
      case 'GetCallerIdentity':
        outcome.input = {};
        return { Arn: caller.arn, UserId: userIdOf(caller), Account: caller.accountId };
      case 'AssumeRole': {
        outcome.input = auditInput(params);
        const { credentials, assumedRoleUser } = await assumeRole(this.deps.store, this.deps.dev, caller, params, now);
        const expiration = credentials.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z');
        // The record shows the new access key id and expiry, never the secret or the session token.
        outcome.notes.responseElements = {
          credentials: { accessKeyId: credentials.accessKeyId, expiration },
          assumedRoleUser: { assumedRoleId: assumedRoleUser.assumedRoleId, arn: assumedRoleUser.arn },
        };
        return {
          AssumedRoleUser: { AssumedRoleId: assumedRoleUser.assumedRoleId, Arn: assumedRoleUser.arn },
          Credentials: {
            AccessKeyId: credentials.accessKeyId,
            SecretAccessKey: credentials.secretAccessKey,
            SessionToken: credentials.sessionToken,
            Expiration: expiration,
          },
        };
      }
      default:
        throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version ?? VERSION}`, 400);
    }
  }

  private internal(thrown: unknown, requestId: string): StsError {
    this.deps.logError('unexpected failure in STS', thrown, { requestId });
    return new StsError('InternalFailure', 'An internal error occurred. Retry the request.', 500, 'Receiver');
  }
}

/** AWS's UserId: the user's unique id, `<role id>:<session>` for a session, the account id for the root. */
function userIdOf(caller: Caller): string {
  if (caller.kind === 'root') return caller.accountId;
  return caller.principalId;
}

/** requestParameters of AssumeRole in camelCase, without anything that is not a plain parameter. */
function auditInput(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId']) {
    const value = params.get(name);
    if (value !== null) input[name.charAt(0).toLowerCase() + name.slice(1)] = name === 'DurationSeconds' ? Number(value) : value;
  }
  return input;
}

/** STS's name for a server fault, when a call's audit record cannot be written. */
function unrecordedStsCall(): StsError {
  return new StsError('InternalFailure', UNRECORDED_MESSAGE, 500, 'Receiver');
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

