// What every answer must be, whatever was sent: no 5xx, in time, and when it is an error, AWS-shaped — the AWS JSON 1.1
// headers, a body of exactly `__type` and its message member, and a `__type` the model lists for the operation or one
// every AWS JSON service may send (docs/kms-behaviour.md 8.3). STS answers in its query protocol's XML instead.

import { lookupEventsOperation } from '../../src/api/cloudtrail-model.generated.js';
import { extraErrorClasses } from '../../src/api/errors.js';
import { operations, shapes, type OperationName } from '../../src/api/model.generated.js';
import type { Answer } from './send-request.js';

/** Past this an answer counts as a hang. */
export const ANSWER_WITHIN_MS = 5_000;

/** Which API the router should hand the request to, and so which errors it may answer. */
export type Api = { api: 'kms'; operation: OperationName | undefined } | { api: 'cloudtrail' } | { api: 'sts' };

export interface Expectation {
  target: Api;
  /** The errors AWS would answer for this request whatever else it holds, and why (naming a known defect where there is one). */
  error?: { types: string[]; because: string };
  /** Statuses besides 200 and 400 this request may get (413 for a body past the listener's limit). */
  otherStatuses?: number[];
}

/**
 * The error types every AWS JSON service may answer: authentication, serialization, validation, throttling (which an
 * RSA_4096 key generation may answer under load).
 */
const COMMON_TYPES = new Set(Object.keys(extraErrorClasses).filter((name) => name !== 'InternalFailure'));

/** Operations that are routed but not built answer UnsupportedOperationException, which some do not list. */
const UNSUPPORTED = 'UnsupportedOperationException';

/**
 * AWS refuses an invalid grant token in every operation that takes GrantTokens (docs/kms-behaviour.md 6.3); the model
 * lists InvalidGrantTokenException for all of them but DescribeKey.
 */
const takesGrantTokens = (operation: OperationName) => 'GrantTokens' in (shapes[operations[operation].input]!.members ?? {});

export function allowedErrorTypes(target: Api): Set<string> {
  const allowed = new Set(COMMON_TYPES);
  if (target.api === 'kms') {
    if (target.operation) for (const name of operations[target.operation].errors) allowed.add(name);
    if (target.operation && takesGrantTokens(target.operation)) allowed.add('InvalidGrantTokenException');
    allowed.add(UNSUPPORTED);
  }
  if (target.api === 'cloudtrail') for (const name of lookupEventsOperation.errors) allowed.add(name);
  return allowed;
}

const header = (answer: Answer, name: string) => {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Everything wrong with `answer`; empty when it is what AWS could have answered. */
export function answerProblems(answer: Answer, expect: Expectation): string[] {
  const problems: string[] = [];
  if (answer.status === 0) return [`no answer within ${Math.round(answer.elapsedMs)} ms`];
  if (answer.elapsedMs > ANSWER_WITHIN_MS) problems.push(`answered after ${Math.round(answer.elapsedMs)} ms (limit ${ANSWER_WITHIN_MS} ms)`);
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}: a 5xx`);
  if (expect.target.api === 'sts') return [...problems, ...stsProblems(answer)];
  const allowedStatuses = [200, 400, ...(expect.otherStatuses ?? [])];
  if (!allowedStatuses.includes(answer.status)) problems.push(`HTTP ${answer.status}, expected one of ${allowedStatuses.join(', ')}`);
  if (header(answer, 'content-type') !== 'application/x-amz-json-1.1') problems.push(`content-type ${header(answer, 'content-type')}`);
  if (!header(answer, 'x-amzn-requestid')) problems.push('no x-amzn-RequestId header');
  if (answer.status === 200) {
    if (expect.error) problems.push(`succeeded, but AWS answers ${expect.error.types.join(' or ')}: ${expect.error.because}`);
    if (answer.body.length > 0 && !isJsonObject(answer.body)) problems.push('a success body that is not a JSON object');
    return problems;
  }
  return [...problems, ...errorBodyProblems(answer.body, expect)];
}

function isJsonObject(body: Buffer): boolean {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** `{"__type": name}` plus `message` (or `Message` for AccessDeniedException) as a string, nothing else. */
function errorBodyProblems(body: Buffer, expect: Expectation): string[] {
  if (!isJsonObject(body)) return [`an error body that is not a JSON object: ${body.subarray(0, 200).toString('utf8')}`];
  const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const problems: string[] = [];
  const type = parsed.__type;
  if (typeof type !== 'string') return ['no __type in the error body'];
  const messageField = type === 'AccessDeniedException' ? 'Message' : 'message';
  for (const name of Object.keys(parsed)) {
    if (name !== '__type' && name !== messageField) problems.push(`member ${JSON.stringify(name)} in a ${type} body`);
  }
  if (messageField in parsed && typeof parsed[messageField] !== 'string') problems.push(`${messageField} is not a string`);
  if (!allowedErrorTypes(expect.target).has(type)) problems.push(`__type ${type} is neither listed for the operation nor common`);
  if (expect.error && !expect.error.types.includes(type)) problems.push(`__type ${type}, but AWS answers ${expect.error.types.join(' or ')}: ${expect.error.because}`);
  return problems;
}

/** STS (query protocol): text/xml, and an error is an <ErrorResponse> with a Code and a RequestId. */
function stsProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (![200, 400, 403].includes(answer.status)) problems.push(`HTTP ${answer.status} from STS`);
  if (header(answer, 'content-type') !== 'text/xml') problems.push(`STS content-type ${header(answer, 'content-type')}`);
  const xml = answer.body.toString('utf8');
  if (answer.status !== 200 && !/^<ErrorResponse [^>]*>\s*<Error>\s*<Type>(Sender|Receiver)<\/Type>\s*<Code>\w+<\/Code>[\s\S]*<RequestId>[\w-]+<\/RequestId>\s*<\/ErrorResponse>\s*$/.test(xml)) {
    problems.push(`an STS error that is not an ErrorResponse: ${xml.slice(0, 200)}`);
  }
  return problems;
}

/** The answer as text for a failure report: status, time, the headers that matter and the body's start. */
export function describeAnswer(answer: Answer): string {
  const body = answer.body.toString('utf8');
  return `HTTP ${answer.status} in ${Math.round(answer.elapsedMs)} ms, content-type ${header(answer, 'content-type')}, body ${body.length > 400 ? `${body.slice(0, 400)}…` : body}`;
}
