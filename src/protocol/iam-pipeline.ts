// AWS IAM on the KMS endpoint (query protocol: form-encoded `Action=...&Version=2010-05-08`, SigV4 service `iam` in any
// Region, us-east-1 being the one AWS's global IAM endpoint signs for; XML answers). The router sends here the query
// requests whose credential scope names `iam`; STS keeps the rest (protocol/sts-pipeline.ts).

import type { AuditSink } from '../audit/audit-sink.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Clock } from '../domain/clock.js';
import { asIamError, IamError } from '../iam/iam-error.js';
import type { Transact } from '../iam/iam-context.js';
import { IAM_OPERATIONS } from '../iam/iam-operations.js';
import { IamService } from '../iam/iam-service.js';
import type { Store } from '../storage/repository.js';
import type { ApiRequest, ApiResponse } from './http-request.js';
import { authenticateCall, startCall, summarizeCall } from './call-start.js';
import { iamErrorXml, iamResponseXml } from './iam-xml.js';
import { recordCall, recordFailedCall, UNRECORDED_MESSAGE } from './record-call.js';

export interface IamPipelineDeps {
  store: Store;
  authenticator: Authenticator;
  audit: AuditSink;
  clock: Clock;
  dev: boolean;
  logError: (message: string, error: unknown) => void;
}

const EVENT_SOURCE = 'iam.amazonaws.com';
const isIamAction = (name: string): boolean => IAM_OPERATIONS.has(name);

/** The service a query request's SigV4 credential is scoped to (header or presigned query), before it is verified. */
export function signedServiceOf(request: ApiRequest): string | undefined {
  const header = request.headers['authorization'];
  const authorization = Array.isArray(header) ? header[0] : header;
  const credential = authorization
    ? /Credential=([^,\s]+)/.exec(authorization)?.[1]
    : (new URLSearchParams(request.query).get('X-Amz-Credential') ?? undefined);
  return credential?.split('/')[3];
}

export class IamPipeline {
  readonly #service: IamService;

  constructor(private readonly deps: IamPipelineDeps) {
    this.#service = new IamService(deps.store, deps.dev);
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    const params = request.method === 'POST' ? new URLSearchParams(request.body.toString('utf8')) : new URLSearchParams(request.query);
    const action = params.get('Action') ?? '';
    const call = startCall(request, this.deps.clock, EVENT_SOURCE, action);
    const { requestId, now, outcome } = call;
    let committed = false;
    try {
      const { caller, claims } = await authenticateCall(this.deps.authenticator, request, call);
      if (claims.service !== 'iam') throw new IamError('SignatureDoesNotMatch', `Credential should be scoped to correct service: 'iam'. `, 403);
      outcome.input = requestParameters(params);
      const transact: Transact = (work, responseElements) =>
        this.deps.store.write(async (tx) => {
          const done = await work(tx);
          // A change's record is part of its transaction: if it cannot be written, the change is not made either.
          if (responseElements) outcome.notes.responseElements = responseElements;
          await this.deps.audit.appendInTransaction(tx, outcome);
          committed = true;
          return done;
        });
      const result = await this.#service.call({ action, params, caller, now, transact });
      if (!committed) {
        await recordCall(this.deps.audit, outcome, this.deps.logError).catch(() => {
          throw unrecordedIamCall();
        });
      }
      return { status: 200, headers: headers(requestId), body: iamResponseXml(action, result, requestId), call: summarizeCall(outcome, isIamAction) };
    } catch (thrown) {
      // A failed call changed nothing (its transaction rolled back), so its record is written on its own.
      delete outcome.notes.responseElements;
      const failure = asIamError(thrown) ?? this.internal(thrown);
      const describe = (error: IamError) => ({ code: error.code, message: error.message });
      const error = await recordFailedCall(this.deps.audit, outcome, failure, describe, this.deps.logError, unrecordedIamCall);
      return { status: error.status, headers: headers(requestId), body: iamErrorXml(error.type, error.code, error.message, requestId), call: summarizeCall(outcome, isIamAction) };
    }
  }

  private internal(thrown: unknown): IamError {
    this.deps.logError('unexpected failure in IAM', thrown);
    return unrecordedIamCall();
  }
}

/**
 * CloudTrail's requestParameters: members in camelCase, lists (`Tags.member.1.Key`) as arrays. IAM requests carry no
 * secret (CreateAccessKey's secret is in its response, which the record does not show).
 */
function requestParameters(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
  for (const [name, value] of params) {
    if (name === 'Action' || name === 'Version') continue;
    const parts = name.split('.');
    // Only names of the model's shape (`UserName`, `Tags.member.1.Key`) are recorded: nothing like `__proto__`.
    if (!parts.every((part) => /^(?:[A-Z][A-Za-z0-9]{0,63}|member|\d{1,4})$/.test(part))) continue;
    if (parts.length === 1) {
      input[camel(name)] = value;
      continue;
    }
    // `List.member.N` or `List.member.N.Field`
    const [list, member, index, field] = parts;
    const position = Number(index);
    if (member !== 'member' || !Number.isSafeInteger(position) || position < 1 || position > 1000 || parts.length > 4) continue;
    const items = (input[camel(list!)] ??= []) as unknown[];
    if (!Array.isArray(items)) continue;
    if (field === undefined) items[position - 1] = value;
    else items[position - 1] = { ...((items[position - 1] as Record<string, unknown> | undefined) ?? {}), [camel(field)]: value };
  }
  for (const value of Object.values(input)) if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] ??= null;
  return input;
}

function unrecordedIamCall(): IamError {
  return new IamError('ServiceFailure', UNRECORDED_MESSAGE, 500, 'Receiver');
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}
